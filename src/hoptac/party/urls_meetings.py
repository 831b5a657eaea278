"""Meetings, minutes, notices (owned by the meetings part)."""

from django.urls import path

from . import views_meetings

urlpatterns = [
    path("dang/sinh-hoat/", views_meetings.meeting_list, name="meeting_list"),
    path("dang/thong-bao/", views_meetings.notice_list, name="notice_list"),
]
