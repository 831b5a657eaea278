"""Ballot validity, counting and reconciliation (Quyết định 190-QĐ/TW, Art. 15) as pure functions: no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoptac.congress.rules import (
    STYLE_MARKS,
    BallotJudgement,
    BallotMarks,
    BallotStyle,
    InvalidReason,
    Mark,
    ReconcileProblem,
    Tally,
    count_ballots,
    election_outcome,
    judge_ballot,
    reconcile,
)

STRIKE, AGREE = BallotStyle.STRIKE, BallotStyle.AGREE
K, X = Mark.KEPT, Mark.STRUCK
Y, N, BOTH, NEITHER = Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NEITHER
FOUR = ["An", "Bình", "Chi", "Dũng"]  # 3 seats: a list with surplus, strike style
THREE = ["An", "Bình", "Chi"]  # 3 seats: no surplus, agree style


def valid(*votes, unclear=()):
    return BallotJudgement(valid=True, votes=tuple(votes), unclear=tuple(unclear))


def invalid(*reasons):
    return BallotJudgement(valid=False, reasons=tuple(reasons))


# --- strike style: cross out the names not chosen -----------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (BallotMarks({"Dũng": X}), valid("An", "Bình", "Chi")),  # three kept for three seats
        # The same, spelled out.
        (BallotMarks({"An": K, "Bình": K, "Chi": K, "Dũng": X}), valid("An", "Bình", "Chi")),
        (BallotMarks({"An": X, "Dũng": X}), valid("Bình", "Chi")),  # fewer than the seats is valid
        (BallotMarks({"An": X, "Bình": X, "Chi": X}), valid("Dũng")),
        (BallotMarks(), invalid(InvalidReason.TOO_MANY)),  # nothing crossed out: four kept for three seats
        (BallotMarks({"An": X, "Bình": X, "Chi": X, "Dũng": X}), invalid(InvalidReason.NONE_KEPT)),
        (BallotMarks({"Dũng": X}, stamped=False), invalid(InvalidReason.UNSTAMPED)),
        (BallotMarks({"Dũng": X}, names_added=True), invalid(InvalidReason.NAMES_ADDED)),
        (
            BallotMarks(stamped=False, names_added=True),
            invalid(InvalidReason.UNSTAMPED, InvalidReason.NAMES_ADDED, InvalidReason.TOO_MANY),
        ),
        (
            BallotMarks(dict.fromkeys(FOUR, X), names_added=True),
            invalid(InvalidReason.NAMES_ADDED, InvalidReason.NONE_KEPT),
        ),
    ],
)
def test_strike_ballots(marks, expected):
    assert judge_ballot(STRIKE, FOUR, marks, seats=3) == expected


def test_strike_ballot_for_one_seat():
    assert judge_ballot("strike", ["An", "Bình"], BallotMarks({"Bình": X}), seats=1) == valid("An")
    assert judge_ballot("strike", ["An", "Bình"], BallotMarks(), seats=1) == invalid(InvalidReason.TOO_MANY)
    both_struck = BallotMarks({"An": X, "Bình": X})
    assert judge_ballot("strike", ["An", "Bình"], both_struck, seats=1) == invalid(InvalidReason.NONE_KEPT)


def test_crossing_out_the_only_name_is_a_valid_vote_against():
    assert judge_ballot(STRIKE, ["An"], BallotMarks({"An": X}), seats=1) == valid()
    assert judge_ballot(STRIKE, ["An"], BallotMarks(), seats=1) == valid("An")


def test_the_recorded_reason_is_the_first_that_applies():
    judgement = judge_ballot(STRIKE, FOUR, BallotMarks(stamped=False), seats=3)
    assert judgement.reason is InvalidReason.UNSTAMPED
    assert judgement.votes == ()
    assert judge_ballot(STRIKE, FOUR, BallotMarks({"An": X}), seats=3).reason is None


# --- agree style: agree / disagree per candidate ------------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (BallotMarks({"An": Y, "Bình": Y, "Chi": Y}), valid("An", "Bình", "Chi")),
        (BallotMarks({"An": Y, "Bình": N, "Chi": Y}), valid("An", "Chi")),
        (BallotMarks({"An": N, "Bình": N, "Chi": N}), valid()),  # disagreeing with everyone is a valid ballot
        (BallotMarks({"An": Y, "Bình": BOTH, "Chi": Y}), valid("An", "Chi", unclear=["Bình"])),
        (BallotMarks({"An": NEITHER, "Bình": Y, "Chi": N}), valid("Bình", unclear=["An"])),
        (BallotMarks({"An": Y}), valid("An", unclear=["Bình", "Chi"])),  # names not marked: neither
        (BallotMarks(), valid(unclear=THREE)),  # a blank ballot stays valid
        (BallotMarks({"An": BOTH, "Bình": BOTH, "Chi": NEITHER}), valid(unclear=THREE)),
        (BallotMarks({"An": Y, "Bình": Y, "Chi": Y}, stamped=False), invalid(InvalidReason.UNSTAMPED)),
        (BallotMarks({"An": Y}, names_added=True), invalid(InvalidReason.NAMES_ADDED)),
    ],
)
def test_agree_ballots(marks, expected):
    assert judge_ballot(AGREE, THREE, marks, seats=3) == expected


def test_agree_ballot_for_a_single_secretary_candidate():
    assert judge_ballot(AGREE, ["An"], BallotMarks({"An": Y}), seats=1) == valid("An")
    assert judge_ballot(AGREE, ["An"], BallotMarks({"An": N}), seats=1) == valid()
    assert judge_ballot(AGREE, ["An"], BallotMarks({"An": BOTH}), seats=1) == valid(unclear=["An"])


def test_agreeing_with_more_people_than_seats_is_too_many():
    # Only possible when an agree ballot is used for a list with surplus; the rule still holds.
    marks = BallotMarks({"An": Y, "Bình": Y, "Chi": Y})
    assert judge_ballot(AGREE, THREE, marks, seats=2) == invalid(InvalidReason.TOO_MANY)


@pytest.mark.parametrize(
    ("style", "candidates", "marks", "seats"),
    [
        (STRIKE, FOUR, BallotMarks({"Hà": X}), 3),  # a name not on the list is names_added, not a mark
        (STRIKE, FOUR, BallotMarks({"An": Y}), 3),  # a mark of the other style
        (AGREE, THREE, BallotMarks({"An": X}), 3),
        (AGREE, THREE, BallotMarks({"An": "yes"}), 3),
        (AGREE, THREE, BallotMarks({"An": None}), 3),
        ("secret", THREE, BallotMarks(), 3),
        (AGREE, [], BallotMarks(), 3),
        (AGREE, ["An", "An"], BallotMarks(), 3),
        (AGREE, "An", BallotMarks(), 1),
        (AGREE, ["An", ""], BallotMarks(), 3),
        (AGREE, THREE, BallotMarks(), 0),
        (AGREE, THREE, BallotMarks(), True),
        (AGREE, THREE, {"An": Y}, 3),
    ],
)
def test_judge_ballot_refuses_bad_input(style, candidates, marks, seats):
    with pytest.raises(ValueError):
        judge_ballot(style, candidates, marks, seats=seats)


def test_marks_may_be_given_as_their_codes():
    assert judge_ballot("agree", THREE, BallotMarks({"An": "agree", "Bình": "both"}), seats=3) == valid(
        "An", unclear=["Bình", "Chi"]
    )


# --- counting -----------------------------------------------------------------------------------------------


def test_count_a_committee_ballot_then_read_the_result():
    ballots = [
        BallotMarks({"Dũng": X}),  # An, Bình, Chi
        BallotMarks({"Chi": X}),  # An, Bình, Dũng
        BallotMarks({"Bình": X, "Chi": X}),  # An, Dũng
        BallotMarks({"An": X}),  # Bình, Chi, Dũng
        BallotMarks({"Dũng": X}),
        BallotMarks({"Dũng": X}),
        BallotMarks({"Chi": X}),
        BallotMarks(),  # too many
        BallotMarks(dict.fromkeys(FOUR, X)),  # none kept
        BallotMarks({"Dũng": X}, stamped=False),
        BallotMarks({"Dũng": X}, names_added=True),
    ]
    tally = count_ballots(STRIKE, FOUR, 3, ballots)
    assert tally == Tally(
        returned=11,
        valid=7,
        invalid=4,
        invalid_by_reason={
            InvalidReason.UNSTAMPED: 1,
            InvalidReason.NAMES_ADDED: 1,
            InvalidReason.TOO_MANY: 1,
            InvalidReason.NONE_KEPT: 1,
        },
        votes={"An": 6, "Bình": 6, "Chi": 4, "Dũng": 4},
    )
    assert list(tally.votes) == FOUR  # list order, for the counting minutes
    assert reconcile(issued=11, returned=11, not_returned=0, valid=tally.valid, invalid=tally.invalid) == []
    result = election_outcome(summoned=11, seats=3, votes=tally.votes)
    assert (result.elected, result.tied, result.seats_left) == (["An", "Bình"], [], 1)  # 6 of 11 pass, 4 fail
    # Had 12 been summoned (one absent without an approved reason), 6 votes would be exactly half: nobody.
    assert reconcile(issued=12, returned=11, not_returned=1, valid=tally.valid, invalid=tally.invalid) == []
    assert election_outcome(summoned=12, seats=3, votes=tally.votes).elected == []


def test_count_an_agree_ballot():
    ballots = [
        BallotMarks({"An": Y, "Bình": Y, "Chi": Y}),
        BallotMarks({"An": Y, "Bình": BOTH, "Chi": N}),
        BallotMarks({"An": Y}),
        BallotMarks({"An": Y, "Bình": Y, "Chi": Y}, stamped=False),
    ]
    tally = count_ballots(AGREE, THREE, 3, ballots)
    assert (tally.returned, tally.valid, tally.invalid) == (4, 3, 1)
    assert tally.votes == {"An": 3, "Bình": 1, "Chi": 1}


def test_count_no_ballots():
    tally = count_ballots(AGREE, ["An"], 1, [])
    assert (tally.returned, tally.valid, tally.invalid, tally.votes) == (0, 0, 0, {"An": 0})
    assert sum(tally.invalid_by_reason.values()) == 0


# --- reconciliation -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "problems"),
    [
        ({"issued": 12, "returned": 12, "not_returned": 0, "valid": 11, "invalid": 1}, []),
        ({"issued": 12, "returned": 11, "not_returned": 1, "valid": 11, "invalid": 0}, []),
        ({"issued": 0, "returned": 0, "not_returned": 0, "valid": 0, "invalid": 0}, []),
        ({"issued": 12, "returned": 11, "not_returned": 0, "valid": 11, "invalid": 0}, ["issued_mismatch"]),
        ({"issued": 12, "returned": 12, "not_returned": 1, "valid": 12, "invalid": 0}, ["issued_mismatch"]),
        ({"issued": 12, "returned": 12, "not_returned": 0, "valid": 10, "invalid": 1}, ["returned_mismatch"]),
        ({"issued": 12, "returned": 12, "not_returned": 0, "valid": 12, "invalid": 1}, ["returned_mismatch"]),
        (
            {"issued": 12, "returned": 10, "not_returned": 1, "valid": 9, "invalid": 2},
            [ReconcileProblem.ISSUED_MISMATCH, ReconcileProblem.RETURNED_MISMATCH],
        ),
    ],
)
def test_reconcile(counts, problems):
    assert reconcile(**counts) == problems


@pytest.mark.parametrize(
    "counts",
    [
        {"issued": -1, "returned": 0, "not_returned": 0, "valid": 0, "invalid": 0},
        {"issued": 1, "returned": 1, "not_returned": 0, "valid": 1, "invalid": -1},
        {"issued": 1.0, "returned": 1, "not_returned": 0, "valid": 1, "invalid": 0},
        {"issued": 1, "returned": True, "not_returned": 0, "valid": 1, "invalid": 0},
        {"issued": 1, "returned": 1, "not_returned": None, "valid": 1, "invalid": 0},
    ],
)
def test_reconcile_refuses_bad_input(counts):
    with pytest.raises(ValueError):
        reconcile(**counts)


def test_reconcile_takes_keywords_only():
    with pytest.raises(TypeError):
        reconcile(12, 12, 0, 12, 0)  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------------------------------

NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh"]


@st.composite
def elections_with_ballots(draw):
    candidates = draw(st.permutations(NAMES).map(lambda p: p[: draw(st.integers(1, len(NAMES)))]))
    seats = draw(st.integers(1, len(candidates) + 1))
    style = draw(st.sampled_from(BallotStyle))
    marks = st.fixed_dictionaries(
        {}, optional=dict.fromkeys(candidates, st.sampled_from(sorted(STYLE_MARKS[style])))
    )
    ballot = st.builds(BallotMarks, marks=marks, stamped=st.booleans(), names_added=st.booleans())
    # Most ballots stamped and clean, so that valid ones are common.
    clean = st.builds(BallotMarks, marks=marks)
    ballots = draw(st.lists(st.one_of(clean, clean, ballot), max_size=40))
    return style, candidates, seats, ballots


@given(elections_with_ballots(), st.integers(0, 5))
def test_totals_always_reconcile_after_counting(election, not_returned):
    style, candidates, seats, ballots = election
    tally = count_ballots(style, candidates, seats, ballots)
    assert tally.returned == len(ballots)
    assert tally.valid + tally.invalid == tally.returned
    assert sum(tally.invalid_by_reason.values()) == tally.invalid
    issued = tally.returned + not_returned
    counts = {
        "returned": tally.returned,
        "not_returned": not_returned,
        "valid": tally.valid,
        "invalid": tally.invalid,
    }
    assert reconcile(issued=issued, **counts) == []
    assert reconcile(issued=issued + 1, **counts) == [ReconcileProblem.ISSUED_MISMATCH]


@given(elections_with_ballots())
def test_no_candidate_gets_more_votes_than_valid_ballots(election):
    style, candidates, seats, ballots = election
    tally = count_ballots(style, candidates, seats, ballots)
    assert list(tally.votes) == list(candidates)
    assert all(0 <= votes <= tally.valid for votes in tally.votes.values())
    assert sum(tally.votes.values()) <= seats * tally.valid
    # The tally feeds the result directly: with every ballot returned by a summoned member.
    summoned = max(1, tally.returned)
    result = election_outcome(summoned=summoned, seats=seats, votes=tally.votes)
    assert len(result.elected) <= seats


@given(elections_with_ballots())
def test_each_judgement_is_consistent(election):
    style, candidates, seats, ballots = election
    for marks in ballots:
        judgement = judge_ballot(style, candidates, marks, seats=seats)
        assert judgement.valid is (not judgement.reasons)
        assert judgement.valid or (not judgement.votes and not judgement.unclear)
        assert len(judgement.votes) <= seats
        assert (InvalidReason.UNSTAMPED in judgement.reasons) is (not marks.stamped)
        assert (InvalidReason.NAMES_ADDED in judgement.reasons) is marks.names_added
        assert list(judgement.reasons) == sorted(judgement.reasons, key=list(InvalidReason).index)
        if style == BallotStyle.AGREE:
            assert InvalidReason.NONE_KEPT not in judgement.reasons
            assert not set(judgement.votes) & set(judgement.unclear)
        else:
            assert judgement.unclear == ()
