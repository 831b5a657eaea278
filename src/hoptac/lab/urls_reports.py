"""Test reports: issue, amend and abandon an amendment (POST), the stored PDF, the sample label, and the public verification pages."""

from django.urls import path

from . import views_reports

urlpatterns = [
    path("mau/<int:pk>/ban-hanh-phieu/", views_reports.report_issue, name="report_issue"),
    path("mau/<int:pk>/sua-doi-phieu/", views_reports.amendment_start, name="amendment_start"),
    path("mau/<int:pk>/huy-sua-doi/", views_reports.amendment_abandon, name="amendment_abandon"),
    path("mau/<int:pk>/nhan.pdf", views_reports.sample_label, name="sample_label"),
    path("phieu-ket-qua/<int:pk>.pdf", views_reports.report_pdf, name="report_pdf"),
    # Public (no log-in): anyone holding a report checks it here.
    path("xac-thuc/", views_reports.report_verify_form, name="report_verify_form"),
    path("xac-thuc/<str:code>/", views_reports.report_verify, name="report_verify"),
]
