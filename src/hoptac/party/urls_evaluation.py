"""Yearly evaluation and term targets (owned by the evaluation part)."""

from django.urls import path

from . import views_evaluation as v

P = "dang/danh-gia-xep-loai/"
T = "dang/chi-tieu-nhiem-ky/"

urlpatterns = [
    path(P, v.evaluation_list, name="evaluation_list"),
    path(f"{P}mo-dot/", v.round_open, name="round_open"),
    path(f"{P}dot/<int:pk>/", v.round_detail, name="round_detail"),
    path(f"{P}dot/<int:pk>/cap-nhat-du-lieu/", v.round_refresh, name="round_refresh"),
    path(f"{P}dot/<int:pk>/thong-bao/", v.round_notify, name="round_notify"),
    path(f"{P}dot/<int:pk>/xep-loai-chi-bo/", v.round_cell_level, name="round_cell_level"),
    path(f"{P}phieu/<int:pk>/", v.evaluation_detail, name="evaluation_detail"),
    path(f"{P}phieu/<int:pk>/tu-kiem-diem/", v.evaluation_self_review, name="evaluation_self_review"),
    path(f"{P}phieu/<int:pk>/nhan-xet/", v.evaluation_comment, name="evaluation_comment"),
    path(f"{P}phieu/<int:pk>/tra-lai/", v.evaluation_return, name="evaluation_return"),
    path(f"{P}phieu/<int:pk>/de-xuat/", v.evaluation_propose, name="evaluation_propose"),
    path(f"{P}phieu/<int:pk>/quyet-dinh/", v.evaluation_decide, name="evaluation_decide"),
    path(f"{P}phieu/<int:pk>/thong-bao/", v.evaluation_notify, name="evaluation_notify"),
    path(T, v.target_list, name="target_list"),
    path(f"{T}nhiem-ky/<int:term_pk>/them/", v.target_create, name="target_create"),
    path(f"{T}<int:pk>/sua/", v.target_edit, name="target_edit"),
    path(f"{T}<int:pk>/xoa/", v.target_delete, name="target_delete"),
]
