"""Streamed exports of the filtered list (.csv and .xlsx) with Vietnamese headers.

The headers are the import template's, so an exported file can be corrected and imported back.

Exported text is data, never a formula (OWASP, CSV injection): in the .xlsx, text that starts like a formula
is written as text (:func:`hoptac.imports.xlsx.text_cell`); in the CSV, which has no types, such text gets an
apostrophe in front (:func:`csv_cell`), which the import takes off again. Control characters are left out of
both: old records may carry them, an .xlsx cannot hold them, and nobody sees them.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.imports.cells import FORMULA_STARTS, printable
from hoptac.imports.xlsx import text_cell

from .choices import Certification, LegalForm, Sector, Status
from .models import Cooperative


def columns() -> list[tuple[str, object]]:
    """(Vietnamese header, value getter) in the order of the import template."""
    sector_labels = dict(Sector.choices)
    certification_labels = dict(Certification.choices)
    return [
        (_("Tên hợp tác xã"), lambda c: c.name),
        (_("Tên viết tắt"), lambda c: c.short_name),
        (_("Loại hình"), lambda c: str(LegalForm(c.legal_form).label)),
        (_("Mã số thuế"), lambda c: c.tax_code or ""),
        (
            _("Ngày đăng ký"),
            lambda c: c.registration_date.strftime("%d/%m/%Y") if c.registration_date else "",
        ),
        (_("Tỉnh/thành phố"), lambda c: c.province.name),
        (_("Xã/phường"), lambda c: c.commune.name if c.commune_id else ""),
        (_("Địa chỉ"), lambda c: c.address),
        (_("Lĩnh vực"), lambda c: "; ".join(str(sector_labels[s]) for s in c.sectors)),
        (_("Số thành viên"), lambda c: c.member_count),
        (_("Vốn điều lệ (đồng)"), lambda c: int(c.charter_capital) if c.charter_capital is not None else ""),
        (_("Người đại diện"), lambda c: c.representative),
        (_("Điện thoại"), lambda c: c.phone),
        (_("Thư điện tử"), lambda c: c.email),
        (_("Tình trạng"), lambda c: str(Status(c.status).label)),
        (_("Chứng nhận"), lambda c: "; ".join(str(certification_labels[x]) for x in c.certifications)),
        (_("Ghi chú"), lambda c: c.notes),
    ]


def _filename(extension: str) -> str:
    return f"hop-tac-xa-{timezone.localdate():%Y%m%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_cell(value):
    """A value as a CSV cell: text without control characters, and an apostrophe before text that starts like
    a formula ("=", "+", "-", "@", tab, carriage return), so a spreadsheet opening the file shows it as text.

    Numbers stay numbers (a negative member count or capital is an ``int``, never neutralised text).
    """
    if value.__class__ is not str:
        return value
    if not value.isprintable():
        value = printable(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(rows: Iterable[Cooperative]) -> Iterator[str]:
    # Exports are the registry's data in its own language, Vietnamese, whoever downloads them: the file
    # must import back (headers and labels are the import template's).
    with translation.override("vi"):
        spec = columns()
        writer = csv.writer(_Echo())
        yield "\ufeff"  # BOM: Excel opens UTF-8 Vietnamese correctly
        yield writer.writerow([str(header) for header, _getter in spec])
        for cooperative in rows:
            yield writer.writerow([csv_cell(getter(cooperative)) for _header, getter in spec])


def csv_response(rows: Iterable[Cooperative]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(rows: Iterable[Cooperative]) -> FileResponse:
    """Written row by row (openpyxl write-only mode) to a spooled temporary file, then streamed."""
    with translation.override("vi"):  # see csv_rows: exports are in Vietnamese
        return _xlsx_response(rows)


def _xlsx_response(rows: Iterable[Cooperative]) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    spec = columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Hợp tác xã"))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header, _getter in spec:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for cooperative in rows:
        sheet.append([text_cell(sheet, getter(cooperative)) for _header, getter in spec])
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
