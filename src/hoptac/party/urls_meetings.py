"""Meetings, minutes, notices (owned by the meetings part)."""

from django.urls import path

from . import views_meetings as v

M = "dang/sinh-hoat/<int:pk>/"

urlpatterns = [
    path("dang/sinh-hoat/", v.meeting_list, name="meeting_list"),
    path("dang/sinh-hoat/them/", v.meeting_create, name="meeting_create"),
    path(M, v.meeting_detail, name="meeting_detail"),
    path(M + "sua/", v.meeting_edit, name="meeting_edit"),
    path(M + "thong-bao/", v.meeting_notify, name="meeting_notify"),
    path(M + "huy/", v.meeting_cancel, name="meeting_cancel"),
    path(M + "tai-lieu/", v.document_upload, name="meeting_document_upload"),
    path(M + "tai-lieu/<int:doc>/cong-bo/", v.document_publish, name="meeting_document_publish"),
    path(M + "tai-lieu/<int:doc>/xoa/", v.document_delete, name="meeting_document_delete"),
    path(M + "tai-lieu/<int:doc>/tep/", v.document_file, name="meeting_document_file"),
    path(M + "diem-danh/", v.meeting_attendance, name="meeting_attendance"),
    path(M + "bien-ban/", v.meeting_minutes, name="meeting_minutes"),
    path(M + "bien-ban/noi-dung/", v.agenda_item_add, name="meeting_agenda_add"),
    path(M + "bien-ban/ket-luan/", v.conclusion_add, name="meeting_conclusion_add"),
    path(
        M + "bien-ban/ket-luan/<int:conclusion>/xoa/", v.conclusion_delete, name="meeting_conclusion_delete"
    ),
    path(M + "bien-ban/cong-viec/", v.task_add, name="meeting_task_add"),
    path(M + "cong-viec/<int:task>/xong/", v.task_done, name="meeting_task_done"),
    path(M + "bien-ban/chot/", v.minutes_close, name="meeting_close"),
    path(M + "bien-ban/mo-lai/", v.minutes_reopen, name="meeting_reopen"),
    path(M + "bien-ban.docx", v.minutes_docx, name="meeting_minutes_docx"),
    path(M + "bien-ban.pdf", v.minutes_pdf, name="meeting_minutes_pdf"),
    path("dang/thong-bao/", v.notice_list, name="notice_list"),
    path("dang/thong-bao/them/", v.notice_create, name="notice_create"),
]
