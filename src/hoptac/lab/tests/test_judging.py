"""The judge as pure functions: rules built in memory, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.lab.judging import (
    BELOW_DETECTION,
    EXACT,
    NOT_DETECTED,
    ClassRule,
    Interval,
    Judgement,
    Reading,
    Rule,
    UnitMismatch,
    UnreadableValue,
    format_decimal,
    judge,
    judge_text,
    parse_coefficient,
    parse_value,
    units_match,
)

D = Decimal
MAX_50 = Rule(unit="mg/L", coefficient_applies=True, interval=Interval(upper=D(50)))
STRICT_3 = Rule(unit="CFU/100 mL", interval=Interval(upper=D(3), upper_inclusive=False))
RANGE_5_9 = Rule(interval=Interval(lower=D(5), upper=D(9)))
MIN_6 = Rule(unit="mg/L", interval=Interval(lower=D(6)))
PH_CLASSES = Rule(
    kind="classes",
    classes=(
        ClassRule("A", (Interval(D("6.5"), True, D("8.5"), True),)),
        ClassRule("B", (Interval(D("6.0"), True, D("8.5"), True),)),
        ClassRule("C", (Interval(D("6.0"), True, D("8.5"), True),)),
        ClassRule(
            "D",
            (Interval(upper=D(6), upper_inclusive=False), Interval(lower=D("8.5"), lower_inclusive=False)),
        ),
    ),
)
BOD_CLASSES = Rule(
    kind="classes",
    unit="mg/L",
    classes=(
        ClassRule("A", (Interval(upper=D(4)),)),
        ClassRule("B", (Interval(upper=D(6)),)),
        ClassRule("C", (Interval(upper=D(10)),)),
        ClassRule("D", (Interval(lower=D(10), lower_inclusive=False),)),
    ),
)
DO_CLASSES = Rule(
    kind="classes",
    unit="mg/L",
    classes=(
        ClassRule("A", (Interval(lower=D(6)),)),
        ClassRule("B", (Interval(lower=D(5)),)),
        ClassRule("C", (Interval(lower=D(4)),)),
        ClassRule("D", ()),  # not captured
    ),
)


def verdict(rule, value, k="1"):
    return judge_text(rule, value, k).as_dict()


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("55", Reading(EXACT, D("55"))),
        ("12,5", Reading(EXACT, D("12.5"))),
        (" 0.05 ", Reading(EXACT, D("0.05"))),
        ("<0.5", Reading(BELOW_DETECTION, D("0.5"))),
        ("< 0,5", Reading(BELOW_DETECTION, D("0.5"))),
        ("KPH", Reading(NOT_DETECTED)),
        ("kph", Reading(NOT_DETECTED)),
        ("Không phát hiện", Reading(NOT_DETECTED)),
    ],
)
def test_results_are_read_with_decimal_commas_detection_limits_and_not_detected(text, reading):
    assert parse_value(text) == reading


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2,3", "1.000,5", "-3", "<", "< 0", "5 mg/L", "1e3", "NaN", ">5"]
)
def test_anything_else_is_refused_in_vietnamese(text):
    with pytest.raises(UnreadableValue, match=r"Không đọc được|phải lớn hơn 0"):
        parse_value(text)


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_any_number_written_with_point_or_comma_reads_back(value):
    text = format_decimal(value)
    assert parse_value(text).value == value
    assert parse_value(text.replace(".", ",")).value == value


@pytest.mark.parametrize("text", ["0", "-1", "abc", "", "1,2,3"])
def test_coefficient_must_be_a_positive_number(text):
    with pytest.raises(UnreadableValue):
        parse_coefficient(text)


def test_coefficient_accepts_a_decimal_comma():
    assert parse_coefficient("1,2") == D("1.2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("60.0"), "60"),
        (D("50") * D("1.2"), "60"),
        (D("0.050"), "0.05"),
        (D("1E+3"), "1000"),
        (D("5.0"), "5"),
    ],
)
def test_limits_are_plain_decimals_without_trailing_zeros(value, expected):
    assert format_decimal(value) == expected


def test_a_value_equal_to_an_inclusive_maximum_passes_and_above_it_exceeds():
    assert verdict(MAX_50, "50") == {"verdict": "pass", "limit": "50", "class": None}
    assert verdict(MAX_50, "50,01") == {"verdict": "exceed", "limit": "50", "class": None}


def test_a_value_equal_to_a_strict_maximum_exceeds():
    assert verdict(STRICT_3, "3") == {"verdict": "exceed", "limit": "<3", "class": None}
    assert verdict(STRICT_3, "2,9") == {"verdict": "pass", "limit": "<3", "class": None}


def test_a_range_passes_inside_and_at_its_ends_and_fails_on_either_side():
    assert verdict(RANGE_5_9, "5")["verdict"] == "pass"
    assert verdict(RANGE_5_9, "9") == {"verdict": "pass", "limit": "5-9", "class": None}
    assert verdict(RANGE_5_9, "4,9")["verdict"] == "below_minimum"
    assert verdict(RANGE_5_9, "9.1")["verdict"] == "exceed"


def test_a_minimum_is_met_at_its_value_and_missed_below():
    assert verdict(MIN_6, "6") == {"verdict": "pass", "limit": ">=6", "class": None}
    assert verdict(MIN_6, "5,9") == {"verdict": "below_minimum", "limit": ">=6", "class": None}


def test_the_coefficient_multiplies_the_limit_as_a_decimal():
    assert verdict(MAX_50, "55", "1.2") == {"verdict": "pass", "limit": "60", "class": None}
    assert verdict(MAX_50, "60,1", "1,2") == {"verdict": "exceed", "limit": "60", "class": None}
    assert verdict(MAX_50, "1", "0.1")["limit"] == "5"


def test_the_coefficient_is_ignored_where_the_limit_says_it_does_not_apply():
    assert verdict(STRICT_3, "5", "2") == {"verdict": "exceed", "limit": "<3", "class": None}
    assert verdict(RANGE_5_9, "10", "2") == {"verdict": "exceed", "limit": "5-9", "class": None}


def test_below_a_detection_limit_is_decided_only_when_every_possible_value_agrees():
    max_30 = Rule(interval=Interval(upper=D(30)))
    assert verdict(max_30, "<0.5") == {"verdict": "pass", "limit": "30", "class": None}
    assert verdict(max_30, "<30") == {"verdict": "pass", "limit": "30", "class": None}
    assert verdict(max_30, "< 40") == {"verdict": "undetermined", "limit": None, "class": None}
    assert verdict(STRICT_3, "<3")["verdict"] == "pass"  # every value below 3 is below 3
    assert verdict(MIN_6, "<0,5") == {"verdict": "below_minimum", "limit": ">=6", "class": None}
    assert verdict(MIN_6, "<10")["verdict"] == "undetermined"
    assert verdict(RANGE_5_9, "<2")["verdict"] == "below_minimum"


def test_not_detected_passes_a_maximum_and_is_undetermined_against_a_minimum_or_a_range():
    assert verdict(MAX_50, "KPH") == {"verdict": "pass", "limit": "50", "class": None}
    assert verdict(STRICT_3, "không phát hiện")["verdict"] == "pass"
    assert verdict(MIN_6, "KPH") == {"verdict": "undetermined", "limit": None, "class": None}
    assert verdict(RANGE_5_9, "KPH")["verdict"] == "undetermined"


def test_a_graded_result_gets_the_best_class_it_meets_with_that_class_bounds():
    assert verdict(BOD_CLASSES, "4") == {"verdict": "graded", "limit": "4", "class": "A"}
    assert verdict(BOD_CLASSES, "4,1") == {"verdict": "graded", "limit": "6", "class": "B"}
    assert verdict(BOD_CLASSES, "11") == {"verdict": "graded", "limit": ">10", "class": "D"}
    assert verdict(PH_CLASSES, "7") == {"verdict": "graded", "limit": "6.5-8.5", "class": "A"}
    assert verdict(PH_CLASSES, "6,2") == {"verdict": "graded", "limit": "6-8.5", "class": "B"}


def test_a_catch_all_class_answers_with_the_interval_that_holds_the_value():
    assert verdict(PH_CLASSES, "5.5") == {"verdict": "graded", "limit": "<6", "class": "D"}
    assert verdict(PH_CLASSES, "9") == {"verdict": "graded", "limit": ">8.5", "class": "D"}


def test_minimum_classes_and_a_class_no_number_decides():
    assert verdict(DO_CLASSES, "6") == {"verdict": "graded", "limit": ">=6", "class": "A"}
    assert verdict(DO_CLASSES, "4") == {"verdict": "graded", "limit": ">=4", "class": "C"}
    assert verdict(DO_CLASSES, "3,9") == {"verdict": "undetermined", "limit": None, "class": None}


def test_graded_below_a_detection_limit_uses_the_best_class_the_whole_range_fits():
    assert verdict(BOD_CLASSES, "<2") == {"verdict": "graded", "limit": "4", "class": "A"}
    assert verdict(BOD_CLASSES, "<5") == {"verdict": "graded", "limit": "6", "class": "B"}
    assert verdict(BOD_CLASSES, "<15")["verdict"] == "undetermined"
    assert verdict(DO_CLASSES, "<1")["verdict"] == "undetermined"
    assert verdict(BOD_CLASSES, "KPH")["class"] == "A"


def test_a_limit_without_a_number_is_undetermined():
    assert judge(Rule(note="mô tả"), parse_value("5")) == Judgement("undetermined")


def test_units_are_compared_and_a_mismatch_is_refused():
    assert units_match("mg/L", "mg/l")
    assert units_match("MPN/100 mL", "CFU/100mL")
    assert units_match("", "–")
    assert not units_match("mg/L", "µg/L")
    assert not units_match("NTU", "TCU")
    with pytest.raises(UnitMismatch, match="Đơn vị không khớp"):
        judge(MAX_50, parse_value("5"), parameter_unit="µg/L")
    assert judge(MAX_50, parse_value("5"), parameter_unit="mg/l").verdict == "pass"


def test_open_ended_ranges_are_written_with_both_operators():
    assert Interval(D(5), False, D(9), True).text() == ">5,<=9"
    assert Interval(D(5), True, D(9), False).text() == ">=5,<9"
