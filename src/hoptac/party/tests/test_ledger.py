"""The monthly ledger .xlsx: read back, every figure checked; committee only."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hoptac.party import fees
from hoptac.party import services_fees as services
from hoptac.party.models import FeeCharge

from .factories import make_member

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _line(rows, label) -> tuple:
    return next(r for r in rows if r[1] == label)


def test_the_ledger_has_every_member_and_the_totals(committee_client, cell, secretary, member_user):
    make_member(cell=cell, full_name="Phạm Văn Hưu", fee_basis="pension", fee_base_amount=7_300_100)
    make_member(cell=cell, full_name="=Cố Định", fee_basis="fixed", fee_base_amount=None)  # never a formula
    today = timezone.localdate()
    fee_month = services.fee_month_open(actor=secretary, cell=cell, month=today)
    by_name = {
        c.member.full_name: c for c in FeeCharge.objects.filter(fee_month=fee_month).select_related("member")
    }
    services.fee_payment_record(
        actor=secretary,
        charge=by_name["Trần Văn Đảng Viên"],
        amount=D(100_000),
        paid_on=today,
        receipt="BL-1",
    )
    services.fee_payment_record(
        actor=secretary, charge=by_name["Trần Văn Đảng Viên"], amount=D(20_000), paid_on=today, receipt="BL-2"
    )
    services.fee_payment_record(
        actor=secretary, charge=by_name["Phạm Văn Hưu"], amount=D(36_501), paid_on=today
    )
    services.fee_month_remit(actor=secretary, fee_month=fee_month, amount=D(100_000), remitted_on=today)

    response = committee_client.get(reverse("party:fee_ledger", args=[fee_month.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="so-dang-phi-{fee_month.month:%Y-%m}.xlsx"' in response["Content-Disposition"]
    rows = _rows(response.content)
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert cell.name.upper() in text
    assert f"SỔ THU, NỘP ĐẢNG PHÍ THÁNG {fee_month.month:%m/%Y}" in text

    members = {r[1]: r for r in rows if isinstance(r[0], int)}
    assert set(members) == {"Nguyễn Thị Bí Thư", "Trần Văn Đảng Viên", "Phạm Văn Hưu", "=Cố Định"}
    assert members["Trần Văn Đảng Viên"][2:9] == (
        "Theo tiền lương đóng bảo hiểm xã hội",
        12_000_000,
        0.01,
        120_000,
        120_000,
        0,
        "BL-1, BL-2",
    )
    assert members["Phạm Văn Hưu"][2:8] == ("Theo lương hưu", 7_300_100, 0.005, 36_501, 36_501, 0)
    assert members["Nguyễn Thị Bí Thư"][5:8] == (120_000, 0, 120_000)
    assert members["=Cố Định"][2:8] == ("Mức cố định", None, None, 5000, 0, 5000)
    assert [r[0] for r in rows if isinstance(r[0], int)] == [1, 2, 3, 4]

    assert _line(rows, "Cộng")[5:8] == (281_501, 156_501, 125_000)
    assert _line(rows, "Số đảng viên phải nộp")[5] == 4
    assert _line(rows, "Tổng số đã thu")[5] == 156_501
    assert _line(rows, "Chi bộ được giữ lại (30%)")[5] == 46_950  # 46 950,3 rounded down
    assert _line(rows, "Phải nộp lên cấp trên")[5] == 109_551
    assert _line(rows, "Đã nộp lên cấp trên")[5] == 100_000
    assert _line(rows, "Ngày nộp lên cấp trên")[5].date() == today


def test_the_ledger_of_an_empty_month_and_a_closed_one(committee_client, cell, secretary):
    month = fees.previous_month(timezone.localdate())
    fee_month = services.open_month(cell, month)
    FeeCharge.objects.filter(fee_month=fee_month).delete()
    services.fee_month_remit(actor=secretary, fee_month=fee_month, amount=D(0), remitted_on=month)
    services.fee_month_close(actor=secretary, fee_month=fee_month)
    rows = _rows(committee_client.get(reverse("party:fee_ledger", args=[fee_month.pk])).content)
    assert _line(rows, "Cộng")[5:8] == (0, 0, 0)
    assert _line(rows, "Phải nộp lên cấp trên")[5] == 0
    assert any(r[1] and str(r[1]).startswith("Đã khóa sổ ngày") for r in rows)


def test_only_the_committee_downloads_the_ledger(member_client, client_as, cell, secretary, member_user):
    fee_month = services.open_month(cell, date(2026, 1, 1))
    url = reverse("party:fee_ledger", args=[fee_month.pk])
    assert member_client.get(url).status_code == 404
    assert client_as("system_admin").get(url).status_code == 404
