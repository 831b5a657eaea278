"""Read the rows of a spreadsheet (.xlsx, .xls, .ods through python-calamine) or a CSV file.

Rows come out as ``(number, cells)``: ``number`` is the row number the spreadsheet shows (1-based, counting the
empty rows above the data; for CSV the first line is row 1) and ``cells`` is the list of raw values — ``str``,
``float``, ``int``, ``bool``, ``datetime.date``/``datetime``/``time``/``timedelta`` for spreadsheets (calamine
returns every number as ``float`` and "" for an empty cell; a merged range keeps its value in its top-left cell
only), and ``str`` only for CSV.

A :class:`Sheet` can be iterated more than once (the engine reads the header rows, then the data, and a caller
may make a first pass for duplicate keys). Memory stays bounded by what calamine itself holds (it loads the
sheet's cells in Rust, compactly) or by the decoded CSV text: no list of all rows is built in Python.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import FileError
from .i18n import gettext as _

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_EXTENSIONS = (".csv", ".txt")
DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 50
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Row = tuple[int, list]

# .xlsx and .ods files are zip archives, checked before calamine opens them (see _check_archive).
DEFAULT_MAX_UNZIPPED_MB = 256
MAX_ZIP_MEMBERS = 1_000  # a workbook has about ten; one sheet adds three or four
MAX_COMPRESSION_RATIO = 100  # real sheets compress 8–15 times; deflate tops out near 1,030
_RATIO_CHECKED_FROM = 1024 * 1024  # small members (styles, themes) may compress very well
_MB = 1024 * 1024


class Sheet:
    """One sheet of a file: its ``name``, the workbook's ``sheet_names``, and its rows (iterate it)."""

    def __init__(
        self,
        name: str,
        sheet_names: list[str],
        rows: Callable[[], Iterator[Row]],
        *,
        height: int | None = None,
        delimiter: str | None = None,
        encoding: str | None = None,
    ):
        self.name = name
        self.sheet_names = sheet_names
        self._rows = rows
        self.height = height  # the last row number that has data, when known cheaply (progress bars)
        self.delimiter = delimiter  # CSV only
        self.encoding = encoding  # CSV only

    def __iter__(self) -> Iterator[Row]:
        return self._rows()

    def __repr__(self) -> str:
        return f"<Sheet {self.name!r} of {self.sheet_names!r}>"


def read_rows(
    data: bytes | str | os.PathLike, filename: str | None = None, sheet: str | None = None
) -> Sheet:
    """Open ``data`` (the file's bytes, or a path) and return the chosen sheet (the first unless ``sheet``).

    ``filename`` (as uploaded) decides the format by its extension; the content decides when the name says
    nothing useful. Raises :class:`FileError` with a Vietnamese message for an empty, unreadable or
    unsupported file and for an unknown ``sheet``.
    """
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FileError(
                _("Không mở được tệp “%(name)s”.") % {"name": filename}, code="unreadable"
            ) from exc
    filename = filename or ""
    if not data:
        raise FileError(_("Tệp “%(name)s” không có dữ liệu.") % {"name": filename}, code="empty")
    extension = os.path.splitext(filename)[1].lower()
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or extension in SPREADSHEET_EXTENSIONS:
        if extension in CSV_EXTENSIONS and not data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            return _read_csv(data, filename)
        return _read_workbook(data, filename, sheet)
    if extension in CSV_EXTENSIONS:
        return _read_csv(data, filename)
    raise FileError(
        _("Không đọc được tệp “%(name)s”: chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv.") % {"name": filename},
        code="unsupported",
    )


def _unreadable(filename: str) -> FileError:
    return FileError(
        _("Không đọc được tệp “%(name)s”: tệp bị hỏng hoặc không phải bảng tính.") % {"name": filename},
        code="unreadable",
    )


def max_unzipped_bytes() -> int:
    """The largest total uncompressed size of a workbook's archive (setting HOPTAC_IMPORT_MAX_UNZIPPED_MB)."""
    from django.conf import settings

    return getattr(settings, "HOPTAC_IMPORT_MAX_UNZIPPED_MB", DEFAULT_MAX_UNZIPPED_MB) * _MB


def _check_archive(data: bytes, filename: str) -> None:
    """Refuse a zip bomb before calamine decompresses it: too many members, too large once unzipped, or a
    member compressed beyond what any spreadsheet compresses. A corrupt archive is refused too.

    The sizes are those the archive declares, read from its central directory without decompressing
    anything. They are a real bound: calamine (the Rust ``zip`` crate) stops with an error as soon as a
    member inflates past its declared size (a test holds it so).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        if not data.startswith(_ZIP_MAGIC):
            raise _unreadable(filename) from exc  # not an archive at all: calamine would say no too
        raise FileError(
            _(
                "Không đọc được tệp “%(name)s”: tệp bị hỏng (phần nén bên trong không đọc được, có thể do tải "
                "lên hoặc sao chép chưa trọn vẹn). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên lại."
            )
            % {"name": filename},
            code="unreadable",
        ) from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileError(
            _(
                "Tệp “%(name)s” chứa %(count)s thành phần nén, quá giới hạn %(max)s; đây không phải một bảng "
                "tính thông thường nên không được mở."
            )
            % {"name": filename, "count": len(members), "max": MAX_ZIP_MEMBERS},
            code="suspicious",
        )
    limit = max_unzipped_bytes()
    total = sum(member.file_size for member in members)
    if total > limit:
        raise FileError(
            _(
                "Tệp “%(name)s” khi giải nén lớn %(size)s MB, vượt giới hạn %(limit)s MB; hãy chia danh sách "
                "thành nhiều tệp nhỏ hơn."
            )
            % {"name": filename, "size": math.ceil(total / _MB), "limit": limit // _MB},
            code="too_large",
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise FileError(
                _(
                    "Tệp “%(name)s” có phần “%(member)s” nén bất thường (giải nén ra gấp %(ratio)s lần); đây "
                    "không phải một bảng tính thông thường nên không được mở."
                )
                % {
                    "name": filename,
                    "member": member.filename,
                    "ratio": ratio,
                },
                code="suspicious",
            )


def _read_workbook(data: bytes, filename: str, sheet: str | None) -> Sheet:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if not data.startswith(_OLE_MAGIC):  # .xls is not an archive; everything else calamine opens is a zip
        _check_archive(data, filename)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
    except PasswordError as exc:
        raise FileError(
            _("Tệp “%(name)s” có mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.") % {"name": filename},
            code="password",
        ) from exc
    except (CalamineError, ValueError, OSError, RuntimeError) as exc:
        raise _unreadable(filename) from exc
    if not names:
        raise FileError(_("Tệp “%(name)s” không có trang tính nào.") % {"name": filename}, code="empty")
    chosen = names[0] if sheet is None else _find_sheet(names, sheet)
    try:
        calamine_sheet = workbook.get_sheet_by_name(chosen)
    except (CalamineError, ValueError, RuntimeError) as exc:
        raise _unreadable(filename) from exc
    end = calamine_sheet.end
    if end is None:
        raise FileError(
            _("Trang tính “%(sheet)s” của tệp “%(name)s” không có dữ liệu.")
            % {"sheet": chosen, "name": filename},
            code="empty",
        )

    def rows() -> Iterator[Row]:
        # calamine's iterator starts at the sheet's first row (A1), padding the empty rows above the data, so
        # the position in the iteration is the row number the spreadsheet shows.
        return enumerate(calamine_sheet.iter_rows(), 1)

    return Sheet(chosen, names, rows, height=end[0] + 1)


def _find_sheet(names: list[str], wanted: str) -> str:
    if wanted in names:
        return wanted
    from hoptac.core.text import fold

    folded = fold(wanted)
    for name in names:
        if fold(name) == folded:
            return name
    raise FileError(
        _("Không có trang tính “%(sheet)s”; tệp có các trang: %(names)s.")
        % {"sheet": wanted, "names": ", ".join(f"“{n}”" for n in names)},
        code="unknown_sheet",
    )


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"  # no copy of the bytes without their BOM
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1258 (Vietnamese ANSI) spells tones as combining marks: compose them like every other text.
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "cp1258"


def _sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that splits the first lines into the most rows of the same width (>1)."""
    sample = text[:65536].splitlines()[:_SNIFF_LINES]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths: dict[int, int] = {}
        for row in csv.reader(sample, delimiter=delimiter):
            if len(row) > 1:
                widths[len(row)] = widths.get(len(row), 0) + 1
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def _read_csv(data: bytes, filename: str) -> Sheet:
    if b"\x00" in data[:4096]:
        raise _unreadable(filename)  # UTF-16 or a binary file with a .csv name
    text, encoding = _decode(data)
    if not text.strip():
        raise FileError(_("Tệp “%(name)s” không có dữ liệu.") % {"name": filename}, code="empty")
    delimiter = _sniff_delimiter(text)
    name = os.path.splitext(os.path.basename(filename))[0] or "CSV"

    def rows() -> Iterator[Row]:
        # A record spanning several lines (a quoted cell with line breaks) is one row, as a spreadsheet shows it.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            yield from enumerate(reader, 1)
        except csv.Error as exc:
            raise _unreadable(filename) from exc

    return Sheet(name, [name], rows, delimiter=delimiter, encoding=encoding)
