"""Table tests of the pure meeting rules: quorum, quarters without a thematic meeting, months without a regular
one, a meeting too short, documents late, vote counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from hoptac.party.rules_meetings import (
    MeetingFact,
    RollEntry,
    months_without_regular,
    published_late,
    quarters_without_thematic,
    quorum,
    quorum_for_roll,
    too_short,
    vote_problem,
)

# --- quorum --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "base", "share", "strict", "needed", "met"),
    [
        (5, 10, "0.5", True, 6, False),  # exactly half is not "more than half"
        (6, 10, "0.5", True, 6, True),
        (5, 10, "0.5", False, 5, True),  # "at least half" accepts exactly half
        (5, 9, "0.5", True, 5, True),  # 4.5 → 5
        (4, 9, "0.5", True, 5, False),
        (5, 9, "0.5", False, 5, True),  # ceil(4.5)
        (1, 1, "0.5", True, 1, True),
        (0, 1, "0.5", True, 1, False),
        (0, 0, "0.5", True, 1, False),  # nobody required: no quorum
        (7, 10, "0.6667", True, 7, True),  # two thirds, exact decimals
        (6, 10, "0.6667", True, 7, False),
        (10, 10, "1", True, 11, False),  # "more than all" can never be met
        (10, 10, "1", False, 10, True),
        (0, 5, "0", False, 1, False),  # a share of 0 still needs somebody present
        (1, 5, "0", True, 1, True),
    ],
)
def test_quorum_table(present, base, share, strict, needed, met):
    q = quorum(present=present, base=base, share=Decimal(share), strictly_more=strict)
    assert (q.needed, q.met) == (needed, met)


@pytest.mark.parametrize(
    "bad", [{"present": -1, "base": 3}, {"present": 1, "base": -3}, {"present": 1, "base": 3, "share": "1.5"}]
)
def test_quorum_refuses_bad_input(bad):
    with pytest.raises(ValueError):
        quorum(**bad)


def _roll(*codes: str) -> list[RollEntry]:
    """F/P = full/probationary; r/n = required/not required; + present, - absent: "Fr+" …"""
    return [RollEntry(probationary=c[0] == "P", required=c[1] == "r", present=c[2] == "+") for c in codes]


@pytest.mark.parametrize(
    ("roll", "counts_probationary", "present", "base", "met"),
    [
        (_roll("Fr+", "Fr+", "Fr-", "Fr-"), False, 2, 4, False),  # half of four
        (_roll("Fr+", "Fr+", "Fr+", "Fr-"), False, 3, 4, True),
        # an exempted member who is absent does not count in the base; one who comes does
        (_roll("Fr+", "Fr+", "Fr-", "Fn-", "Fn-"), False, 2, 3, True),
        (_roll("Fr+", "Fr-", "Fr-", "Fn+"), False, 2, 4, False),
        # probationary members: not counted by default, counted when the cell says so
        (_roll("Fr+", "Fr-", "Pr+", "Pr+"), False, 1, 2, False),
        (_roll("Fr+", "Fr-", "Pr+", "Pr+"), True, 3, 4, True),
        (_roll(), False, 0, 0, False),
    ],
)
def test_quorum_from_the_roll(roll, counts_probationary, present, base, met):
    q = quorum_for_roll(roll, counts_probationary=counts_probationary)
    assert (q.present, q.base, q.met) == (present, base, met)


# --- quarters and months -----------------------------------------------------------------------------------------


def _f(kind: str, day: str, state: str = "closed") -> MeetingFact:
    d, m, y = (int(p) for p in day.split("/"))
    return MeetingFact(kind, date(y, m, d), state)


TODAY = date(2026, 5, 10)  # second quarter of 2026


@pytest.mark.parametrize(
    ("meetings", "since", "missing"),
    [
        ([], None, [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]),
        (
            [
                _f("thematic", "15/02/2025"),
                _f("combined", "30/06/2025"),
                _f("thematic", "01/07/2025"),
                _f("thematic", "31/12/2025"),
                _f("thematic", "31/03/2026"),
                _f("thematic", "20/06/2026", "planned"),
            ],
            None,
            [],  # a thematic meeting scheduled later this quarter covers it
        ),
        # a regular meeting does not count; a cancelled thematic one does not either
        (
            [_f("regular", "15/02/2026"), _f("thematic", "20/04/2026", "cancelled")],
            date(2026, 1, 1),
            [(2026, 1), (2026, 2)],
        ),
        # quarters that ended before the cell's start are not warned about
        ([], date(2025, 11, 1), [(2025, 4), (2026, 1), (2026, 2)]),
        ([], date(2025, 10, 1), [(2025, 4), (2026, 1), (2026, 2)]),
        ([], date(2025, 9, 30), [(2025, 3), (2025, 4), (2026, 1), (2026, 2)]),
    ],
)
def test_quarters_without_a_thematic_meeting(meetings, since, missing):
    assert quarters_without_thematic(meetings, today=TODAY, since=since) == missing


def test_the_first_day_of_a_quarter_counts_that_quarter():
    assert quarters_without_thematic([], today=date(2026, 4, 1), since=date(2026, 3, 31)) == [
        (2026, 1),
        (2026, 2),
    ]
    assert quarters_without_thematic([], today=date(2026, 3, 31), since=date(2026, 3, 31)) == [(2026, 1)]


@pytest.mark.parametrize(
    ("meetings", "since", "missing"),
    [
        ([], date(2026, 3, 15), [(2026, 3), (2026, 4), (2026, 5)]),
        (
            [
                _f("regular", "05/03/2026"),
                _f("combined", "28/04/2026"),
                _f("regular", "25/05/2026", "notified"),
            ],
            date(2026, 3, 1),
            [],
        ),
        # a thematic meeting does not replace the monthly one (Hướng dẫn 12-HD/BTCTW)
        (
            [_f("regular", "05/03/2026"), _f("thematic", "28/04/2026")],
            date(2026, 3, 1),
            [(2026, 4), (2026, 5)],
        ),
        ([_f("regular", "05/03/2026", "cancelled")], date(2026, 3, 1), [(2026, 3), (2026, 4), (2026, 5)]),
    ],
)
def test_months_without_a_regular_meeting(meetings, since, missing):
    assert months_without_regular(meetings, today=TODAY, since=since) == missing


def test_without_a_start_date_both_years_are_checked():
    assert len(months_without_regular([], today=TODAY)) == 12 + 5


# --- length and documents -----------------------------------------------------------------------------------------

START = datetime(2026, 5, 10, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "minutes", "expected"),
    [
        ("regular", 89, 89),
        ("regular", 90, None),
        ("thematic", 60, 60),
        ("combined", 119, 119),
        ("combined", 120, None),
        ("combined", 100, 100),  # enough for a regular meeting, not for a combined one
        ("regular", None, None),  # end not known yet
    ],
)
def test_too_short(kind, minutes, expected):
    ends = None if minutes is None else START + timedelta(minutes=minutes)
    assert too_short(kind, START, ends) == expected


def test_too_short_follows_the_cells_rules():
    assert too_short("regular", START, START + timedelta(minutes=90), regular_min=100) == 90


@pytest.mark.parametrize(
    ("before", "days", "late"),
    [
        (timedelta(days=2), 1, False),
        (timedelta(days=1), 1, False),  # exactly one day ahead is in time
        (timedelta(hours=23, minutes=59), 1, True),
        (timedelta(days=2), 3, True),
        (-timedelta(hours=1), 1, True),  # published after the start
        (timedelta(0), 0, False),
    ],
)
def test_published_late(before, days, late):
    assert published_late(START - before, START, days_ahead=days) is late


def test_an_unpublished_document_is_not_late():
    assert published_late(None, START) is False


@pytest.mark.parametrize(
    ("votes", "present", "problem"),
    [
        ((10, 0, 0), 10, None),
        ((10, 1, 0), 10, "exceeds_present"),
        ((11, None, None), 10, "exceeds_present"),
        ((5, 3, 2), 10, None),
        ((None, None, None), 10, None),
        ((None, 2, None), 10, "for_missing"),
        ((-1, 0, 0), 10, "negative"),
        ((0, 0, 0), 0, None),
    ],
)
def test_vote_counts(votes, present, problem):
    assert vote_problem(*votes, present=present) == problem


def test_a_document_published_before_the_notice_counts_from_the_notice():
    """Members cannot see a meeting's documents before its notice: 10 days' publication with a notice two hours
    before the start is two hours' notice."""
    assert published_late(START - timedelta(days=10), START, notified_at=START - timedelta(hours=2)) is True
    assert published_late(START - timedelta(days=10), START, notified_at=START - timedelta(days=3)) is False


def test_an_unpublished_document_is_late_once_the_deadline_has_passed():
    assert published_late(None, START, now=START - timedelta(days=2)) is False
    assert published_late(None, START, now=START - timedelta(hours=3)) is True
