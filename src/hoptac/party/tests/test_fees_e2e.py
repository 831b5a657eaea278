"""Browser test: the secretary records a payment from the month's grid (htmx: the grid and its totals update in
place), downloads the ledger, and the member sees the payment on their own page."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from hoptac.core.testing.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quick_payment_ledger_and_the_members_view(page, make_persona):
    from django.utils import timezone

    from hoptac.party import services_fees as services
    from hoptac.party.models import FeePayment

    from .personas import cell

    secretary = make_persona("party_secretary")
    member = make_persona("party_member")
    fee_month = services.fee_month_open(actor=secretary, cell=cell(), month=timezone.localdate())

    log_in(page, secretary)
    page.goto("/dang/dang-phi/")
    page.get_by_role("link", name=f"{fee_month.month:%m/%Y}").click()
    row = page.locator('[data-testid="charge-row"][data-member="Trần Văn Đảng Viên"]')
    assert row.get_by_test_id("left").inner_text() == "120.000 ₫"
    row.get_by_label("Số tiền (đồng)").fill("150.000")
    row.get_by_test_id("do-pay").click()
    assert row.get_by_test_id("pay-error").first.inner_text().startswith("Số tiền 150.000 ₫ vượt quá")
    assert row.get_by_label("Số tiền (đồng)").input_value() == "150.000"  # nothing typed is lost
    row.get_by_label("Số tiền (đồng)").fill("120.000")
    row.get_by_label("Số biên lai").fill("BL-2026-01")
    row.get_by_test_id("do-pay").click()
    row.get_by_text("Đã nộp đủ").wait_for()
    assert page.get_by_test_id("total-paid").inner_text() == "120.000 ₫"
    assert page.get_by_test_id("total-sent-up").inner_text() == "84.000 ₫"
    assert page.get_by_test_id("sent-up").inner_text() == "84.000 ₫"  # the remittance part is refreshed too
    assert page.get_by_label("Số tiền nộp lên cấp trên (đồng)").input_value() == "84.000"
    assert FeePayment.objects.get().receipt == "BL-2026-01"

    with page.expect_download() as download:
        page.get_by_test_id("ledger-xlsx").click()
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    row_values = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Trần Văn Đảng Viên")
    assert row_values[5:9] == (120_000, 120_000, 0, "BL-2026-01")

    log_in(page, member)
    page.goto("/dang/dang-phi/")
    assert page.get_by_test_id("my-arrears").inner_text().strip() == "Đồng chí không nợ đảng phí."
    assert "BL-2026-01" in page.get_by_test_id("my-charges").inner_text()
    assert "Nguyễn Thị Bí Thư" not in page.content()
    assert page.console_errors == []
