from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("hop-tac-xa/", views.cooperative_list, name="cooperative_list"),
    path("hop-tac-xa/them/", views.cooperative_create, name="cooperative_create"),
    path("hop-tac-xa/xuat.csv", views.cooperative_export, {"fmt": "csv"}, name="cooperative_export_csv"),
    path("hop-tac-xa/xuat.xlsx", views.cooperative_export, {"fmt": "xlsx"}, name="cooperative_export_xlsx"),
    path("hop-tac-xa/<int:pk>/", views.cooperative_detail, name="cooperative_detail"),
    path("hop-tac-xa/<int:pk>/sua/", views.cooperative_edit, name="cooperative_edit"),
]
