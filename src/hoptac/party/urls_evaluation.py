"""Yearly evaluation and term targets (owned by the evaluation part)."""

from django.urls import path

from . import views_evaluation

urlpatterns = [
    path("dang/danh-gia-xep-loai/", views_evaluation.evaluation_list, name="evaluation_list"),
    path("dang/chi-tieu-nhiem-ky/", views_evaluation.target_list, name="target_list"),
]
