"""Limits as text, both ways: :func:`parse_bounds` reads a limit typed as a QCVN table prints it ("≤ 50", "<3",
"5–9", "6,5 ÷ 8,5", "≥ 6", ">= 6", and for a class several alternatives, "< 6 hoặc > 8,5") into the judge's
:class:`~hoptac.lab.judging.Interval` s; :func:`bounds_text` writes them back, so what the limit editor shows is what
it reads, and the test report prints limits the same way. Pure: no database, no forms.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from . import judging
from .judging import (  # noqa: F401  (the number rule's names, re-exported for the limit editor's forms)
    DECIMAL_PLACES,
    INTEGER_DIGITS,
    NUMBER_AMBIGUOUS,
    NUMBER_ONLY,
    NUMBER_TOO_LONG,
    Interval,
    format_decimal,
)

# --- numbers as people type them ------------------------------------------------------------------------------
#
# A bound's number is read by the same rule as a result (:func:`hoptac.lab.judging.read_number`): a decimal comma
# or point, "1.000" / "7,500" refused as ambiguous (a thousands separator would silently become 1 or 7.5), no more
# digits than the database keeps. The limit editor and the analyst never disagree on what a number means.

_NUMBER = judging.NUMBER_PATTERN
# "7 500": spaces between groups of three digits, the only spaces a number may hold ("12 5" is not 125).
_SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)")
_DIGIT_SPACE_DIGIT = re.compile(r"\d\s+\d")


class BoundError(ValueError):
    """A text the limit editor cannot read; ``message`` is Vietnamese."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def read_number(text: str) -> Decimal:
    """ "12,5" or "12.5" → 12.5, by :func:`hoptac.lab.judging.read_number` (the rule results follow); refuses
    "1.000" (a thousands separator would silently become 1) and more digits than the database keeps, as a
    :class:`BoundError`."""
    try:
        return judging.read_number(text)
    except judging.UnreadableValue as exc:
        raise BoundError(exc.message) from exc


def number_text(value: Decimal | None) -> str:
    """A decimal as Vietnamese write it: no trailing zeros, decimal comma (0,05; 1000)."""
    return "" if value is None else format_decimal(value).replace(".", ",")


# --- bounds ------------------------------------------------------------------------------------------------------

BOUNDS_HELP = _(
    "Ví dụ: “≤ 50” hoặc “50” (tối đa), “< 3”, “≥ 6” (tối thiểu), “5–9” (khoảng), “> 5 và ≤ 9”; "
    "dấu thập phân là dấu phẩy hoặc dấu chấm."
)
BOUNDS_UNREADABLE = _(
    "Không đọc được giới hạn “%(text)s”: hãy viết ví dụ “≤ 50”, “< 3”, “≥ 6”, “5–9” hoặc “> 5 và ≤ 9” "
    "(nhiều khoảng của một hạng nối bằng “hoặc”: “< 6 hoặc > 8,5”)."
)
BOUNDS_ORDER = _("Trong “%(text)s”, cận dưới phải nhỏ hơn cận trên.")
BOUNDS_EMPTY_ALTERNATIVE = _("Trong “%(text)s”, một vế trước hoặc sau chữ “hoặc” đang để trống.")

_SYMBOLS = (
    ("≤", "<="),
    ("⩽", "<="),
    ("≦", "<="),
    ("=<", "<="),
    ("≥", ">="),
    ("⩾", ">="),
    ("≧", ">="),
    ("=>", ">="),
    ("–", "-"),  # en dash, as printed in the regulations
    ("—", "-"),
    ("÷", "-"),  # "6,5 ÷ 8,5", the QCVN tables' range sign
    ("~", "-"),
)
_ALTERNATIVES = re.compile(r"\s*(?:\bhoặc\b|\bhoac\b|\bor\b|\|)\s*", re.IGNORECASE)
_RANGE_WORDS = re.compile(r"\s*(?:\bđến\b|\bden\b|\bto\b)\s*", re.IGNORECASE)
_AND_WORDS = re.compile(r"\s*(?:\bvà\b|\bva\b|\band\b|&)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_CMP = r"(<=|>=|<|>)"
_RANGE = re.compile(rf"^({_NUMBER})-({_NUMBER})$")
_ONE = re.compile(rf"^{_CMP}?({_NUMBER})$")
_TWO = re.compile(rf"^{_CMP}({_NUMBER}),?{_CMP}({_NUMBER})$")


def _one_bound(comparator: str | None, number: Decimal) -> Interval:
    if comparator in (None, "<="):
        return Interval(upper=number)  # a bare number in a limit table is a maximum
    if comparator == "<":
        return Interval(upper=number, upper_inclusive=False)
    if comparator == ">=":
        return Interval(lower=number)
    return Interval(lower=number, lower_inclusive=False)


def _check_order(interval: Interval, text: str) -> Interval:
    both = interval.lower is not None and interval.upper is not None
    if both and (
        interval.lower > interval.upper
        or (interval.lower == interval.upper and not (interval.lower_inclusive and interval.upper_inclusive))
    ):
        raise BoundError(BOUNDS_ORDER % {"text": text})
    return interval


def _compact_grouped(match: re.Match) -> str:
    """ "7 500" → "7500", once the reader has seen it with its spaces ("1 000,500" is ambiguous)."""
    read_number(match.group())
    return _SPACES.sub("", match.group())


def _alternative(text: str, whole: str) -> Interval:
    worded = _AND_WORDS.sub(",", _RANGE_WORDS.sub("-", text))
    worded = _SPACE_GROUPED.sub(_compact_grouped, worded)
    unreadable = BoundError(BOUNDS_UNREADABLE % {"text": whole})
    if _DIGIT_SPACE_DIGIT.search(worded):
        raise unreadable  # "12 5": one number or two? (a number's spaces only part groups of three digits)
    compact = _SPACES.sub("", worded)
    if match := _RANGE.match(compact):
        low, high = (read_number(g) for g in match.groups())
        return _check_order(Interval(lower=low, upper=high), whole)
    if match := _ONE.match(compact):
        return _one_bound(match.group(1), read_number(match.group(2)))
    if match := _TWO.match(compact):
        first = _one_bound(match.group(1), read_number(match.group(2)))
        second = _one_bound(match.group(3), read_number(match.group(4)))
        lower, upper = (first, second) if first.lower is not None else (second, first)
        if lower.lower is None or upper.upper is None:
            raise unreadable  # "< 5 và < 9": two maxima
        combined = Interval(lower.lower, lower.lower_inclusive, upper.upper, upper.upper_inclusive)
        return _check_order(combined, whole)
    raise unreadable


def parse_bounds(text: str | None) -> list[Interval]:
    """The intervals a limit text stands for; empty text → no interval (the number alone decides nothing).

    Raises :class:`BoundError` with a Vietnamese message for anything else.
    """
    raw = unicodedata.normalize("NFC", (text or "").strip())
    if not raw:
        return []
    normalised = raw
    for symbol, ascii_form in _SYMBOLS:
        normalised = normalised.replace(symbol, ascii_form)
    pieces = _ALTERNATIVES.split(normalised)
    if any(not piece.strip() for piece in pieces):
        raise BoundError(BOUNDS_EMPTY_ALTERNATIVE % {"text": raw})
    return [_alternative(piece, raw) for piece in pieces]


def interval_text(interval: Interval) -> str:
    """ "≤ 50", "< 3", "≥ 6", "> 6", "5–9", "> 5 và ≤ 9" (decimal comma)."""
    lower, upper = number_text(interval.lower), number_text(interval.upper)
    if interval.lower is None:
        return f"≤ {upper}" if interval.upper_inclusive else f"< {upper}"
    if interval.upper is None:
        return f"≥ {lower}" if interval.lower_inclusive else f"> {lower}"
    if interval.lower_inclusive and interval.upper_inclusive:
        return f"{lower}–{upper}"
    return f"{'≥' if interval.lower_inclusive else '>'} {lower} và {'≤' if interval.upper_inclusive else '<'} {upper}"


def bounds_text(intervals) -> str:
    """What :func:`parse_bounds` reads back: the intervals in order, joined by "hoặc"."""
    return " hoặc ".join(interval_text(i) for i in intervals)
