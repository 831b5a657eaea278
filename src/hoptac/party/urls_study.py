"""Resolutions and directives, study, commendations; supervision; residence feedback (owned by the study part)."""

from django.urls import path

from . import views_study as v

STUDY = "dang/hoc-tap-nghi-quyet/"
SUPERVISION = "dang/kiem-tra-giam-sat/"
RESIDENCE = "dang/nhan-xet-noi-cu-tru/"

urlpatterns = [
    path(STUDY, v.directive_list, name="directive_list"),
    path(f"{STUDY}them/", v.directive_create, name="directive_create"),
    path(f"{STUDY}<int:pk>/", v.directive_detail, name="directive_detail"),
    path(f"{STUDY}<int:pk>/sua/", v.directive_edit, name="directive_edit"),
    path(f"{STUDY}<int:pk>/tep/", v.directive_file, name="directive_file"),
    path(f"{STUDY}<int:pk>/ket-qua/", v.record_grid, name="study_record_grid"),
    path(f"{STUDY}<int:pk>/tu-khai/", v.self_report, name="study_self_report"),
    path(f"{STUDY}<int:pk>/buoi-hoc/them/", v.session_create, name="study_session_create"),
    path(f"{STUDY}buoi-hoc/<int:pk>/sua/", v.session_edit, name="study_session_edit"),
    path(f"{STUDY}buoi-hoc/<int:pk>/diem-danh/", v.session_attendance, name="study_session_attendance"),
    path("dang/khen-thuong-nhac-nho/", v.recognition_list, name="recognition_list"),
    path("dang/khen-thuong-nhac-nho/them/", v.recognition_create, name="recognition_create"),
    path("dang/khen-thuong-nhac-nho/<int:pk>/sua/", v.recognition_edit, name="recognition_edit"),
    path(SUPERVISION, v.supervision_list, name="supervision_list"),
    path(f"{SUPERVISION}ke-hoach/them/", v.plan_create, name="supervision_plan_create"),
    path(f"{SUPERVISION}ke-hoach/<int:pk>/sua/", v.plan_edit, name="supervision_plan_edit"),
    path(f"{SUPERVISION}ke-hoach/<int:pk>/them-cuoc/", v.item_create, name="supervision_item_create"),
    path(f"{SUPERVISION}cuoc/<int:pk>/", v.supervision_item, name="supervision_item"),
    path(f"{SUPERVISION}cuoc/<int:pk>/sua/", v.item_edit, name="supervision_item_edit"),
    path(f"{SUPERVISION}cuoc/<int:pk>/ket-luan/", v.item_conclude, name="supervision_item_conclude"),
    path(f"{SUPERVISION}cuoc/<int:pk>/giao-viec/", v.task_create, name="supervision_task_create"),
    path(f"{SUPERVISION}viec/<int:pk>/xong/", v.task_done, name="supervision_task_done"),
    path(RESIDENCE, v.residence_list, name="residence_list"),
    path(f"{RESIDENCE}<int:year>/dang-vien/<int:member_pk>/", v.residence_edit, name="residence_edit"),
    path(f"{RESIDENCE}mien/<int:member_pk>/", v.residence_exempt, name="residence_exempt"),
    path(f"{RESIDENCE}tep/<int:pk>/", v.residence_file, name="residence_file"),
]
