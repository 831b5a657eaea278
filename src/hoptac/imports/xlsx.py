"""Small openpyxl helpers shared by the error file and the template."""

from __future__ import annotations

import datetime
import re

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: object) -> str:
    """A valid worksheet title (≤ 31 characters, none of []:*?/\\)."""
    return _BAD_SHEET_CHARS.sub(" ", str(name)).strip()[:31] or "Sheet1"


def plain(value):
    """A cell value as written back to a spreadsheet: whole floats as ints, other values unchanged."""
    if value.__class__ is float and value.is_integer():
        return int(value)
    if value.__class__ is datetime.timedelta:
        return str(value)
    return value


def keep_as_text(cell) -> None:
    """Text that starts like a formula stays text (no formula injection, no #NAME? on re-upload)."""
    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")) and cell.data_type == "f":
        cell.data_type = "s"
