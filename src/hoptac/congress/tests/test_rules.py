"""Election results and candidate lists (Quyết định 190-QĐ/TW) as pure functions: no database.

Ballot judging, counting and reconciliation are in test_rules_counting.py.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.congress.rules import (
    QD_190_COMMITTEE_MAX_SEATS,
    QD_190_COMMITTEE_MIN_FULL_MEMBERS,
    QD_190_NOMINATION_MIN_RATIO,
    QD_190_SURPLUS_MAX_RATIO,
    BallotKind,
    BallotStyle,
    ElectionOutcome,
    ballot_style,
    ballots_to_hold,
    election_outcome,
    max_surplus,
    next_round_candidates,
    nomination_approved,
    passes,
    surplus_ok,
    votes_needed,
)

D = Decimal


def outcome(elected, tied=(), seats_left=0, passed=None):
    return ElectionOutcome(
        elected=list(elected),
        tied=list(tied),
        seats_left=seats_left,
        passed=list(passed or [*elected, *tied]),
    )


# --- who is elected (Art. 30) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summoned", "seats", "votes", "expected"),
    [
        # More than half of the summoned, not of those present: 12 summoned, 8 present.
        (12, 1, {"An": 6}, outcome([], seats_left=1, passed=[])),  # exactly half of 12 fails
        (12, 1, {"An": 5, "Bình": 3}, outcome([], seats_left=1, passed=[])),  # 5 of 8 present is not enough
        (12, 1, {"An": 7, "Bình": 1}, outcome(["An"])),
        (11, 1, {"An": 6}, outcome(["An"])),  # 6 × 2 > 11
        (11, 1, {"An": 5}, outcome([], seats_left=1, passed=[])),
        (1, 1, {"An": 1}, outcome(["An"])),
        (1, 1, {"An": 0}, outcome([], seats_left=1, passed=[])),
        (2, 1, {"An": 1}, outcome([], seats_left=1, passed=[])),  # half of 2
        # Fewer pass than seats: every one who passed is elected, most votes first; seats are left.
        (12, 3, {"An": 7, "Bình": 9, "Chi": 4}, outcome(["Bình", "An"], seats_left=1, passed=["An", "Bình"])),
        (12, 3, {}, outcome([], seats_left=3, passed=[])),
        # More pass than seats: the most-voted (top N).
        (
            12,
            3,
            {"An": 7, "Bình": 11, "Chi": 9, "Dũng": 10},
            outcome(["Bình", "Dũng", "Chi"], passed=["An", "Bình", "Chi", "Dũng"]),
        ),
        # Equal votes above the cut-off keep the input order and are all elected.
        (
            12,
            3,
            {"An": 10, "Bình": 12, "Chi": 10, "Dũng": 7},
            outcome(["Bình", "An", "Chi"], passed=["An", "Bình", "Chi", "Dũng"]),
        ),
        # Tied at the cut-off but all fit: no tie to break.
        (12, 2, {"An": 9, "Bình": 9, "Chi": 8}, outcome(["An", "Bình"], passed=["An", "Bình", "Chi"])),
        (12, 2, {"An": 9, "Bình": 9}, outcome(["An", "Bình"])),
        # Tied at the cut-off with more of them than seats left: the tied ones are not elected.
        (
            12,
            2,
            {"An": 8, "Bình": 11, "Chi": 8, "Dũng": 3},
            outcome(["Bình"], tied=["An", "Chi"], seats_left=1, passed=["An", "Bình", "Chi"]),
        ),
        (
            12,
            1,
            {"Chi": 7, "An": 7, "Bình": 7},
            outcome([], tied=["Chi", "An", "Bình"], seats_left=1),  # tied keep the input order
        ),
        (
            12,
            3,
            {"An": 7, "Bình": 12, "Chi": 7, "Dũng": 11, "Giang": 7},
            outcome(
                ["Bình", "Dũng"],
                tied=["An", "Chi", "Giang"],
                seats_left=1,
                passed=["An", "Bình", "Chi", "Dũng", "Giang"],
            ),
        ),
        (
            12,
            2,
            {"An": 7, "Bình": 7, "Chi": 7, "Dũng": 6},
            outcome([], tied=["An", "Bình", "Chi"], seats_left=2, passed=["An", "Bình", "Chi"]),
        ),
        # A tie below those who passed is no tie at the cut-off.
        (12, 1, {"An": 8, "Bình": 6, "Chi": 6}, outcome(["An"], passed=["An"])),
    ],
)
def test_election_outcome(summoned, seats, votes, expected):
    assert election_outcome(summoned=summoned, seats=seats, votes=votes) == expected


def test_the_cell_committee_of_three_with_a_tie_then_a_second_round_among_the_tied():
    candidates = ["An", "Bình", "Chi", "Dũng"]
    first = election_outcome(summoned=12, seats=3, votes={"An": 10, "Bình": 9, "Chi": 9, "Dũng": 9})
    assert (first.elected, first.tied, first.seats_left) == (["An"], ["Bình", "Chi", "Dũng"], 2)
    assert next_round_candidates(first, candidates) == ["Bình", "Chi", "Dũng"]

    second = election_outcome(summoned=12, seats=first.seats_left, votes={"Bình": 8, "Chi": 5, "Dũng": 11})
    assert (second.elected, second.tied, second.seats_left) == (["Dũng", "Bình"], [], 0)
    assert next_round_candidates(second, candidates) == []


def test_a_second_round_still_needs_more_than_half_of_the_summoned():
    first = election_outcome(summoned=12, seats=1, votes={"An": 7, "Bình": 7})
    assert first.tied == ["An", "Bình"]
    second = election_outcome(summoned=12, seats=first.seats_left, votes={"An": 6, "Bình": 5})
    assert (second.elected, second.seats_left) == ([], 1)  # 6 of 12 is exactly half


def test_too_few_elected_the_next_round_is_among_those_not_elected():
    candidates = ["An", "Bình", "Chi", "Dũng"]
    first = election_outcome(summoned=12, seats=3, votes={"An": 9, "Bình": 4, "Chi": 7, "Dũng": 2})
    assert (first.elected, first.seats_left) == (["An", "Chi"], 1)
    assert next_round_candidates(first, candidates) == ["Bình", "Dũng"]
    second = election_outcome(summoned=12, seats=1, votes={"Bình": 7, "Dũng": 4})
    assert second.elected == ["Bình"]


def test_the_secretary_after_three_rounds_without_a_majority():
    rounds = [{"An": 6, "Bình": 5}, {"An": 6, "Bình": 6}, {"An": 5, "Bình": 6}]
    outcomes = [election_outcome(summoned=12, seats=1, votes=votes) for votes in rounds]
    # No secretary after the third round: the superior committee appoints one (Quyết định 190-QĐ/TW).
    assert [o.elected for o in outcomes] == [[], [], []]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"summoned": 12, "seats": 0, "votes": {"An": 7}},
        {"summoned": 12, "seats": -1, "votes": {"An": 7}},
        {"summoned": 0, "seats": 1, "votes": {}},
        {"summoned": -3, "seats": 1, "votes": {}},
        {"summoned": 12, "seats": 1, "votes": {"An": -1}},
        {"summoned": 12, "seats": 1, "votes": {"An": 13}},  # more votes than members summoned
        {"summoned": 12, "seats": 1, "votes": {"An": 7.0}},
        {"summoned": 12, "seats": 1, "votes": {"An": True}},
        {"summoned": 12, "seats": 1, "votes": {"An": "7"}},
        {"summoned": 12.0, "seats": 1, "votes": {"An": 7}},
        {"summoned": True, "seats": 1, "votes": {}},
        {"summoned": 12, "seats": True, "votes": {}},
        {"summoned": 12, "seats": D(1), "votes": {}},
        {"summoned": 12, "seats": 1, "votes": {"": 7}},
        {"summoned": 12, "seats": 1, "votes": {3: 7}},
        {"summoned": 12, "seats": 1, "votes": [("An", 7)]},
    ],
)
def test_election_outcome_refuses_bad_input(kwargs):
    with pytest.raises(ValueError):
        election_outcome(**kwargs)


@pytest.mark.parametrize(("summoned", "needed"), [(1, 1), (2, 2), (3, 2), (8, 5), (9, 5), (12, 7), (13, 7)])
def test_votes_needed_is_more_than_half_of_the_summoned(summoned, needed):
    assert votes_needed(summoned) == needed
    assert passes(needed, summoned)
    assert not passes(needed - 1, summoned)


# --- which ballots ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_members", "deputy_needed", "expected"),
    [
        (1, False, ["secretary"]),
        (3, False, ["secretary"]),
        (8, False, ["secretary"]),
        (8, True, ["secretary", "deputy_secretary"]),
        (5, True, ["secretary", "deputy_secretary"]),
        (9, False, ["committee", "secretary", "deputy_secretary"]),
        (9, True, ["committee", "secretary", "deputy_secretary"]),
        (12, False, ["committee", "secretary", "deputy_secretary"]),
        (40, False, ["committee", "secretary", "deputy_secretary"]),
    ],
)
def test_ballots_follow_the_number_of_full_members(full_members, deputy_needed, expected):
    assert ballots_to_hold(full_members, deputy_needed=deputy_needed) == expected


def test_ballot_codes_and_defaults_are_named_by_their_document():
    assert ballots_to_hold(9)[0] is BallotKind.COMMITTEE
    assert QD_190_COMMITTEE_MIN_FULL_MEMBERS == 9
    assert QD_190_COMMITTEE_MAX_SEATS == 7
    assert D("0.30") == QD_190_SURPLUS_MAX_RATIO
    assert D("0.30") == QD_190_NOMINATION_MIN_RATIO


@pytest.mark.parametrize("full_members", [0, -1, 9.0, True, "9", None])
def test_ballots_to_hold_refuses_bad_input(full_members):
    with pytest.raises(ValueError):
        ballots_to_hold(full_members)


# --- the candidate list (Art. 14) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approvals", "present", "approved"),
    [
        (3, 10, False),  # exactly 30%
        (4, 10, True),
        (0, 10, False),
        (10, 10, True),
        (4, 12, True),  # 33%
        (3, 11, False),  # 27%
        (1, 3, True),  # 33%
        (0, 1, False),
        (1, 1, True),
        (30, 100, False),
        (31, 100, True),
    ],
)
def test_nomination_needs_more_than_30_percent_of_those_present(approvals, present, approved):
    assert nomination_approved(approvals, present) is approved


def test_nomination_with_another_ratio():
    assert nomination_approved(5, 10, min_ratio=D("0.5")) is False
    assert nomination_approved(6, 10, min_ratio=D("0.5")) is True


@pytest.mark.parametrize(
    ("approvals", "present", "ratio"),
    [
        (1, 0, D("0.3")),
        (-1, 10, D("0.3")),
        (11, 10, D("0.3")),
        (3, 10, 0.3),
        (3.0, 10, D("0.3")),
        (True, 3, D("0.3")),
    ],
)
def test_nomination_refuses_bad_input(approvals, present, ratio):
    with pytest.raises(ValueError):
        nomination_approved(approvals, present, min_ratio=ratio)


@pytest.mark.parametrize(
    ("seats", "candidates", "ok"),
    [
        (1, 1, True),
        (1, 2, False),  # 0.3 seat of surplus allowed: none
        (3, 3, True),
        (3, 4, False),  # 0.9: none
        (4, 5, True),  # 1.2
        (4, 6, False),
        (5, 6, True),
        (6, 7, True),  # 1.8
        (6, 8, False),
        (7, 9, True),  # 2.1
        (7, 10, False),
        (10, 13, True),  # exactly 30%
        (10, 14, False),
        (5, 3, True),  # a short list is not a surplus
        (5, 0, True),
    ],
)
def test_surplus_at_most_30_percent_of_seats_exactly(seats, candidates, ok):
    assert surplus_ok(seats, candidates) is ok
    assert (candidates - seats <= max_surplus(seats)) is ok


@pytest.mark.parametrize(
    ("seats", "allowed"), [(1, 0), (3, 0), (4, 1), (6, 1), (7, 2), (9, 2), (10, 3), (20, 6)]
)
def test_max_surplus(seats, allowed):
    assert max_surplus(seats) == allowed


@pytest.mark.parametrize(
    ("seats", "candidates", "ratio"),
    [
        (0, 1, D("0.3")),
        (3, -1, D("0.3")),
        (3, 4, 0.3),
        (3, 4, D("1.5")),
        (3, 4, D("NaN")),
        (3, 4.0, D("0.3")),
    ],
)
def test_surplus_refuses_bad_input(seats, candidates, ratio):
    with pytest.raises(ValueError):
        surplus_ok(seats, candidates, max_ratio=ratio)


@pytest.mark.parametrize(
    ("seats", "candidates", "style"),
    [
        (3, 4, BallotStyle.STRIKE),
        (1, 2, BallotStyle.STRIKE),
        (3, 3, BallotStyle.AGREE),
        (1, 1, BallotStyle.AGREE),
    ],
)
def test_ballot_style_follows_the_surplus(seats, candidates, style):
    assert ballot_style(seats, candidates) is style


# --- properties ---------------------------------------------------------------------------------------------

NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh"]


@st.composite
def elections(draw):
    summoned = draw(st.integers(1, 40))
    seats = draw(st.integers(1, QD_190_COMMITTEE_MAX_SEATS))
    names = draw(st.permutations(NAMES).map(lambda p: p[: draw(st.integers(0, len(NAMES)))]))
    # Many equal counts, so that ties at the cut-off happen often.
    counts = st.one_of(
        st.integers(0, summoned), st.sampled_from([summoned // 2, summoned // 2 + 1, summoned])
    )
    votes = {name: draw(counts) for name in names}
    return summoned, seats, votes


@given(elections())
def test_election_outcome_invariants(election):
    summoned, seats, votes = election
    result = election_outcome(summoned=summoned, seats=seats, votes=votes)
    elected, tied = result.elected, result.tied
    assert len(elected) <= seats
    assert result.seats_left == seats - len(elected) >= 0
    assert all(votes[name] * 2 > summoned for name in elected)
    assert all(votes[name] * 2 > summoned for name in tied)
    assert result.passed == [name for name in votes if votes[name] * 2 > summoned]
    assert [votes[name] for name in elected] == sorted((votes[name] for name in elected), reverse=True)
    assert not set(elected) & set(tied)
    assert len(set(elected)) == len(elected)
    input_order = list(votes)
    assert tied == sorted(tied, key=input_order.index)
    for a, b in itertools.pairwise(elected):
        if votes[a] == votes[b]:
            assert input_order.index(a) < input_order.index(b)
    if tied:
        assert len({votes[name] for name in tied}) == 1
        assert len(tied) > result.seats_left > 0
        assert all(votes[name] > votes[tied[0]] for name in elected)
    # Whoever passed and is left out was outvoted by everyone elected or tied, who fill the seats.
    for name in set(result.passed) - set(elected) - set(tied):
        assert len(elected) + len(tied) >= seats
        assert all(votes[name] < votes[other] for other in elected + tied)
    # Seats are only left over when too few passed, or at a tie.
    if result.seats_left:
        assert tied or len(result.passed) == len(elected)


@given(elections())
def test_the_next_round_never_offers_an_elected_candidate(election):
    summoned, seats, votes = election
    result = election_outcome(summoned=summoned, seats=seats, votes=votes)
    if not votes:
        return
    following = next_round_candidates(result, list(votes))
    assert not set(following) & set(result.elected)
    if result.seats_left == 0:
        assert following == []
    elif result.tied:
        assert following == result.tied


@given(st.integers(1, 200), st.integers(0, 250), st.decimals(min_value=0, max_value=1, places=2))
def test_surplus_ok_matches_integer_arithmetic(seats, candidates, ratio):
    numerator, denominator = ratio.as_integer_ratio()
    assert surplus_ok(seats, candidates, max_ratio=ratio) is (
        (candidates - seats) * denominator <= numerator * seats
    )
