"""URLs of the congress and its preparation (under /dang/dai-hoi/)."""

from django.urls import path

from . import views_congress as views

urlpatterns = [
    path("dang/dai-hoi/", views.congress_list, name="congress_list"),
    path("dang/dai-hoi/moi/", views.congress_create, name="congress_create"),
    path("dang/dai-hoi/<int:pk>/", views.congress_detail, name="congress_detail"),
    path("dang/dai-hoi/<int:pk>/sua/", views.congress_edit, name="congress_edit"),
    path("dang/dai-hoi/<int:pk>/tai-lieu/", views.document_upload, name="congress_document_upload"),
    path("dang/dai-hoi/<int:pk>/tai-lieu/<int:doc>/", views.document_file, name="congress_document_file"),
    path("dang/dai-hoi/<int:pk>/diem-danh/", views.roll_call, name="congress_roll_call"),
    path("dang/dai-hoi/<int:pk>/trieu-tap/cap-nhat/", views.summons_refresh, name="congress_summons_refresh"),
    path("dang/dai-hoi/<int:pk>/khai-mac/", views.congress_open, name="congress_open"),
    path("dang/dai-hoi/<int:pk>/be-mac/", views.congress_close, name="congress_close"),
    path("dang/dai-hoi/<int:pk>/co-quan-giup-viec/", views.bodies, name="congress_bodies"),
    path(
        "dang/dai-hoi/<int:pk>/co-quan-giup-viec/<str:body>/",
        views.body_approve,
        name="congress_body_approve",
    ),
    path("dang/dai-hoi/<int:pk>/nhiem-vu/<int:duty>/bo/", views.duty_remove, name="congress_duty_remove"),
    path("dang/dai-hoi/<int:pk>/nghi-quyet/", views.resolution, name="congress_resolution"),
    path("dang/dai-hoi/<int:pk>/nghi-quyet/chi-tieu/", views.target_add, name="congress_target_add"),
    path(
        "dang/dai-hoi/<int:pk>/nghi-quyet/chi-tieu/<int:target>/xoa/",
        views.target_delete,
        name="congress_target_delete",
    ),
]
