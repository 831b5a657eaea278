"""Members, their own record, party badges, admission of new members (owned by the members part)."""

from django.urls import path

from . import views_members as views

urlpatterns = [
    path("dang/dang-vien/", views.member_list, name="member_list"),
    path("dang/dang-vien/them/", views.member_create, name="member_create"),
    path("dang/dang-vien/<int:pk>/", views.member_detail, name="member_detail"),
    path("dang/dang-vien/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("dang/dang-vien/<int:pk>/tinh-trang/", views.member_status, name="member_status"),
    path("dang/dang-vien/<int:pk>/chinh-thuc/", views.member_full, name="member_full"),
    path("dang/dang-vien/<int:pk>/tai-khoan/", views.member_account, name="member_account"),
    path("dang/dang-vien/<int:pk>/theo-doi-du-bi/", views.member_follow, name="member_follow"),
    path("dang/dang-vien/<int:pk>/huy-hieu/", views.badge_award, name="badge_award"),
    path("dang/tinh-trang/<int:pk>/tep/", views.status_file, name="status_file"),
    path("dang/ho-so-cua-toi/", views.my_record, name="my_record"),
    path("dang/huy-hieu-dang/", views.badge_list, name="badge_list"),
    path("dang/phat-trien-dang-vien/", views.admission_list, name="admission_list"),
    path("dang/phat-trien-dang-vien/them/", views.admission_create, name="admission_create"),
    path("dang/phat-trien-dang-vien/<int:pk>/", views.admission_detail, name="admission_detail"),
    path("dang/phat-trien-dang-vien/<int:pk>/buoc/", views.admission_step, name="admission_step"),
    path(
        "dang/phat-trien-dang-vien/buoc/<int:pk>/tep/", views.admission_step_file, name="admission_step_file"
    ),
]
