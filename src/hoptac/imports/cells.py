"""A cell's value the way a person sees it in the spreadsheet."""

from __future__ import annotations

import datetime
import unicodedata


def cell_text(value) -> str:
    """``100233488.0`` → ``"100233488"``, ``1500000.5`` → ``"1500000.5"``, a date → ``"dd/mm/yyyy"``, None → ``""``.

    Strings are stripped and put in composed form (NFC), so text typed with a decomposed keyboard compares and
    stores like any other.
    """
    cls = value.__class__
    if cls is str:
        value = value.strip()
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if value is None:
        return ""
    if cls is float:
        if value.is_integer():
            return str(int(value))
        return f"{value:.15g}"  # Excel shows 15 significant digits: 0.1 + 0.2 is "0.3"
    if cls is bool:
        return "TRUE" if value else "FALSE"
    if cls is int:
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%d/%m/%Y")
        if value.second:
            return value.strftime("%d/%m/%Y %H:%M:%S")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(value).strip()


def is_blank(value) -> bool:
    """True for None, "" and text of spaces only (an empty cell in every reader's representation)."""
    if value is None:
        return True
    return value.__class__ is str and not value.strip()
