"""Exports of the request list, read back: the filtered rows, formula-safe text, and internal notes for the staff
side only — never in a cooperative representative's file."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hoptac.support import workflow
from hoptac.support.choices import State
from hoptac.support.models import WorkLogEntry

from .factories import request_in

SECRET = "Báo giá nội bộ 12.000.000 đồng"


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def two_requests(make_persona):
    rep, expert = make_persona("cooperative_rep"), make_persona("institute_expert")
    own = request_in(State.IN_PROGRESS, created_by=rep, assignee=expert, title='=HYPERLINK("http://x")')
    workflow.add_comment(actor=expert, request=own, body=SECRET, internal=True)
    workflow.add_comment(actor=expert, request=own, body="Lịch khảo sát thứ Hai.")
    WorkLogEntry.objects.create(
        request=own,
        author=expert,
        kind="visit",
        date=timezone.localdate(),
        hours=Decimal("2.5"),
        description="x",
    )
    other = request_in(
        State.SUBMITTED, created_by=make_persona("coordinator_camau"), own=False, title="Cà Mau"
    )
    return own, other


@pytest.mark.django_db
def test_the_staff_export_has_the_internal_notes_and_hours(client_as, two_requests):
    own, _other = two_requests
    rows = _xlsx(client_as("institute_leader").get(reverse("support:request_export_xlsx"), {"xem": "tat-ca"}))
    header, body = rows[0], rows[1:]
    assert header[0] == "Số yêu cầu" and header[-1] == "Ghi chú nội bộ"
    assert len(body) == 2
    record = dict(zip(header, next(r for r in body if r[0] == own.number), strict=True))
    assert record["Ghi chú nội bộ"] == SECRET
    assert record["Số giờ công"] == 2.5
    assert record["Tiêu đề"] == '=HYPERLINK("http://x")'  # text, not a formula
    assert record["Trạng thái"] == "Đang thực hiện"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_cooperatives_export_never_holds_internal_notes(client_as, two_requests, fmt):
    own, _other = two_requests
    response = client_as("cooperative_rep").get(reverse(f"support:request_export_{fmt}"), {"xem": "tat-ca"})
    rows = _csv(response) if fmt == "csv" else _xlsx(response)
    flat = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    assert SECRET not in flat
    assert "Ghi chú nội bộ" not in rows[0]
    assert "Số giờ công" not in rows[0]  # the work log is the staff side's
    assert [row[0] for row in rows[1:]] == [own.number]  # their cooperative's request only


@pytest.mark.django_db
def test_the_csv_follows_the_filters_and_neutralises_formulas(client_as, two_requests):
    own, other = two_requests
    rows = _csv(
        client_as("system_admin").get(
            reverse("support:request_export_csv"), {"xem": "tat-ca", "trang_thai": "in_progress"}
        )
    )
    assert [row[0] for row in rows[1:]] == [own.number]
    assert rows[1][rows[0].index("Tiêu đề")] == '\'=HYPERLINK("http://x")'
    camau = _csv(client_as("coordinator_camau").get(reverse("support:request_export_csv"), {"xem": "tat-ca"}))
    assert [row[0] for row in camau[1:]] == [other.number]
    assert camau[0][-1] == "Ghi chú nội bộ"


@pytest.mark.django_db
def test_an_export_larger_than_the_cap_asks_to_narrow_the_filters(client_as, two_requests, monkeypatch):
    from hoptac.support import exports

    monkeypatch.setattr(exports, "EXPORT_CAP", 1)
    response = client_as("system_admin").get(
        reverse("support:request_export_xlsx"), {"xem": "tat-ca"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("support:request_list"))
    assert "hãy lọc bớt" in response.content.decode()
