"""One rule for the numbers people type in the lab: a result, a detection limit after "<", a coefficient and a bound
in the limit editor are read by the same reader (:func:`hoptac.lab.judging.read_number`), so "7.500" never passes
as 7.5 where the limit editor would refuse it, and no number the database cannot keep is accepted."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hoptac.lab import bounds, judging, services
from hoptac.lab.judging import (
    BELOW_DETECTION,
    COEFFICIENT_DECIMAL_PLACES,
    COEFFICIENT_INTEGER_DIGITS,
    DECIMAL_PLACES,
    EXACT,
    INTEGER_DIGITS,
    Reading,
    UnreadableValue,
    format_decimal,
    parse_coefficient,
    parse_value,
)
from hoptac.lab.models import LimitInterval, LimitSet, Result, Sample

from .test_samples import register

AMBIGUOUS = "có thể là số có dấu phân cách hàng nghìn hoặc số thập phân"
TOO_LONG = "quá nhiều chữ số"
UNREADABLE = "Không đọc được kết quả"

# --- the reader, table-driven ------------------------------------------------------------------------------------

READ = [
    # a decimal comma or point
    ("12,5", EXACT, "12.5"),
    ("12.5", EXACT, "12.5"),
    ("0,050", EXACT, "0.05"),  # starts with 0: cannot be a thousands separator
    ("0.500", EXACT, "0.5"),
    ("12,50", EXACT, "12.5"),  # two decimals: not a group of three
    ("7.501", EXACT, "7.501"),  # three decimals not ending in 0: a decimal with three places
    ("1234,500", EXACT, "1234.5"),  # four integer digits before the sign: no group of three could follow them
    ("7500", EXACT, "7500"),
    ("0", EXACT, "0"),
    # a space only between groups of three digits
    ("7 500", EXACT, "7500"),
    ("1\u00a0000\u00a0000", EXACT, "1000000"),
    ("12 000,5", EXACT, "12000.5"),
    ("< 7 500", BELOW_DETECTION, "7500"),
    # detection limits
    ("<0.5", BELOW_DETECTION, "0.5"),
    ("< 0,5", BELOW_DETECTION, "0.5"),
    ("<0,000001", BELOW_DETECTION, "0.000001"),
    # the database's limits, trailing zeros not counted
    ("9999999999,999999", EXACT, "9999999999.999999"),
    ("0000000000012", EXACT, "12"),
    ("1,50000000", EXACT, "1.5"),
]


@pytest.mark.parametrize(("text", "kind", "value"), READ, ids=[t for t, _k, _v in READ])
def test_unambiguous_numbers_are_read(text, kind, value):
    assert parse_value(text) == Reading(kind, D(value))


REFUSED = [
    # thousands lookalikes: refused, never read as 7.5 or 1
    ("7.500", AMBIGUOUS),
    ("7,500", AMBIGUOUS),
    ("1.000", AMBIGUOUS),
    ("1,000", AMBIGUOUS),
    ("100.000", AMBIGUOUS),
    ("<1.000", AMBIGUOUS),
    ("< 7,500", AMBIGUOUS),
    ("1 000.000", AMBIGUOUS),  # mixed separators: one million or one thousand?
    ("1 000,500", AMBIGUOUS),
    # more than the database keeps
    ("12345678901", TOO_LONG),
    ("12 345 678 901", TOO_LONG),
    ("<12345678901", TOO_LONG),
    ("0,0000001", TOO_LONG),
    ("<0,0000001", TOO_LONG),  # was silently stored as 0
    ("1,1234567", TOO_LONG),
    # not numbers at all
    ("1.000.000", UNREADABLE),
    ("1.000,5", UNREADABLE),
    ("12 5", UNREADABLE),
    ("1 0000", UNREADABLE),
    ("7 500 mg/L", UNREADABLE),
]


@pytest.mark.parametrize(("text", "message"), REFUSED, ids=[t for t, _m in REFUSED])
def test_ambiguous_overlong_and_malformed_results_are_refused_in_vietnamese(text, message):
    with pytest.raises(UnreadableValue) as refused:
        parse_value(text)
    assert message in refused.value.message


def test_a_refusal_names_the_number_and_the_limits():
    with pytest.raises(UnreadableValue, match=r"“7\.500”"):
        parse_value("7.500")
    with pytest.raises(UnreadableValue) as refused:
        parse_value("<0,0000001")
    assert "“0,0000001”" in refused.value.message
    assert f"tối đa {INTEGER_DIGITS} chữ số phần nguyên và {DECIMAL_PLACES} chữ số thập phân" in (
        refused.value.message
    )


@pytest.mark.parametrize(
    "text", ["7.500", "7,500", "1.000", "12345678901", "0,0000001", "12 5", "7 500", "12,5", "0,050"]
)
def test_results_and_limits_follow_one_rule(text):
    """What the limit editor refuses, a result refuses with the same words; what one reads, the other reads alike."""
    try:
        limit = bounds.read_number(text)
    except bounds.BoundError as exc:
        with pytest.raises(UnreadableValue) as refused:
            parse_value(text)
        if "không phải là một số" not in str(exc.message):  # a result's own words for "not a number"
            assert refused.value.message == str(exc.message)
    else:
        assert parse_value(text) == Reading(EXACT, limit) == Reading(EXACT, judging.read_number(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.200", AMBIGUOUS),
        ("12345", TOO_LONG),  # Sample.coefficient: numeric(8, 4)
        ("1,23456", TOO_LONG),
        ("1 2", "Không đọc được hệ số"),
    ],
)
def test_a_coefficient_follows_the_same_rule_within_the_digits_a_sample_keeps(text, message):
    with pytest.raises(UnreadableValue) as refused:
        parse_coefficient(text)
    assert message in refused.value.message
    assert parse_coefficient("9999,9999") == D("9999.9999")
    assert parse_coefficient("1.2") == parse_coefficient("1,20") == D("1.2")


def test_the_digit_limits_are_the_columns_the_values_are_stored_in():
    for model, name, digits, places in (
        (Result, "value", INTEGER_DIGITS, DECIMAL_PLACES),
        (LimitInterval, "upper", INTEGER_DIGITS, DECIMAL_PLACES),
        (Sample, "coefficient", COEFFICIENT_INTEGER_DIGITS, COEFFICIENT_DECIMAL_PLACES),
    ):
        field = model._meta.get_field(name)
        assert (field.max_digits - field.decimal_places, field.decimal_places) == (digits, places), (
            model,
            name,
        )


# --- property: any number the database keeps, written as people write it, reads back exactly --------------------

kept = st.decimals(
    min_value=0,
    max_value=D("9999999999.999999"),
    places=DECIMAL_PLACES,
    allow_nan=False,
    allow_infinity=False,
)


@given(kept, st.sampled_from([".", ","]), st.integers(min_value=0, max_value=DECIMAL_PLACES))
def test_any_kept_number_written_with_a_comma_or_point_reads_back_exactly(value, sign, extra_zeros):
    text = format_decimal(value).replace(".", sign)
    assert parse_value(text) == Reading(EXACT, value)
    assert bounds.read_number(text) == value
    if value > 0:
        assert parse_value(f"<{text}") == Reading(BELOW_DETECTION, value)
    # written with a fixed number of decimals ("12,50"): read back exactly unless it looks like a thousands group
    integer, _sep, fraction = format_decimal(value).partition(".")
    fraction = (fraction + "0" * extra_zeros)[: max(len(fraction), extra_zeros)]
    padded = f"{integer}{sign}{fraction}" if fraction else integer
    if len(fraction) == 3 and fraction.endswith("0") and integer != "0" and len(integer) <= 3:
        with pytest.raises(UnreadableValue, match=AMBIGUOUS):
            parse_value(padded)
    else:
        assert parse_value(padded).value == value


# --- through the service: a ValidationError on "value", never a database error ---------------------------------


@pytest.fixture
def sample(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager, "COLIFORM")
    services.receive_sample(actor=manager, sample=sample, condition="intact")
    limit_set = LimitSet.objects.get(regulation__code="QCVN 14:2008/BTNMT", name="B")
    return services.apply_regulation(actor=manager, sample=sample, limit_set=limit_set)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [("12345678901", TOO_LONG), ("<0,0000001", TOO_LONG), ("7.500", AMBIGUOUS), ("<1.000", AMBIGUOUS)],
)
def test_entering_an_unkeepable_or_ambiguous_value_is_a_validation_error_on_value(
    sample, make_persona, text, message
):
    sample_parameter = sample.parameters.get(parameter__code="COLIFORM")
    with pytest.raises(ValidationError) as refused:
        services.enter_result(
            actor=make_persona("lab_analyst"), sample_parameter=sample_parameter, value=text
        )
    assert message in " ".join(refused.value.message_dict["value"])
    assert not Result.objects.filter(sample_parameter=sample_parameter).exists()


@pytest.mark.django_db
def test_the_largest_kept_values_are_stored_exactly(sample, make_persona):
    sample_parameter = sample.parameters.get(parameter__code="COLIFORM")
    analyst = make_persona("lab_analyst")
    for text, value in (
        ("9999999999,999999", "9999999999.999999"),
        ("<0,000001", "0.000001"),
        ("7 500", "7500"),
    ):
        result = services.enter_result(actor=analyst, sample_parameter=sample_parameter, value=text)
        result.refresh_from_db()
        assert (result.raw_value, result.value) == (text, D(value))
