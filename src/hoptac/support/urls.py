from django.urls import path

from . import sla_views, stats_views, views

app_name = "support"

urlpatterns = [
    path("yeu-cau/", views.request_list, name="request_list"),
    path("yeu-cau/thoi-han/", sla_views.sla_settings, name="sla_settings"),
    path("yeu-cau/so-lieu/", stats_views.statistics, name="statistics"),
    path("yeu-cau/xuat.csv", views.request_export, {"fmt": "csv"}, name="request_export_csv"),
    path("yeu-cau/xuat.xlsx", views.request_export, {"fmt": "xlsx"}, name="request_export_xlsx"),
    path("yeu-cau/them/", views.request_create, name="request_create"),
    path("yeu-cau/them/tim-hop-tac-xa/", views.cooperative_search, name="cooperative_search"),
    path("yeu-cau/<int:pk>/", views.request_detail, name="request_detail"),
    path("yeu-cau/<int:pk>/sua/", views.request_edit, name="request_edit"),
    path("yeu-cau/<int:pk>/nhat-ky/", views.work_log_add, name="work_log_add"),
    path("yeu-cau/<int:pk>/trao-doi/", views.comment_add, name="comment_add"),
    path("yeu-cau/<int:pk>/tep/", views.attachment_upload, name="attachment_upload"),
    path("yeu-cau/<int:pk>/tep/<int:file_pk>/", views.attachment_download, name="attachment_download"),
    # The transitions (gui, xac-nhan, tra-lai, tiep-nhan, bao-cao-ket-qua, danh-gia …): POST only.
    path("yeu-cau/<int:pk>/<slug:action>/", views.request_transition, name="request_transition"),
]
