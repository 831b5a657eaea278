from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", views.two_factor_verify, name="two_factor_verify"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("quen-mat-khau/", views.password_reset_request, name="password_reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/xac-thuc-hai-lop/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "tai-khoan/xac-thuc-hai-lop/ma-khoi-phuc/",
        views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("tai-khoan/xac-thuc-hai-lop/tat/", views.two_factor_disable, name="two_factor_disable"),
    path("ngon-ngu/", views.set_language, name="set_language"),
    path("quan-tri/nguoi-dung/", views.user_list, name="user_list"),
    path("quan-tri/nguoi-dung/them/", views.user_create, name="user_create"),
    path("quan-tri/nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("quan-tri/nguoi-dung/<int:pk>/sua/", views.user_edit, name="user_edit"),
    path("quan-tri/nguoi-dung/<int:pk>/trang-thai/", views.user_set_active, name="user_set_active"),
    path("quan-tri/nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.user_send_reset, name="user_send_reset"),
    path(
        "quan-tri/nguoi-dung/<int:pk>/mo-khoa-dang-nhap/", views.user_unlock_login, name="user_unlock_login"
    ),
    path(
        "quan-tri/nguoi-dung/<int:pk>/xac-thuc-hai-lop/dat-lai/",
        views.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
    path("quan-tri/nguoi-dung/<int:pk>/vai-tro/", views.role_assign, name="role_assign"),
    path(
        "quan-tri/nguoi-dung/<int:pk>/vai-tro/<int:assignment_pk>/thu-hoi/",
        views.role_revoke,
        name="role_revoke",
    ),
    path("quan-tri/nhat-ky-dang-nhap/", views.login_journal, name="login_journal"),
]
