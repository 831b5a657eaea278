"""The printable ballot paper: read back from the PDF — the party heading, the title, how many to elect, the
style's instructions and words, the names in ballot order (a withdrawn name off it), the stamp's framed place."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hoptac.congress import ballot_paper
from hoptac.congress import services_elections as services
from hoptac.congress.models import Candidate

from .builders_elections import (
    FAMILY_ORDER,
    GIVEN_ORDER,
    congress,
    election,
    people,
)

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _squash(text: str) -> str:
    return "".join(text.split())


def _in_order(text: str, names: list[str]) -> bool:
    flat = _squash(text)
    positions = [flat.index(_squash(name)) for name in names]
    return positions == sorted(positions)


def test_a_strike_ballot_lists_the_names_to_cross_out_in_given_name_order(secretary, member_user, login):
    c = congress(secretary)
    e = election(c, "committee", seats=4)
    for m in people():
        services.candidate_nominate(
            actor=secretary, election=e, member=m, source="convening", list_decision="Đại hội chấp thuận"
        )
    withdrawn = Candidate.objects.get(election=e, member__full_name="Võ Thị Ánh")
    services.candidate_withdraw(actor=secretary, candidate=withdrawn, decision="Đại hội cho rút")
    assert (
        login(secretary).get(reverse("congress:ballot_pdf", args=[e.pk])).status_code == 404
    )  # not frozen yet
    services.election_open(actor=secretary, election=e)
    response = login(member_user).get(reverse("congress:ballot_pdf", args=[e.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    flat = _squash(text)
    assert "ĐẢNGCỘNGSẢNVIỆTNAM" in flat
    assert _squash(f"PHIẾU BẦU CỬ CHI ỦY {c.cell.name.upper()} NHIỆM KỲ {c.term.name.upper()}") in flat
    assert _squash("Số lượng cần bầu: 4 đồng chí. Số người trong danh sách: 5 đồng chí.") in flat
    assert _squash("gạch ngang cả họ và tên những người mình không bầu") in flat
    assert _squash("Giữ lại nhiều nhất 4 người") in flat
    assert "Đồngý" not in flat and "Khôngđồngý" not in flat
    names = [n for n in GIVEN_ORDER if n != "Võ Thị Ánh"]
    assert _in_order(text, names) and "VõThịÁnh" not in flat
    assert _squash(ballot_paper.STAMP_LABEL) in flat


def test_an_agree_ballot_has_agree_and_disagree_columns_in_the_chosen_order(secretary, login):
    c = congress(secretary)
    e = election(c, "delegates", seats=6)
    for m in people():
        services.candidate_nominate(actor=secretary, election=e, member=m, source="convening")
    services.election_open(actor=secretary, election=e, ordering="family")
    e.refresh_from_db()
    assert e.style == "agree"
    text = _text(ballot_paper.pdf_bytes(e))
    flat = _squash(text)
    assert "Đồngý" in flat and "Khôngđồngý" in flat
    assert _squash("đánh dấu (X) vào một trong hai ô") in flat
    assert "gạchngangcảhọvàtên" not in flat
    assert _in_order(text, FAMILY_ORDER)
    assert _squash("Dấu của Ban Kiểm phiếu") in flat


def test_a_later_round_says_its_round(secretary):
    c = congress(secretary)
    first = election(c, "secretary", seats=1, members=people(["Vòng Một"]))
    second = election(c, "secretary", seats=1, round=2, previous=first, members=people(["Vòng Hai"]))
    services.election_open(actor=secretary, election=second)
    second.refresh_from_db()
    flat = _squash(_text(ballot_paper.pdf_bytes(second)))
    assert _squash("Bầu lần thứ 2") in flat and _squash("PHIẾU BẦU CỬ BÍ THƯ") in flat
