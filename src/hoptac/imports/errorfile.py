"""The rejected rows of an import as an .xlsx file to fix and upload again.

The sheet has the file's own header row (as written), each rejected row's original cells — the raw values,
so numbers stay numbers and dates stay dates, which is what the spec already parses — and a last column
"Lỗi cần sửa" with the row's errors. The engine ignores that column on re-upload. Control characters are
left out (an .xlsx cannot hold them) and text that starts like a formula stays text.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .engine import ParsedRow
from .errors import ERROR
from .spec import ERROR_COLUMN_HEADER
from .xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    keep_as_text,
    looks_like_formula,
    plain,
    safe_text,
    sheet_title,
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_ERROR_FONT = Font(color="9C0006")
_WRAP = Alignment(wrap_text=True, vertical="top")


def rejected_rows_xlsx(
    rows: Iterable[ParsedRow], headers: Sequence[str], *, sheet_name: str | None = None
) -> bytes:
    """An .xlsx of ``rows`` (those with errors) under ``headers`` (the header row as written, by position).

    Columns with an empty header are left out; the last column "Lỗi cần sửa" lists each error as
    "Header: message", one per line. Written in openpyxl's write-only mode (streams, bounded memory).
    """
    positions = [
        position for position, header in enumerate(headers) if header and header != ERROR_COLUMN_HEADER
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(sheet_name or _("Dòng bị từ chối")))
    sheet.freeze_panes = "A2"
    for index, position in enumerate(positions, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(headers[position]) + 4, 12), 40)
    sheet.column_dimensions[get_column_letter(len(positions) + 1)].width = 70

    header_cells = []
    for title in [*(headers[p] for p in positions), ERROR_COLUMN_HEADER]:
        cell = WriteOnlyCell(sheet, value=safe_text(title))
        keep_as_text(cell)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)

    for row in rows:
        cells = row.cells
        count = len(cells)
        out = []
        for position in positions:
            value = plain(cells[position]) if position < count else None
            if value == "":
                value = None
            if isinstance(value, datetime.date) or looks_like_formula(value):
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT if (value.hour or value.minute) else DATE_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                else:
                    keep_as_text(cell)
                out.append(cell)
            else:
                out.append(value)
        messages = "\n".join(
            f"{problem.column}: {problem.message}" for problem in row.problems if problem.level == ERROR
        )
        message_cell = WriteOnlyCell(sheet, value=safe_text(messages))
        message_cell.font, message_cell.alignment = _ERROR_FONT, _WRAP
        keep_as_text(message_cell)
        out.append(message_cell)
        sheet.append(out)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
