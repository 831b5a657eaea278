"""The sample screens: work lists, the order form, the sample page and its POST-only actions, batch entry."""

from django.urls import path

from . import views

urlpatterns = [
    path("mau/", views.sample_list, name="sample_list"),
    path("mau/them/", views.sample_create, name="sample_create"),
    path("mau/them/tim-hop-tac-xa/", views.cooperative_search, name="cooperative_search"),
    path("mau/nhap-theo-chi-tieu/", views.batch_entry, name="batch_entry"),
    path("mau/soat-xet-theo-chi-tieu/", views.batch_verify, name="batch_verify"),
    path("mau/<int:pk>/", views.sample_detail, name="sample_detail"),
    path("mau/<int:pk>/nhan-mau/", views.sample_receive, name="sample_receive"),
    path("mau/<int:pk>/ap-dung-quy-chuan/", views.sample_apply_regulation, name="sample_apply_regulation"),
    path("mau/<int:pk>/huy/", views.sample_cancel, name="sample_cancel"),
    path("mau/<int:pk>/thanh-toan/", views.sample_payment, name="sample_payment"),
    path("mau/<int:pk>/sua-thong-tin/", views.sample_correct, name="sample_correct"),
    path("mau/<int:pk>/chi-tieu/<int:sp_pk>/nhap-ket-qua/", views.result_enter, name="result_enter"),
    path("mau/<int:pk>/chi-tieu/<int:sp_pk>/soat-xet/", views.result_verify, name="result_verify"),
    path("mau/<int:pk>/chi-tieu/<int:sp_pk>/tra-lai/", views.result_return, name="result_return"),
]
