from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("dia-gioi/", views.province_list, name="province_list"),
    path("dia-gioi/<str:code>/", views.province_detail, name="province_detail"),
]
