"""The minutes as DOCX and PDF in the party format (Hướng dẫn 36-HD/VPTW), through the shared engine: both files
are read back and hold the header, the cell, the title, the names, the counts, the votes and the signatures."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from docx import Document as read_docx
from pypdf import PdfReader

from hoptac.party import services_meetings as services
from hoptac.party.choices import MemberStatus, Presence
from hoptac.party.models import Meeting, PartyMember

from .builders_meetings import meeting
from .factories import make_member

pytestmark = pytest.mark.django_db


def _docx_text(data: bytes) -> str:
    document = read_docx(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def closed_meeting(secretary, member_user, cell):
    absent = make_member(cell=cell, full_name="Hoàng Thị Vắng Phép")
    truant = make_member(cell=cell, full_name="Đinh Văn Vắng Mặt")
    make_member(cell=cell, full_name="Phạm Văn Miễn", status=MemberStatus.EXEMPTED)
    make_member(cell=cell, full_name="Vũ Thị Dự Bị", full_member_on=None)
    m = meeting(
        secretary,
        state="held",
        title="Sinh hoạt thường kỳ tháng 11/2026",
        absent={
            absent.pk: (Presence.ABSENT_WITH_REASON, "Đi công tác tại Đắk Lắk"),
            truant.pk: (Presence.ABSENT_WITHOUT_REASON, ""),
        },
    )
    chair, taker = PartyMember.objects.get(user=secretary), PartyMember.objects.get(user=member_user)
    item = m.agenda.first()
    services.minutes_update(
        actor=secretary,
        meeting=m,
        version=m.version,
        chair=chair,
        minute_taker=taker,
        ends_at=m.starts_at + timedelta(minutes=100),
        guests="Đồng chí Lê Văn Khách, Đảng ủy cơ quan",
        summary="Đồng chí Bí thư khai mạc, quán triệt mục đích buổi sinh hoạt.",
        quality="good",
        minutes_read_out=True,
        discussions={item.pk: "Đồng chí Trần Văn Đảng Viên đề nghị bổ sung chỉ tiêu chuyển giao công nghệ."},
    )
    services.conclusion_add(
        actor=secretary,
        meeting=m,
        kind="resolution",
        text="Thông qua nghị quyết tháng 11/2026 của chi bộ",
        votes_for=2,
        votes_against=0,
        votes_abstain=1,
    )
    services.task_add(
        actor=secretary,
        meeting=m,
        title="Hoàn thiện báo cáo chuyển giao công nghệ quý IV",
        owner=taker,
        due_on=m.starts_at.date() + timedelta(days=20),
    )
    return services.minutes_close(actor=secretary, meeting=Meeting.objects.get(pk=m.pk))


EXPECTED = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG ỦY CƠ QUAN LIÊN MINH HỢP TÁC XÃ VIỆT NAM",
    "CHI BỘ VIỆN KHOA HỌC, CÔNG NGHỆ VÀ MÔI TRƯỜNG",
    "BIÊN BẢN SINH HOẠT CHI BỘ",
    "Sinh hoạt thường kỳ: Sinh hoạt thường kỳ tháng 11/2026",
    "Phòng họp tầng 3, Viện KHCN&MT",
    # 5 full on the roll (secretary, member, two absentees, exempted), 1 probationary
    "Tổng số đảng viên của chi bộ: 6 đồng chí (chính thức: 5; dự bị: 1), trong đó miễn sinh hoạt: 1",
    "Có mặt: 3 đồng chí.",
    "Vắng có lý do: 1 đồng chí: đồng chí Hoàng Thị Vắng Phép (Đi công tác tại Đắk Lắk).",
    "Vắng không lý do: 1 đồng chí: đồng chí Đinh Văn Vắng Mặt.",
    # base: 4 required full members; 2 present (the probationary member is not counted by default)
    "Số đảng viên có mặt: 2/4 đồng chí phải dự — KHÔNG đủ số lượng",
    "Chủ trì: đồng chí Nguyễn Thị Bí Thư. Thư ký: đồng chí Trần Văn Đảng Viên.",
    "Khách mời: Đồng chí Lê Văn Khách, Đảng ủy cơ quan.",
    "Đồng chí Trần Văn Đảng Viên đề nghị bổ sung chỉ tiêu chuyển giao công nghệ.",
    "Nghị quyết: Thông qua nghị quyết tháng 11/2026 của chi bộ",
    "Biểu quyết: tán thành 2; không tán thành 0; ý kiến khác 1.",
    "Hoàn thiện báo cáo chuyển giao công nghệ quý IV",
    "Chi bộ tự đánh giá chất lượng buổi sinh hoạt: Tốt.",
    "Biên bản đã được đọc lại cho các đảng viên dự họp nghe và nhất trí thông qua.",
    "CHỦ TRÌ",
    "THƯ KÝ",
]


def test_docx_minutes_read_back(closed_meeting, member_client):
    response = member_client.get(reverse("party:meeting_minutes_docx", args=[closed_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban-sinh-hoat-')
    text = _squash(_docx_text(response.content))
    for expected in EXPECTED:
        assert _squash(expected) in text, expected
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" not in text  # party documents never carry the state heading


def test_pdf_minutes_read_back(closed_meeting, member_client):
    response = member_client.get(reverse("party:meeting_minutes_pdf", args=[closed_meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _squash(_pdf_text(response.content))
    for expected in EXPECTED:
        assert _squash(expected) in text, expected


def test_the_signatures_name_the_chair_and_the_minute_taker(closed_meeting):
    from hoptac.party import minutes
    from hoptac.party.selectors_meetings import meeting_roll

    doc = minutes.build(closed_meeting, meeting_roll(closed_meeting))
    assert doc.signature.name == "Nguyễn Thị Bí Thư"
    assert doc.cosignature.name == "Trần Văn Đảng Viên"
    assert doc.format.code == "party"


def test_frozen_totals_survive_a_later_status_change(closed_meeting, cell):
    PartyMember.objects.filter(full_name="Phạm Văn Miễn").update(status=MemberStatus.ACTIVE)
    from hoptac.party import minutes
    from hoptac.party.selectors_meetings import meeting_roll

    text = " ".join(
        b.text
        for b in minutes.build(closed_meeting, meeting_roll(closed_meeting)).blocks
        if hasattr(b, "text")
    )
    assert "miễn sinh hoạt: 1" in text


def test_a_draft_export_for_the_committee_only(secretary, committee_client, member_client):
    m = meeting(secretary, state="held")
    assert committee_client.get(reverse("party:meeting_minutes_docx", args=[m.pk])).status_code == 200
    assert member_client.get(reverse("party:meeting_minutes_docx", args=[m.pk])).status_code == 404
    planned = meeting(secretary)
    assert committee_client.get(reverse("party:meeting_minutes_pdf", args=[planned.pk])).status_code == 404
