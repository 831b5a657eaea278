"""The module's home, the cell with its terms and committee, its rules, and the change history of party records."""

from django.urls import path

from . import views

urlpatterns = [
    path("dang/", views.home, name="home"),
    path("dang/chi-bo/", views.cell_detail, name="cell_detail"),
]
