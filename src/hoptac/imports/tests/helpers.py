"""A toy import spec (it knows nothing of cooperatives) and builders of real spreadsheet files."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from django.db import models
from openpyxl import Workbook

from hoptac.imports import Column, ImportSpec
from hoptac.imports import normalisers as n


class Kind(models.TextChoices):
    FARM = "farm", "Nông trại"
    SHOP = "shop", "Cửa hàng"


class Tag(models.TextChoices):
    ORGANIC = "organic", "Hữu cơ"
    TRADE = "trade", "Thương mại, dịch vụ"
    VIETGAP = "vietgap", "VietGAP"


def _kind_needs_tax_code(values):
    if values.get("kind") == Kind.SHOP and not values.get("tax_code"):
        yield "tax_code", "Cửa hàng phải có mã số thuế."


COLUMNS = [
    Column("name", "Tên đơn vị", ("Tên HTX", "Ten hop tac xa", "Name"), n.text(40), required=True, example="Hợp tác xã Thử", help="Tên đầy đủ."),
    Column("tax_code", "Mã số thuế", ("MST", "Tax code"), n.tax_code(), example="0100233488", help="10 hoặc 13 chữ số."),
    Column("founded", "Ngày thành lập", ("Ngày ĐK",), n.date(), example="15/03/2021"),
    Column("members", "Số thành viên", (), n.integer(min_value=0), example="12"),
    Column("capital", "Vốn điều lệ", ("Vốn",), n.decimal(max_digits=18, decimal_places=2), example="1.500.000.000"),
    Column("phone", "Điện thoại", ("SĐT", "Phone"), n.phone(), example="0912345678"),
    Column("email", "E-mail", ("Email", "Thư điện tử"), n.email()),
    Column("kind", "Loại hình", (), n.choice(Kind, aliases={"NT": Kind.FARM}), example="Nông trại"),
    Column("tags", "Lĩnh vực", (), n.multi_choice(Tag), example="Hữu cơ; VietGAP"),
]  # fmt: skip
SPEC = ImportSpec("Danh sách thử", COLUMNS, row_check=_kind_needs_tax_code)
HEADERS = [str(column.header) for column in COLUMNS]


def xlsx(rows, *, title_rows=(), merge=None, sheet="Danh sách", extra_sheets=(), start_column=1) -> bytes:
    """An .xlsx whose first sheet holds ``title_rows`` then ``rows`` (lists of values), via openpyxl."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    number = 0
    for number, row in enumerate([*title_rows, *rows], 1):
        for offset, value in enumerate(row):
            if value is not None:
                worksheet.cell(row=number, column=start_column + offset, value=value)
    if merge:
        worksheet.merge_cells(merge)
    for name in extra_sheets:
        workbook.create_sheet(name)["A1"] = name
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines, *, encoding="utf-8", delimiter=",") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(lines)
    return buffer.getvalue().encode(encoding)


def ods(rows) -> bytes:
    """A minimal OpenDocument spreadsheet (no extra library): strings and floats."""

    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Trang 1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: vowels with ă/â/ê/ô/ơ/ư precomposed, tones as combining marks."""
    import unicodedata

    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            letter_marks = "".join(m for m in marks if m in "\u0306\u0302\u031b")
            tones = "".join(m for m in marks if m not in letter_marks)
            out.append((unicodedata.normalize("NFC", base + letter_marks) + tones).encode("cp1258"))
    return b"".join(out)
