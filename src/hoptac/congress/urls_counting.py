"""The count (owned by the counting part): the counting committee's screens, one election at a time."""

from django.urls import path

from . import views_counting as v

K = "dang/dai-hoi/kiem-phieu/"
E = K + "<int:pk>/"

urlpatterns = [
    path(K, v.count_list, name="count_list"),
    path(E, v.count_entry, name="count_entry"),
    path(E + "phieu/<int:number>/", v.count_ballot, name="count_ballot"),
    path(E + "nhat-ky/", v.count_journal, name="count_journal"),
    path(E + "ket-thuc/", v.count_close, name="count_close"),
]
