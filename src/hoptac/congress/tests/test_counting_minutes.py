"""The counting minutes (biên bản kiểm phiếu), read back from the DOCX and the PDF: every figure, every
candidate's votes and share of the summoned, the elected and the tied, the counting committee and its
signatures — and no minutes before the count closes."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as read_docx
from pypdf import PdfReader

from hoptac.congress import counting_minutes
from hoptac.party.tests.factories import make_member

from .builders_elections import (
    close_count,
    congress,
    election,
    people,
)
from .factories import give_duty

pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    return "".join(text.split())


def _pdf_text(body: bytes) -> str:
    return _squash("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


def _docx_text(body: bytes) -> str:
    document = read_docx(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return _squash("\n".join(parts))


@pytest.fixture
def closed(secretary):
    c = congress(secretary)
    head = make_member(full_name="Trưởng Ban Kiểm Phiếu")
    other = make_member(full_name="Ủy Viên Kiểm Phiếu")
    give_duty(c, head, "counting", is_head=True)
    give_duty(c, other, "counting")
    e = election(
        c, "committee", seats=3, members=people(["Cao Nhất", "Bằng Một", "Bằng Hai", "Bằng Ba", "Thấp Nhất"])
    )
    return close_count(
        e,
        {"Cao Nhất": 10, "Bằng Một": 8, "Bằng Hai": 8, "Bằng Ba": 8, "Thấp Nhất": 3},
        summoned=13,
        not_returned=1,
        invalid={"too_many": 2, "unstamped": 1},
    )


EXPECTED = [
    "BIÊN BẢN KIỂM PHIẾU",
    "Ban Kiểm phiếu",
    "Đồng chí Trưởng Ban Kiểm Phiếu — Trưởng ban",
    "Đồng chí Ủy Viên Kiểm Phiếu — Ủy viên",
    "Số lượng cần bầu: 3",
    "Số người trong danh sách bầu cử: 5",
    "Số đảng viên được triệu tập: 13",
    "Số phiếu phát ra: 13",
    "Số phiếu thu về: 12",
    "Số phiếu không thu về: 1",
    "Số phiếu hợp lệ: 9",
    "Số phiếu không hợp lệ: 3",
    "Bầu quá số lượng cần bầu: 2 phiếu",
    "Không có dấu của Ban Kiểm phiếu: 1 phiếu",
    "ít nhất 7 phiếu",
    "Cao Nhất 10 76,92% Trúng cử",
    "Bằng Một 8 61,54% Bằng phiếu ở ngưỡng — bầu lại",
    "Bằng Hai 8 61,54%",
    "Bằng Ba 8 61,54%",
    "Thấp Nhất 3 23,08% Không trúng cử",
    "Trúng cử (theo số phiếu từ cao xuống thấp): đồng chí Cao Nhất.",
    "Bằng phiếu ở ngưỡng trúng cử: đồng chí Bằng Một; đồng chí Bằng Hai; đồng chí Bằng Ba",
    "Số lượng còn thiếu: 2.",
    "Chữ ký của các thành viên Ban Kiểm phiếu",
    "T/M BAN KIỂM PHIẾU",
    "TRƯỞNG BAN",
]


def test_the_pdf_holds_every_figure_name_and_signature(closed, member_user, login):
    response = login(member_user).get(reverse("congress:counting_minutes_pdf", args=[closed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in EXPECTED:
        assert _squash(expected) in text, expected
    assert "ĐẢNGCỘNGSẢNVIỆTNAM" in text and _squash("lần thứ 1") in text


def test_the_docx_holds_every_figure_name_and_signature(closed, secretary, login):
    response = login(secretary).get(reverse("congress:counting_minutes_docx", args=[closed.pk]))
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    text = _docx_text(response.content)
    for expected in EXPECTED:
        assert _squash(expected) in text, expected
    assert "bien-ban-kiem-phieu-committee-lan-1.docx" in response["Content-Disposition"]


def test_no_minutes_before_the_count_closes(secretary):
    e = election(congress(secretary), "secretary", seats=1, members=people(["Chưa Đóng"]))
    with pytest.raises(counting_minutes.NotClosed):
        counting_minutes.build(e)


def test_the_minutes_show_the_counting_committee_recorded_at_the_close_not_todays(secretary):
    c = congress(secretary)
    give_duty(c, make_member(full_name="Người Vào Sau"), "counting", is_head=True)
    e = election(c, "secretary", seats=1, members=people(["Cao Nhất"]))
    close_count(
        e,
        {"Cao Nhất": 9},
        summoned=10,
        counting_committee=[
            {"name": "Ủy Viên Lúc Ấy", "is_head": False},
            {"name": "Trưởng Ban Lúc Ấy", "is_head": True},
        ],
    )
    text = _docx_text(counting_minutes.docx_bytes(e))
    assert _squash("Đồng chí Trưởng Ban Lúc Ấy — Trưởng ban") in text
    assert _squash("Đồng chí Ủy Viên Lúc Ấy — Ủy viên") in text
    assert _squash("Người Vào Sau") not in text
