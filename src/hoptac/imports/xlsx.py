"""Small openpyxl helpers shared by the error file, the template and the exports.

Every value written to a sheet goes through :func:`plain` (or :func:`safe_text` for a string), and every
string that could start like a formula through :func:`keep_as_text`: openpyxl raises IllegalCharacterError on
a control character, and reads a string starting with "=" as a formula (and "#N/A" as an error value).
"""

from __future__ import annotations

import datetime
import re

from .cells import printable

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: object) -> str:
    """A valid worksheet title (≤ 31 characters, none of []:*?/\\ nor a control character)."""
    return _BAD_SHEET_CHARS.sub(" ", printable(str(name))).strip()[:31] or "Sheet1"


def safe_text(value: str) -> str:
    """Text an .xlsx can hold: without control characters (old data may carry them; XML 1.0 refuses them)."""
    return value if value.isprintable() else printable(value)


def plain(value):
    """A cell value as written to a spreadsheet: whole floats as ints, text without control characters, other
    values unchanged."""
    cls = value.__class__
    if cls is str:
        return value if value.isprintable() else printable(value)
    if cls is float and value.is_integer():
        return int(value)
    if cls is datetime.timedelta:
        return str(value)
    return value


def looks_like_formula(value) -> bool:
    """Text a spreadsheet could take for a formula (or an error value such as "#N/A")."""
    return value.__class__ is str and value[:1] in ("=", "+", "-", "@", "#")


def keep_as_text(cell) -> None:
    """Text that starts like a formula stays text (no formula injection, no #NAME? on re-upload), and text
    that reads like an error value ("#N/A") stays text too."""
    if isinstance(cell.value, str) and cell.data_type in ("f", "e"):
        cell.data_type = "s"


def text_cell(sheet, value):
    """``value`` for a write-only ``sheet``'s ``append``: as is, or a cell kept as text when it starts like a
    formula (the rare case, so ordinary rows create no cell objects)."""
    value = plain(value)
    if looks_like_formula(value):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        keep_as_text(cell)
        return cell
    return value
