"""Judging a result against a limit: pure functions over plain data (no database), used by the command and,
later, by the sample screens and the test report.

A result is read (:func:`parse_value`) as the set of values it may stand for — an exact number, "below the
detection limit d" (0 ≤ x < d) or "not detected" (below an unknown, small detection limit) — and the verdict is
decided only when that whole set falls on one side of the limit; otherwise it is ``undetermined``:

* pass/fail sets: ``pass`` when every possible value is inside the interval, ``exceed`` when every one is above
  it, ``below_minimum`` when every one is below it. "<0.5" against a maximum of 30 passes; "<40" against 30 is
  undetermined; "<0.5" against a minimum of 6 is below it. "KPH" passes a maximum and is undetermined against a
  minimum or a range (its detection limit is not known).
* graded sets: walking the classes best first, the first class one of whose intervals holds every possible value.
  A class that gives no number for the parameter (DO class D, TSS classes C/D in QCVN 08:2023) stops the walk
  with ``undetermined``: the value might belong to it. For "<d" with nested classes this is the best class the
  value is *sure* to meet ("<5" for BOD5: A is ≤ 4, so "<5" is graded B).

Limit texts: a maximum as the bare number ("60"), a strict maximum "<3", a minimum ">=6" (strict ">6"), a closed
range "5-9", a range open at either end ">5,<=9". For a graded result, the interval of the class that holds the
value — so pH 5 in class D ("< 6 or > 8.5") gives "<6". Bounds multiplied by the coefficient are Decimal products
written without trailing zeros ("60" for 50 × 1.2), never floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core.text import fold

LIMITS = "limits"
CLASSES = "classes"

PASS = "pass"  # noqa: S105  (a verdict, not a password)
EXCEED = "exceed"
BELOW_MINIMUM = "below_minimum"
GRADED = "graded"
UNDETERMINED = "undetermined"
VERDICTS = (PASS, EXCEED, BELOW_MINIMUM, GRADED, UNDETERMINED)

EXACT = "exact"
BELOW_DETECTION = "below_detection"
NOT_DETECTED = "not_detected"

ZERO = Decimal(0)
ONE = Decimal(1)


# --- numbers as people type them ----------------------------------------------------------------------------
#
# One rule for every number a person types in the lab — a result, a detection limit after "<", a coefficient, a
# bound in the limit editor (:mod:`hoptac.lab.bounds` reads its numbers with :func:`read_number`):
#
# * a decimal comma or point: "12,5" = "12.5" = 12.5; "0,050" and "12,50" are read (they cannot be thousands);
# * never a guessed thousands separator: "1.000" or "7,500" (1–3 digits, not starting with 0, then exactly three
#   decimals ending in 0) may be one thousand / seven thousand five hundred written the Vietnamese way, or a
#   decimal with a needless trailing zero — it is refused (:data:`NUMBER_AMBIGUOUS`), never read as 7.5;
#   "1.000.000" is not a number at all;
# * a space (also a no-break or thin space) only between groups of exactly three digits of the integer part:
#   "7 500" = 7500, "1 000 000,5"; "12 5" is not a number; "1 000.000" (mixed separators) is refused as ambiguous;
# * no more digits than the database keeps (:data:`INTEGER_DIGITS` before the decimal sign,
#   :data:`DECIMAL_PLACES` after it, trailing zeros not counted): a longer number is refused
#   (:data:`NUMBER_TOO_LONG`), never overflowed or rounded.

INTEGER_DIGITS = 10  # BOUND_DIGITS (results, bounds, detection limits): 16 digits, 6 of them decimals
DECIMAL_PLACES = 6
COEFFICIENT_INTEGER_DIGITS = 4  # Sample.coefficient: 8 digits, 4 of them decimals
COEFFICIENT_DECIMAL_PLACES = 4

NUMBER_PATTERN = r"\d+(?:[.,]\d+)?"  # the compact shape, for the limit editor's patterns
NUMBER_ONLY = re.compile(rf"^{NUMBER_PATTERN}$")
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$")
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f\u2009]")
_THOUSANDS_LOOKALIKE = re.compile(r"^[1-9]\d{0,2}[.,]\d\d0$")
_GROUP_LOOKALIKE = re.compile(r"[.,]\d\d0$")  # after grouped digits: "1 000.000", a million or 1000?

NUMBER_AMBIGUOUS = gettext_lazy(
    "“%(number)s” có thể là số có dấu phân cách hàng nghìn hoặc số thập phân: hãy viết số nguyên không có dấu "
    "phân cách (ví dụ 1000) và số thập phân không có số 0 thừa ở cuối (ví dụ 1,5)."
)
NUMBER_TOO_LONG = gettext_lazy(
    "Số “%(number)s” có quá nhiều chữ số: tối đa %(integer)s chữ số phần nguyên và %(places)s chữ số thập phân."
)
NOT_A_NUMBER = gettext_lazy("“%(number)s” không phải là một số.")


class JudgeError(Exception):
    """A result or a request the judge cannot answer; ``message`` is Vietnamese, for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableValue(JudgeError):
    pass


class UnitMismatch(JudgeError):
    pass


def _compact_number(text: str) -> str | None:
    """``text`` in the compact shape ("7 500" → "7500") when it is a number at all, else None."""
    if NUMBER_ONLY.match(text):
        return text
    if _SPACE_GROUPED.match(text):
        return _GROUP_SPACE.sub("", text)
    return None


def is_number(text: str) -> bool:
    """Whether ``text`` has the shape of a number (it may still be refused as ambiguous or too long)."""
    return _compact_number(text) is not None


def read_number(
    text: str, *, integer_digits: int = INTEGER_DIGITS, decimal_places: int = DECIMAL_PLACES
) -> Decimal:
    """A non-negative number typed by a person, by the rule above; :class:`UnreadableValue` (a Vietnamese
    message) for anything else."""
    raw = (text or "").strip()
    compact = _compact_number(raw)
    if compact is None:
        raise UnreadableValue(str(NOT_A_NUMBER % {"number": raw}))
    if _THOUSANDS_LOOKALIKE.match(compact) or (compact != raw and _GROUP_LOOKALIKE.search(compact)):
        raise UnreadableValue(str(NUMBER_AMBIGUOUS % {"number": raw}))
    value = Decimal(compact.replace(",", "."))
    integer, _sep, fraction = format_decimal(value).partition(".")
    if len(integer.lstrip("0")) > integer_digits or len(fraction) > decimal_places:
        raise UnreadableValue(
            str(NUMBER_TOO_LONG % {"number": raw, "integer": integer_digits, "places": decimal_places})
        )
    return value


# --- reading a result --------------------------------------------------------------------------------------

_NOT_DETECTED = frozenset({"kph", "khong phat hien"})


@dataclass(frozen=True)
class Reading:
    """A result as entered: ``kind`` is exact, below_detection (``value`` = the detection limit) or not_detected."""

    kind: str
    value: Decimal | None = None


def parse_value(text: str | None) -> Reading:
    """Read "55", "12,5" (decimal comma), "7 500", "<0.5" / "< 0,5" (below that detection limit), "KPH" / "không
    phát hiện" (not detected), numbers by :func:`read_number`'s rule ("7.500" is refused, not read as 7.5);
    anything else is refused with a Vietnamese message."""
    raw = (text or "").strip()
    if fold(raw) in _NOT_DETECTED:
        return Reading(NOT_DETECTED)
    below = raw.startswith("<")
    number = raw[1:].strip() if below else raw
    if not is_number(number):
        raise UnreadableValue(
            _(
                "Không đọc được kết quả “%(value)s”: hãy nhập một số (dấu thập phân là dấu chấm hoặc dấu phẩy, "
                "ví dụ 12,5), “<0,5” nếu dưới giới hạn phát hiện 0,5, hoặc “KPH” nếu không phát hiện."
            )
            % {"value": raw}
        )
    value = read_number(number)
    if not below:
        return Reading(EXACT, value)
    if value <= 0:
        raise UnreadableValue(_("Giới hạn phát hiện “%(value)s” phải lớn hơn 0.") % {"value": raw})
    return Reading(BELOW_DETECTION, value)


def parse_coefficient(text: str | Decimal | None) -> Decimal:
    """The coefficient chosen for a sample (K): a positive number, decimal point or comma, read by
    :func:`read_number`'s rule within the digits a sample keeps."""
    if isinstance(text, Decimal):
        value = text
    else:
        raw = (text or "").strip()
        if not is_number(raw):
            raise UnreadableValue(
                _("Không đọc được hệ số “%(value)s”: hãy nhập một số dương, ví dụ 1,2.") % {"value": raw}
            )
        value = read_number(
            raw, integer_digits=COEFFICIENT_INTEGER_DIGITS, decimal_places=COEFFICIENT_DECIMAL_PLACES
        )
    if not value.is_finite() or value <= 0:
        raise UnreadableValue(_("Hệ số phải là một số dương (nhận được “%(value)s”).") % {"value": text})
    return value


# --- limits ---------------------------------------------------------------------------------------------------


def format_decimal(value: Decimal) -> str:
    """A plain decimal without trailing zeros or exponent: 60.0 → "60", 1E+3 → "1000", 0.050 → "0.05"."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Interval:
    """Lower and/or upper bound; a missing bound is unbounded on that side."""

    lower: Decimal | None = None
    lower_inclusive: bool = True
    upper: Decimal | None = None
    upper_inclusive: bool = True

    def scaled(self, factor: Decimal) -> Interval:
        if factor == ONE:
            return self
        return Interval(
            None if self.lower is None else self.lower * factor,
            self.lower_inclusive,
            None if self.upper is None else self.upper * factor,
            self.upper_inclusive,
        )

    def text(self) -> str:
        lower = None if self.lower is None else format_decimal(self.lower)
        upper = None if self.upper is None else format_decimal(self.upper)
        if lower is None:
            return upper if self.upper_inclusive else f"<{upper}"
        if upper is None:
            return f">={lower}" if self.lower_inclusive else f">{lower}"
        if self.lower_inclusive and self.upper_inclusive:
            return f"{lower}-{upper}"
        return (
            f"{'>=' if self.lower_inclusive else '>'}{lower},{'<=' if self.upper_inclusive else '<'}{upper}"
        )


@dataclass(frozen=True)
class ClassRule:
    """One class of a graded set for one parameter; no intervals = the number alone does not decide it."""

    label: str
    intervals: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class Rule:
    """What one limit set requires of one parameter (the data of a ``Limit`` and its intervals)."""

    kind: str = LIMITS
    unit: str = ""
    coefficient_applies: bool = False
    interval: Interval | None = None  # pass/fail sets
    classes: tuple[ClassRule, ...] = ()  # graded sets, best first
    note: str = ""


@dataclass(frozen=True)
class Judgement:
    verdict: str
    limit: str | None = None
    klass: str | None = None

    def as_dict(self) -> dict:
        """The command contract's object, keys in this order."""
        return {"verdict": self.verdict, "limit": self.limit, "class": self.klass}


# --- units ------------------------------------------------------------------------------------------------

_DIMENSIONLESS = frozenset({"", "-", "–", "—", "khong thu nguyen"})
# QCVN 08:2023/BTNMT gives coliform limits in "CFU hoặc MPN/100 mL": the count per volume is the same quantity
# whichever method (membrane filtration, CFU; multiple tube, MPN) produced it.
_COUNT_UNITS = re.compile(r"\b(cfu|mpn|vi khuan|khuan lac)\b")


def _unit_key(unit: str | None) -> str:
    raw = (unit or "").strip()
    if raw in _DIMENSIONLESS or fold(raw) in _DIMENSIONLESS:
        return ""
    folded = raw.replace("µ", "u").replace("μ", "u").casefold()
    folded = _COUNT_UNITS.sub("count", fold(folded))
    return folded.replace(" ", "")


def units_match(a: str | None, b: str | None) -> bool:
    """Same unit, ignoring case and spacing ("mg/L" = "mg/l"); CFU and MPN per volume count as one unit."""
    return _unit_key(a) == _unit_key(b)


# --- deciding -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Possible:
    """The values a reading may stand for: [low, high) or [low, high]; ``high`` None = small but unknown."""

    low: Decimal
    low_inclusive: bool
    high: Decimal | None
    high_inclusive: bool


def _possible(reading: Reading) -> _Possible:
    if reading.kind == EXACT:
        return _Possible(reading.value, True, reading.value, True)
    if reading.kind == BELOW_DETECTION:
        return _Possible(ZERO, True, reading.value, False)
    return _Possible(ZERO, True, None, False)  # not detected: below a detection limit we do not know


def _lower_holds(interval: Interval, p: _Possible) -> bool:
    if interval.lower is None:
        return True
    return p.low > interval.lower or (
        p.low == interval.lower and (interval.lower_inclusive or not p.low_inclusive)
    )


def _upper_holds(interval: Interval, p: _Possible) -> bool:
    if interval.upper is None:
        return True
    if p.high is None:  # not detected: any sensible method detects well below a positive maximum
        return interval.upper > 0
    return p.high < interval.upper or (
        p.high == interval.upper and (interval.upper_inclusive or not p.high_inclusive)
    )


def _contains(interval: Interval, p: _Possible) -> bool:
    return _lower_holds(interval, p) and _upper_holds(interval, p)


def _all_above(interval: Interval, p: _Possible) -> bool:
    if interval.upper is None:
        return False
    return p.low > interval.upper or (
        p.low == interval.upper and not (interval.upper_inclusive and p.low_inclusive)
    )


def _all_below(interval: Interval, p: _Possible) -> bool:
    if interval.lower is None or p.high is None:
        return False
    return p.high < interval.lower or (
        p.high == interval.lower and not (interval.lower_inclusive and p.high_inclusive)
    )


def judge(rule: Rule, reading: Reading, k: Decimal = ONE, parameter_unit: str | None = None) -> Judgement:
    """The verdict of ``reading`` against ``rule``, the coefficient ``k`` applied where the rule says so.

    ``parameter_unit`` is the unit the result was entered in; a different unit from the limit's is refused
    (:class:`UnitMismatch`) rather than compared.
    """
    if parameter_unit is not None and not units_match(parameter_unit, rule.unit):
        raise UnitMismatch(
            _("Đơn vị không khớp: kết quả tính bằng “%(result)s”, giới hạn tính bằng “%(limit)s”.")
            % {"result": parameter_unit or "–", "limit": rule.unit or "–"}
        )
    factor = k if rule.coefficient_applies else ONE
    p = _possible(reading)
    if rule.kind == CLASSES:
        return _grade(rule, p, factor)
    if rule.interval is None:
        return Judgement(UNDETERMINED)
    interval = rule.interval.scaled(factor)
    if _contains(interval, p):
        return Judgement(PASS, interval.text())
    if _all_above(interval, p):
        return Judgement(EXCEED, interval.text())
    if _all_below(interval, p):
        return Judgement(BELOW_MINIMUM, interval.text())
    return Judgement(UNDETERMINED)


def _grade(rule: Rule, p: _Possible, factor: Decimal) -> Judgement:
    for klass in rule.classes:
        if not klass.intervals:
            return Judgement(UNDETERMINED)  # the value might belong to a class no number decides
        for interval in klass.intervals:
            scaled = interval.scaled(factor)
            if _contains(scaled, p):
                return Judgement(GRADED, scaled.text(), klass.label)
    return Judgement(UNDETERMINED)


def judge_text(
    rule: Rule, value: str, k: str | Decimal = ONE, parameter_unit: str | None = None
) -> Judgement:
    """:func:`judge` from the texts a person typed (result and coefficient)."""
    return judge(rule, parse_value(value), parse_coefficient(k), parameter_unit)
