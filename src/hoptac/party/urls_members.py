"""Members, their own record, admission of new members (owned by the members part)."""

from django.urls import path

from . import views_members

urlpatterns = [
    path("dang/dang-vien/", views_members.member_list, name="member_list"),
    path("dang/ho-so-cua-toi/", views_members.my_record, name="my_record"),
    path("dang/phat-trien-dang-vien/", views_members.admission_list, name="admission_list"),
]
