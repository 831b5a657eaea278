"""Streamed tabular exports (.csv and .xlsx) for any module: headers, one getter per column, rows.

Exported text is data, never a formula (OWASP, CSV injection): in the .xlsx, text that starts like a formula is
written as text (:func:`hoptac.imports.xlsx.text_cell`); in the CSV, which has no types, such text gets an
apostrophe in front (:func:`csv_cell`), which the import engine takes off again. Control characters are left out
of both: old records may carry them, an .xlsx cannot hold them, and nobody sees them.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse

from .cells import FORMULA_STARTS, printable
from .xlsx import sheet_title, text_cell

Column = tuple[Any, Callable[[Any], Any]]  # (header, getter)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_cell(value):
    """A value as a CSV cell: text without control characters, and an apostrophe before text that starts like
    a formula ("=", "+", "-", "@", tab, carriage return), so a spreadsheet opening the file shows it as text.

    Numbers stay numbers (a negative number is an ``int``, never neutralised text).
    """
    if value.__class__ is not str:
        return value
    if not value.isprintable():
        value = printable(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(columns: list[Column], rows: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel opens UTF-8 Vietnamese correctly
    yield writer.writerow([str(header) for header, _getter in columns])
    for row in rows:
        yield writer.writerow([csv_cell(getter(row)) for _header, getter in columns])


def csv_response(columns: list[Column], rows: Iterable, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(columns: list[Column], rows: Iterable, filename: str, sheet: str) -> FileResponse:
    """Written row by row (openpyxl write-only mode) to a spooled temporary file, then streamed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet_title(sheet))
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header, _getter in columns:
        cell = WriteOnlyCell(worksheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    worksheet.append(header_cells)
    for row in rows:
        worksheet.append([text_cell(worksheet, getter(row)) for _header, getter in columns])
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)
