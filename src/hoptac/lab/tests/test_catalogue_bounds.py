"""The limit editor's bound texts: what people type in QCVN tables, read into the judge's intervals and back."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.lab.bounds import BoundError, bounds_text, parse_bounds, read_number
from hoptac.lab.judging import Interval


def upper(value, inclusive=True):
    return Interval(upper=D(value), upper_inclusive=inclusive)


def lower(value, inclusive=True):
    return Interval(lower=D(value), lower_inclusive=inclusive)


def between(low, high, low_inclusive=True, high_inclusive=True):
    return Interval(D(low), low_inclusive, D(high), high_inclusive)


READ = [
    ("≤ 50", [upper("50")]),
    ("<= 50", [upper("50")]),
    ("=<50", [upper("50")]),
    ("50", [upper("50")]),  # a bare number in a limit table is a maximum (the judge's "60")
    ("< 3", [upper("3", False)]),
    ("<3", [upper("3", False)]),
    ("≥ 6", [lower("6")]),
    (">= 6", [lower("6")]),
    (">=6", [lower("6")]),
    ("=> 6", [lower("6")]),
    ("> 10", [lower("10", False)]),
    ("5-9", [between("5", "9")]),
    ("5–9", [between("5", "9")]),
    ("5 — 9", [between("5", "9")]),
    ("6,5 ÷ 8,5", [between("6.5", "8.5")]),
    ("0,2 đến 1,0", [between("0.2", "1.0")]),
    ("6.0–8.5", [between("6.0", "8.5")]),
    (">5,<=9", [between("5", "9", low_inclusive=False)]),  # the judge's open range
    ("> 0,5 và ≤ 1,5", [between("0.5", "1.5", low_inclusive=False)]),
    ("≤ 9 và > 5", [between("5", "9", low_inclusive=False)]),
    ("< 6 hoặc > 8,5", [upper("6", False), lower("8.5", False)]),
    ("<6 or >8.5", [upper("6", False), lower("8.5", False)]),
    ("<6 hoac >8.5", [upper("6", False), lower("8.5", False)]),
    ("<6 | >8.5", [upper("6", False), lower("8.5", False)]),
    ("12,5", [upper("12.5")]),
    ("0,005", [upper("0.005")]),
    ("7500", [upper("7500")]),
    ("≤ 7 500", [upper("7500")]),  # a space between groups of three digits, as results read it
    ("1 000–10 000", [between("1000", "10000")]),
    ("≤ 1\u00a0000\u00a0000", [upper("1000000")]),
    ("", []),
    ("   ", []),
    (None, []),
]


@pytest.mark.parametrize(("text", "intervals"), READ, ids=[repr(t) for t, _ in READ])
def test_reads_what_people_type(text, intervals):
    assert parse_bounds(text) == intervals


AMBIGUOUS = "có thể là số có dấu phân cách hàng nghìn hoặc số thập phân"
REFUSED = [
    ("năm mươi", "Không đọc được giới hạn"),
    ("abc", "Không đọc được giới hạn"),
    ("≤", "Không đọc được giới hạn"),
    ("50 mg/L", "Không đọc được giới hạn"),
    ("< 5 và < 9", "Không đọc được giới hạn"),  # two maxima
    ("> 5 và > 9", "Không đọc được giới hạn"),
    ("9-5", "cận dưới phải nhỏ hơn cận trên"),
    ("> 9 và < 5", "cận dưới phải nhỏ hơn cận trên"),
    ("> 5 và < 5", "cận dưới phải nhỏ hơn cận trên"),
    ("< 6 hoặc", "một vế trước hoặc sau chữ “hoặc” đang để trống"),
    ("hoặc > 8", "một vế trước hoặc sau chữ “hoặc” đang để trống"),
    # one thousand or 1? never guessed (the rule results follow too: hoptac.lab.judging.read_number)
    ("1.000", AMBIGUOUS),
    ("≤ 7,500", AMBIGUOUS),
    ("≤ 1 000,500", AMBIGUOUS),
    ("≤ 12 5", "Không đọc được giới hạn"),  # a number's spaces only part groups of three digits
    ("1 0000", "Không đọc được giới hạn"),
    ("12345678901", "quá nhiều chữ số"),
    ("0,1234567", "quá nhiều chữ số"),
    ("-5", "Không đọc được giới hạn"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED, ids=[t for t, _ in REFUSED])
def test_refuses_unreadable_text_in_vietnamese(text, message):
    with pytest.raises(BoundError) as refused:
        parse_bounds(text)
    assert message in str(refused.value.message)


def test_a_refusal_names_what_was_typed():
    with pytest.raises(BoundError, match="“50 mg/L”"):
        parse_bounds("50 mg/L")
    with pytest.raises(BoundError, match=r"“1\.000”"):
        parse_bounds("≤ 1.000")


def test_shows_limits_the_way_regulations_print_them():
    assert bounds_text([upper("50")]) == "≤ 50"
    assert bounds_text([upper("3", False)]) == "< 3"
    assert bounds_text([lower("6")]) == "≥ 6"
    assert bounds_text([between("5", "9")]) == "5–9"
    assert bounds_text([between("6.5", "8.5")]) == "6,5–8,5"
    assert bounds_text([upper("6", False), lower("8.5", False)]) == "< 6 hoặc > 8,5"
    assert bounds_text([between("0.5", "1.5", low_inclusive=False)]) == "> 0,5 và ≤ 1,5"
    assert bounds_text([upper("0.050000")]) == "≤ 0,05"  # as stored: six decimal places
    assert bounds_text([]) == ""


def test_a_number_with_a_decimal_comma_or_point():
    assert read_number("12,5") == read_number("12.5") == D("12.5")
    assert read_number("0,050") == D("0.05")


# --- round trip ---------------------------------------------------------------------------------------------------

numbers = st.decimals(min_value=0, max_value=D("9999999999.999999"), places=6, allow_nan=False)


@st.composite
def intervals(draw):
    low = draw(st.none() | numbers)
    high = draw(st.none() | numbers) if low is not None else draw(numbers)
    if low is not None and high is not None and low > high:
        low, high = high, low
    low_inclusive = draw(st.booleans()) if low is not None else True
    high_inclusive = draw(st.booleans()) if high is not None else True
    if low is not None and low == high:
        low_inclusive = high_inclusive = True
    return Interval(low, low_inclusive, high, high_inclusive)


@given(st.lists(intervals(), min_size=1, max_size=3))
def test_what_the_editor_shows_is_what_it_reads(shown):
    assert parse_bounds(bounds_text(shown)) == shown


@given(intervals())
def test_the_judges_own_limit_text_is_read_back(interval):
    """The judge writes "60", "<3", ">=6", "5-9", ">5,<=9" (lab_judge's "limit"): the editor reads them too."""
    assert parse_bounds(interval.text()) == [interval]
