"""Resolutions and directives, study, commendations; supervision; residence feedback (owned by the study part)."""

from django.urls import path

from . import views_study

urlpatterns = [
    path("dang/hoc-tap-nghi-quyet/", views_study.directive_list, name="directive_list"),
    path("dang/kiem-tra-giam-sat/", views_study.supervision_list, name="supervision_list"),
    path("dang/nhan-xet-noi-cu-tru/", views_study.residence_list, name="residence_list"),
]
