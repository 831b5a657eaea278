"""A cell's value the way a person sees it in the spreadsheet."""

from __future__ import annotations

import datetime
import re
import unicodedata

# Control characters: C0 other than tab, line feed and carriage return, DEL, C1, and the two non-characters
# U+FFFE/U+FFFF. Invisible, meaningless in a registry, and most of them cannot be written to an .xlsx at all
# (XML 1.0 forbids them: openpyxl raises IllegalCharacterError). Vertical tab and form feed are line breaks
# (Word writes a manual line break as a vertical tab, and text pasted from Word keeps it).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_BREAKS = str.maketrans("\x0b\x0c", "\n\n")
# What a spreadsheet reads as the start of a formula; exports put an apostrophe before such text in CSV files
# (OWASP's guard against CSV injection), and an import takes it off again so the file round-trips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def without_controls(value: str) -> tuple[str, int]:
    """``value`` without control characters (vertical tab and form feed become line breaks), and how many
    characters were removed."""
    if value.isprintable():  # the common case, in C; also False for line breaks, tabs and unusual spaces
        return value, 0
    if "\x0b" in value or "\x0c" in value:
        value = value.translate(_BREAKS)
    cleaned = _CONTROL.sub("", value)
    return cleaned, len(value) - len(cleaned)


def printable(value: str) -> str:
    """``value`` without control characters: what a person sees, and what an .xlsx can hold."""
    return without_controls(value)[0]


def unquote_formula(value: str) -> str:
    """``"'=SUM(A1)"`` → ``"=SUM(A1)"``: the apostrophe a CSV export put before text that starts like a formula.

    Nobody writes an apostrophe followed by = + - @ on purpose; what follows it is the real value.
    """
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:].lstrip()  # lstrip: a tab or carriage return after the apostrophe is not content
    return value


def cell_text(value) -> str:
    """``100233488.0`` → ``"100233488"``, ``1500000.5`` → ``"1500000.5"``, a date → ``"dd/mm/yyyy"``, None → ``""``.

    Strings are stripped and put in composed form (NFC), so text typed with a decomposed keyboard compares and
    stores like any other; control characters are dropped (nobody sees them), and so is the apostrophe a CSV
    export puts before text that starts like a formula (:func:`unquote_formula`).
    """
    cls = value.__class__
    if cls is str:
        if not value.isprintable():
            value = printable(value)
        value = value.strip()
        if value[:1] == "'":
            value = unquote_formula(value)
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
