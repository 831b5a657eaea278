from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("quan-tri/lich-lam-viec/", views.day_list, name="day_list"),
    path("quan-tri/lich-lam-viec/them/", views.day_create, name="day_create"),
    path("quan-tri/lich-lam-viec/<int:pk>/sua/", views.day_edit, name="day_edit"),
    path("quan-tri/lich-lam-viec/<int:pk>/xoa/", views.day_delete, name="day_delete"),
]
