"""Party fees (Quyết định 342-QĐ/TW): the cell's ledger for the committee, a member's own fees."""

from django.urls import path

from . import views_fees

urlpatterns = [
    path("dang/dang-phi/", views_fees.fee_list, name="fee_list"),
    path("dang/dang-phi/cua-toi/", views_fees.fee_mine, name="fee_mine"),
    path("dang/dang-phi/mo-so/", views_fees.fee_month_open, name="fee_month_open"),
    path("dang/dang-phi/thang/<int:pk>/", views_fees.fee_month_detail, name="fee_month_detail"),
    path(
        "dang/dang-phi/thang/<int:pk>/bo-sung/",
        views_fees.fee_month_add_missing,
        name="fee_month_add_missing",
    ),
    path("dang/dang-phi/thang/<int:pk>/nop-cap-tren/", views_fees.fee_month_remit, name="fee_month_remit"),
    path("dang/dang-phi/thang/<int:pk>/khoa-so/", views_fees.fee_month_close, name="fee_month_close"),
    path("dang/dang-phi/thang/<int:pk>/mo-lai/", views_fees.fee_month_reopen, name="fee_month_reopen"),
    path("dang/dang-phi/thang/<int:pk>/so-thu-nop.xlsx", views_fees.fee_ledger, name="fee_ledger"),
    path("dang/dang-phi/khoan-phai-nop/<int:pk>/", views_fees.fee_charge_detail, name="fee_charge_detail"),
    path(
        "dang/dang-phi/khoan-phai-nop/<int:pk>/nop/", views_fees.fee_payment_create, name="fee_payment_create"
    ),
    path("dang/dang-phi/khoan-nop/<int:pk>/xoa/", views_fees.fee_payment_delete, name="fee_payment_delete"),
]
