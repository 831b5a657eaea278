"""The catalogue and regulation screens, under danh-muc-thu-nghiem/ (concatenated into the ``lab`` namespace)."""

from django.urls import path

from . import views_catalogue as views

P = "danh-muc-thu-nghiem/"

urlpatterns = [
    path(f"{P}nen-mau/", views.matrix_list, name="matrix_list"),
    path(f"{P}nen-mau/them/", views.matrix_create, name="matrix_create"),
    path(f"{P}nen-mau/<int:pk>/sua/", views.matrix_edit, name="matrix_edit"),
    path(f"{P}chi-tieu/", views.parameter_list, name="parameter_list"),
    path(f"{P}chi-tieu/them/", views.parameter_create, name="parameter_create"),
    path(f"{P}chi-tieu/<int:pk>/sua/", views.parameter_edit, name="parameter_edit"),
    path(f"{P}goi-chi-tieu/", views.package_list, name="package_list"),
    path(f"{P}goi-chi-tieu/them/", views.package_create, name="package_create"),
    path(f"{P}goi-chi-tieu/<int:pk>/sua/", views.package_edit, name="package_edit"),
    path(f"{P}quy-chuan/", views.regulation_list, name="regulation_list"),
    path(f"{P}quy-chuan/them/", views.regulation_create, name="regulation_create"),
    path(f"{P}quy-chuan/<int:pk>/", views.regulation_detail, name="regulation_detail"),
    path(f"{P}quy-chuan/<int:pk>/sua/", views.regulation_edit, name="regulation_edit"),
    path(f"{P}quy-chuan/<int:pk>/them-bo-gioi-han/", views.limit_set_create, name="limit_set_create"),
    path(f"{P}bo-gioi-han/<int:pk>/sua/", views.limit_set_edit, name="limit_set_edit"),
    path(f"{P}bo-gioi-han/<int:pk>/hang/", views.limit_classes, name="limit_classes"),
    path(f"{P}bo-gioi-han/<int:pk>/them-gioi-han/", views.limit_create, name="limit_create"),
    path(f"{P}gioi-han/<int:pk>/sua/", views.limit_edit, name="limit_edit"),
    path(f"{P}gioi-han/<int:pk>/xoa/", views.limit_delete, name="limit_delete"),
]
