"""The elections (owned by the elections part): a congress's ballots, each election's list, ballot paper,
results and counting minutes."""

from django.urls import path

from . import views_elections as v

E = "dang/dai-hoi/bau-cu/<int:pk>/"

urlpatterns = [
    path("dang/dai-hoi/<int:pk>/bau-cu/", v.congress_elections, name="congress_elections"),
    path("dang/dai-hoi/<int:pk>/bau-cu/tao/", v.election_create, name="election_create"),
    path(E, v.election_detail, name="election_detail"),
    path(E + "de-cu/", v.candidate_nominate, name="candidate_nominate"),
    path(E + "ung-vien/<int:candidate>/rut/", v.candidate_withdraw, name="candidate_withdraw"),
    path(E + "bo-phieu/", v.election_open, name="election_open"),
    path(E + "phieu-bau.pdf", v.ballot_pdf, name="ballot_pdf"),
    path(E + "ket-qua/", v.election_results, name="election_results"),
    path(E + "ket-qua/bau-tiep/", v.election_next_round, name="election_next_round"),
    path(E + "ket-qua/cap-tren-chi-dinh/", v.election_appoint, name="election_appoint"),
    path(E + "ket-qua/ghi-chi-uy/", v.election_apply, name="election_apply"),
    path(E + "bien-ban-kiem-phieu.docx", v.minutes_docx, name="counting_minutes_docx"),
    path(E + "bien-ban-kiem-phieu.pdf", v.minutes_pdf, name="counting_minutes_pdf"),
]
