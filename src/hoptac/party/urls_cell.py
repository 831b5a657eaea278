"""The module's home, the cell with its terms and committee, and its rules."""

from django.urls import path

from . import views

urlpatterns = [
    path("dang/", views.home, name="home"),
    path("dang/chi-bo/", views.cell_detail, name="cell_detail"),
    path("dang/chi-bo/nhiem-ky/them/", views.term_create, name="term_create"),
    path("dang/chi-bo/nhiem-ky/<int:term_pk>/chi-uy/them/", views.position_assign, name="position_assign"),
    path("dang/chi-bo/chuc-vu/<int:pk>/ket-thuc/", views.position_end, name="position_end"),
    path("dang/chi-bo/quy-dinh/", views.rules_edit, name="rules_edit"),
]
