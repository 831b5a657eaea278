"""The monthly party fee ledger as an .xlsx (sổ thu, nộp đảng phí): the cell, the month, each member's basis,
what is due, paid and owed, the totals, and the shares kept and sent up (Quyết định 342-QĐ/TW).

Amounts are numbers (whole đồng, shown with thousands separators), so the superior committee's accountant can
add them up; names go through the import engine's text helpers (no control characters, no formulas).
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from hoptac.imports.xlsx import DATE_FORMAT, keep_as_text, safe_text, sheet_title

from .choices import FeeBasis
from .selectors_fees import MonthSummary

MONEY_FORMAT = "#,##0"
RATE_FORMAT = "0.0%"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADERS = (
    (gettext_lazy("STT"), 6),
    (gettext_lazy("Họ và tên"), 30),
    (gettext_lazy("Căn cứ đóng"), 26),
    (gettext_lazy("Tiền lương/lương hưu căn cứ"), 18),
    (gettext_lazy("Tỷ lệ"), 8),
    (gettext_lazy("Phải nộp"), 14),
    (gettext_lazy("Đã nộp"), 14),
    (gettext_lazy("Còn nợ"), 14),
    (gettext_lazy("Số biên lai"), 22),
)


def filename(summary: MonthSummary) -> str:
    return f"so-dang-phi-{summary.fee_month.month:%Y-%m}.xlsx"


def _text(cell, value: str):
    cell.value = safe_text(value)
    keep_as_text(cell)
    return cell


def build(summary: MonthSummary, charges) -> bytes:
    """The ledger of one month; ``charges`` from :func:`~hoptac.party.selectors_fees.month_charges`."""
    fee_month = summary.fee_month
    cell_name = fee_month.cell.name
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(_("Tháng %(month)s") % {"month": f"{fee_month.month:%m-%Y}"})
    width = len(HEADERS)
    bold = Font(bold=True)

    _text(sheet.cell(row=1, column=1), fee_month.cell.superior_committee.upper())
    _text(sheet.cell(row=2, column=1), cell_name.upper()).font = bold
    title = sheet.cell(
        row=3,
        column=1,
        value=_("SỔ THU, NỘP ĐẢNG PHÍ THÁNG %(month)s") % {"month": f"{fee_month.month:%m/%Y}"},
    )
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet.cell(row=4, column=1, value=_("Căn cứ Quyết định 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị."))

    header_row = 6
    for column, (label, col_width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=str(label))
        cell.font = bold
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = col_width

    basis_labels = dict(FeeBasis.choices)
    row = header_row
    for number, charge in enumerate(charges, start=1):
        row += 1
        receipts = ", ".join(p.receipt for p in charge.payments.all() if p.receipt)
        values = [
            number,
            None,
            str(basis_labels.get(charge.basis, charge.basis)),
            int(charge.base_amount) if charge.base_amount is not None else None,
            float(charge.rate) if charge.rate is not None else None,
            int(charge.amount),
            int(charge.paid),
            int(charge.left),
            None,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border = BOX
        _text(sheet.cell(row=row, column=2), charge.member.full_name)
        _text(sheet.cell(row=row, column=9), receipts)
        for column in (4, 6, 7, 8):
            sheet.cell(row=row, column=column).number_format = MONEY_FORMAT
        sheet.cell(row=row, column=5).number_format = RATE_FORMAT

    row += 1
    sheet.cell(row=row, column=2, value=_("Cộng")).font = bold
    for column, value in ((6, summary.due), (7, summary.paid), (8, summary.arrears)):
        cell = sheet.cell(row=row, column=column, value=int(value))
        cell.font = bold
        cell.number_format = MONEY_FORMAT
    for column in range(1, width + 1):
        sheet.cell(row=row, column=column).border = BOX

    row += 2
    lines = [
        (_("Số đảng viên phải nộp"), summary.members, None),
        (_("Tổng số đã thu"), int(summary.paid), MONEY_FORMAT),
        (
            _("Chi bộ được giữ lại (%(share)s)") % {"share": f"{fee_month.kept_share * 100:.0f}%"},
            int(summary.kept),
            MONEY_FORMAT,
        ),
        (_("Phải nộp lên cấp trên"), int(summary.sent_up), MONEY_FORMAT),
        (
            _("Đã nộp lên cấp trên"),
            int(fee_month.remitted_amount) if fee_month.remitted_amount is not None else None,
            MONEY_FORMAT,
        ),
        (_("Ngày nộp lên cấp trên"), fee_month.remitted_on, DATE_FORMAT),
    ]
    for label, value, number_format in lines:
        sheet.cell(row=row, column=2, value=label).font = bold
        cell = sheet.cell(row=row, column=6, value=value)
        if number_format:
            cell.number_format = number_format
        row += 1
    row += 1
    status = (
        _("Đã khóa sổ ngày %(day)s.") % {"day": f"{timezone.localtime(fee_month.closed_at):%d/%m/%Y}"}
        if fee_month.closed_at
        else _("Sổ đang mở.")
    )
    sheet.cell(row=row, column=2, value=status)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1

    out = BytesIO()
    book.save(out)
    return out.getvalue()
