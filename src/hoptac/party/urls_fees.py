"""Party fees (owned by the fees part)."""

from django.urls import path

from . import views_fees

urlpatterns = [
    path("dang/dang-phi/", views_fees.fee_list, name="fee_list"),
]
