"""The blank template of an import: the Vietnamese headers, one example row, and a "Hướng dẫn" sheet."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .spec import ImportSpec
from .xlsx import keep_as_text, sheet_title

_HEADER_FONT = Font(bold=True)
_REQUIRED_FONT = Font(bold=True, color="9C0006")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FONT = Font(italic=True, color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")


def blank_template_xlsx(spec: ImportSpec, *, sheet_name: str | None = None) -> bytes:
    """An .xlsx with the spec's headers (bold; required ones in dark red), the header row frozen, sensible
    widths, the example row (every column formatted as text, so codes keep their leading zeros), and a second
    sheet "Hướng dẫn" listing each column, whether it is required, how to write it and the other headers
    accepted. Uploading the template unchanged parses with ``spec`` (the example row is data: delete it).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name or spec.name)
    for index, column in enumerate(spec.columns, 1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=str(column.header))
        header.font = _REQUIRED_FONT if column.required else _HEADER_FONT
        header.fill = _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        example = sheet.cell(row=2, column=index, value=str(column.example) if column.example else None)
        example.font = _EXAMPLE_FONT
        example.number_format = "@"
        keep_as_text(example)
        width = column.width or min(max(len(str(column.header)), len(str(column.example or ""))) + 4, 50)
        sheet.column_dimensions[letter].width = max(width, 10)
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30

    guide = workbook.create_sheet(sheet_title(_("Hướng dẫn")))
    titles = [_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ví dụ"), _("Tên cột khác được chấp nhận")]
    for index, (title, width) in enumerate(zip(titles, (30, 10, 70, 25, 40), strict=True), 1):
        cell = guide.cell(row=1, column=index, value=title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        guide.column_dimensions[get_column_letter(index)].width = width
    for row, column in enumerate(spec.columns, 2):
        values = [
            str(column.header),
            _("Có") if column.required else _("Không"),
            str(column.help),
            str(column.example),
            ", ".join(str(alias) for alias in column.aliases),
        ]
        for index, value in enumerate(values, 1):
            cell = guide.cell(row=row, column=index, value=value or None)
            cell.alignment = _WRAP
            keep_as_text(cell)
    guide.freeze_panes = "A2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
