"""The yearly evaluation rules (Quy định 366-QĐ/TW) as pure functions: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.party.rules import (
    HD_21_EXCELLENT_QUOTA_RATIO,
    LEVELS,
    QD_366_BANDS,
    QD_366_COMPLETE_MIN_SCORE,
    QD_366_EXCELLENT_MIN_SCORE,
    QD_366_GOOD_MIN_SCORE,
    Level,
    ScoreBands,
    count_levels,
    excellent_conditions_met,
    level_for,
    quota_allowance,
    quota_excess,
    to_score,
)

D = Decimal
EXC, GOOD, COMP, NOT = "excellent", "good", "complete", "not_complete"


# --- score bands ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, NOT),
        (D(0), NOT),
        (0.0, NOT),
        (-0.0, NOT),
        (D("-0"), NOT),
        (49, NOT),
        (D("49.9"), NOT),
        (49.9, NOT),
        (D("49.99"), NOT),
        (49.99, NOT),
        (D("49.99999999999999999999999999"), NOT),
        (50, COMP),
        (D(50), COMP),
        (D("50.00"), COMP),
        (50.0, COMP),
        (69.9, COMP),
        (D("69.99"), COMP),
        (69.99, COMP),
        (70, GOOD),
        (70.0, GOOD),
        (D("70.000"), GOOD),
        (89.9, GOOD),
        (D("89.99"), GOOD),
        (89.99, GOOD),
        (89.99999, GOOD),
        (89.99999999999999, GOOD),  # the largest float below 90 that repr keeps distinct
        (D("89.999999999999999999999999999"), GOOD),
        (90, EXC),
        (90.0, EXC),
        (D(90), EXC),
        (D("90.0"), EXC),
        (95.5, EXC),
        (100, EXC),
        (100.0, EXC),
        (D("100.00"), EXC),
    ],
)
def test_score_bands_at_their_edges(score, expected):
    assert level_for(score) == expected


@pytest.mark.parametrize("score", [90, 90.0, D("99.5"), 100])
def test_excellent_band_without_the_conditions_is_good(score):
    assert level_for(score, excellent_conditions_met=False) == GOOD


@pytest.mark.parametrize(("score", "expected"), [(89.99, GOOD), (70, GOOD), (69.99, COMP), (10, NOT)])
def test_missing_excellent_conditions_change_nothing_below_90(score, expected):
    assert level_for(score, excellent_conditions_met=False) == expected


@pytest.mark.parametrize("score", [0, 49.99, 50, 70, 89.99, 90, D(100), 100.0])
@pytest.mark.parametrize("conditions", [True, False])
def test_forced_not_complete_whatever_the_score(score, conditions):
    assert level_for(score, forced_not_complete=True, excellent_conditions_met=conditions) == NOT


@pytest.mark.parametrize(
    "score",
    [
        -1,
        101,
        D("-0.01"),
        D("100.01"),
        -0.001,
        100.0000001,
        float("nan"),
        float("inf"),
        float("-inf"),
        D("NaN"),
        D("sNaN"),
        D("Infinity"),
        D("-Infinity"),
        True,
        False,
        "90",
        "",
        None,
        [90],
        complex(90, 0),
    ],
)
def test_bad_scores_are_refused(score):
    with pytest.raises(ValueError):
        level_for(score)


@pytest.mark.parametrize("score", [-1, float("nan"), "90", True])
def test_bad_scores_are_refused_even_when_the_level_is_forced(score):
    with pytest.raises(ValueError):
        level_for(score, forced_not_complete=True)


def test_the_level_is_a_string_equal_to_its_code():
    level = level_for(75)
    assert isinstance(level, str)
    assert level == "good"
    assert level is Level.GOOD
    assert [str(x) for x in LEVELS] == [EXC, GOOD, COMP, NOT]


def test_floats_are_read_as_the_decimal_typed():
    assert to_score(89.99) == D("89.99")
    assert to_score(0.1) == D("0.1")
    assert to_score(D("72.50")) == D("72.50")
    assert to_score(72) == D(72)


def test_default_bands_are_named_by_their_document():
    assert ScoreBands(excellent=D(90), good=D(70), complete=D(50)) == QD_366_BANDS
    assert QD_366_BANDS.document == "Quy định 366-QĐ/TW"
    assert (QD_366_EXCELLENT_MIN_SCORE, QD_366_GOOD_MIN_SCORE, QD_366_COMPLETE_MIN_SCORE) == (90, 70, 50)


def test_other_bands_can_be_passed_as_data():
    later = ScoreBands(excellent=D(95), good=D(80), complete=D(60), document="a later regulation")
    assert level_for(94, bands=later) == GOOD
    assert level_for(95, bands=later) == EXC
    assert level_for(79.99, bands=later) == COMP
    assert level_for(59.99, bands=later) == NOT


@pytest.mark.parametrize(
    "kwargs",
    [
        {"excellent": D(70), "good": D(90)},
        {"complete": D(-1)},
        {"excellent": D(101)},
        {"good": 70},
        {"good": D("NaN")},
    ],
)
def test_inconsistent_bands_are_refused(kwargs):
    with pytest.raises(ValueError):
        ScoreBands(**kwargs)


# --- conditions for "excellent" (Hướng dẫn 43-HD/BTCTW, M) ---------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "on_time", "exceeding", "met"),
    [
        (10, 10, 3, True),  # exactly 30% exceeding
        (10, 10, 2, False),
        (10, 9, 10, False),  # one task late
        (3, 3, 1, True),  # 33%
        (4, 4, 1, False),  # 25%
        (7, 7, 3, True),  # 42.9%; 2 would be 28.6%
        (7, 7, 2, False),
        (0, 0, 0, False),  # nothing recorded: not shown to be met
    ],
)
def test_excellent_conditions(tasks, on_time, exceeding, met):
    assert excellent_conditions_met(tasks=tasks, on_time=on_time, exceeding=exceeding) is met


@pytest.mark.parametrize(
    "kwargs",
    [
        {"tasks": -1, "on_time": 0, "exceeding": 0},
        {"tasks": 2, "on_time": 3, "exceeding": 0},
        {"tasks": 2, "on_time": 2, "exceeding": 3},
        {"tasks": 2.0, "on_time": 2, "exceeding": 1},
        {"tasks": True, "on_time": 1, "exceeding": 1},
        {"tasks": 2, "on_time": 2, "exceeding": 1, "exceeding_share": 0.3},
    ],
)
def test_excellent_conditions_refuse_bad_input(kwargs):
    with pytest.raises(ValueError):
        excellent_conditions_met(**kwargs)


# --- quota (Hướng dẫn 21-HD/BTCTW; L for 366) ---------------------------------------------------------------


def members(excellent=0, good=0, complete=0, not_complete=0):
    return [EXC] * excellent + [GOOD] * good + [COMP] * complete + [NOT] * not_complete


@pytest.mark.parametrize(
    ("levels", "excess"),
    [
        ([], 0),
        (members(complete=3), 0),
        (members(excellent=1), 1),  # no "good" member: every excellent is in excess
        (members(excellent=2, complete=5), 2),
        (members(excellent=1, good=4), 1),  # floor(0.8) = 0
        (members(excellent=1, good=5), 0),  # floor(1.0) = 1
        (members(excellent=2, good=5), 1),
        (members(excellent=1, good=9), 0),  # floor(1.8) = 1
        (members(excellent=2, good=9), 1),
        (members(excellent=2, good=10), 0),
        (members(excellent=3, good=14, complete=1), 1),  # floor(2.8) = 2
        (members(excellent=0, good=3), 0),
        (members(excellent=30, good=70), 16),  # the seed article's targets: 30 per 70 good
        ([Level.EXCELLENT, Level.GOOD] + [GOOD] * 4, 0),  # Level members and plain codes mix
        (iter(members(excellent=2, good=5)), 1),  # any iterable, consumed once
    ],
)
def test_quota_excess(levels, excess):
    assert quota_excess(levels) == excess


@pytest.mark.parametrize(
    ("ratio", "good", "allowed"),
    [
        (D("0.20"), 5, 1),
        (D("0.2"), 4, 0),
        (D("0.25"), 4, 1),
        (D("0.3333333333333333333333333333"), 3, 0),  # just under a third: floor stays 0
        (D(0), 100, 0),
        (1, 7, 7),
        (0, 7, 0),
        (D("0.20"), 0, 0),
        (D("0.20"), 10**40 + 5, 2 * 10**39 + 1),  # exact beyond the decimal context's 28 digits
    ],
)
def test_quota_allowance_is_an_exact_floor(ratio, good, allowed):
    assert quota_allowance(good, ratio=ratio) == allowed


def test_the_default_ratio_is_named_by_its_document():
    assert D("0.20") == HD_21_EXCELLENT_QUOTA_RATIO


def test_quota_with_another_ratio():
    assert quota_excess(members(excellent=2, good=4), ratio=D("0.5")) == 0
    assert quota_excess(members(excellent=2, good=4), ratio=0) == 2


@pytest.mark.parametrize("levels", [["excellent", "great"], ["Excellent"], [None], [1], [""]])
def test_quota_refuses_unknown_level_codes(levels):
    with pytest.raises(ValueError):
        quota_excess(levels)


@pytest.mark.parametrize(
    "ratio", [0.2, 0.0, D("-0.01"), D("1.01"), 2, -1, D("NaN"), D("Infinity"), "0.2", True, None]
)
def test_quota_refuses_bad_ratios(ratio):
    with pytest.raises(ValueError):
        quota_excess(members(excellent=1, good=5), ratio=ratio)
    with pytest.raises(ValueError):
        quota_excess([], ratio=ratio)  # refused even when there is nothing to count


def test_count_levels_lists_every_level_best_first():
    assert count_levels([GOOD, NOT, GOOD]) == {
        Level.EXCELLENT: 0,
        Level.GOOD: 2,
        Level.COMPLETE: 0,
        Level.NOT_COMPLETE: 1,
    }
    assert list(count_levels([])) == list(LEVELS)


# --- properties --------------------------------------------------------------------------------------------

RANK = {Level.NOT_COMPLETE: 0, Level.COMPLETE: 1, Level.GOOD: 2, Level.EXCELLENT: 3}
scores = st.one_of(
    st.integers(0, 100),
    st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False, places=4),
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
)
level_lists = st.lists(st.sampled_from(LEVELS), max_size=60)
ratios = st.decimals(min_value=0, max_value=1, places=3)


@given(scores, scores, st.booleans())
def test_level_is_monotonic_in_score(a, b, conditions):
    low, high = sorted((a, b), key=to_score)
    assert (
        RANK[level_for(low, excellent_conditions_met=conditions)]
        <= RANK[level_for(high, excellent_conditions_met=conditions)]
    )


@given(scores)
def test_same_level_whatever_the_number_type(score):
    exact = to_score(score)
    assert level_for(score) == level_for(exact)
    if exact == exact.to_integral_value():
        assert level_for(int(exact)) == level_for(score)


@given(scores, st.booleans(), st.booleans())
def test_level_never_better_with_forced_or_missing_conditions(score, forced, conditions):
    plain = RANK[level_for(score)]
    assert RANK[level_for(score, forced_not_complete=forced, excellent_conditions_met=conditions)] <= plain


@given(level_lists, ratios)
def test_quota_excess_is_never_negative_nor_more_than_the_excellent(levels, ratio):
    excess = quota_excess(levels, ratio=ratio)
    assert 0 <= excess <= levels.count(Level.EXCELLENT)


@given(level_lists, ratios)
def test_adding_a_good_member_never_raises_the_excess(levels, ratio):
    assert quota_excess([*levels, GOOD], ratio=ratio) <= quota_excess(levels, ratio=ratio)


@given(level_lists, ratios)
def test_adding_an_excellent_member_raises_the_excess_by_at_most_one(levels, ratio):
    before = quota_excess(levels, ratio=ratio)
    assert before <= quota_excess([*levels, EXC], ratio=ratio) <= before + 1


@given(level_lists, st.permutations(range(60)))
def test_quota_excess_ignores_order_and_other_levels(levels, order):
    shuffled = [levels[i] for i in order if i < len(levels)]
    assert quota_excess(shuffled) == quota_excess(levels)
    assert quota_excess([*levels, COMP, NOT]) == quota_excess(levels)


@given(st.integers(0, 10**6), ratios)
def test_quota_allowance_matches_integer_arithmetic(good, ratio):
    numerator, denominator = ratio.as_integer_ratio()
    assert quota_allowance(good, ratio=ratio) == numerator * good // denominator
