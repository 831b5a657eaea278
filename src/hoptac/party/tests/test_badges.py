"""Party age, badge milestones and probation due dates: pure functions, at their edges."""

from __future__ import annotations

from datetime import date

import pytest

from hoptac.party.badges import (
    add_months,
    badge_status,
    milestone_date,
    party_age,
    probation_due,
    probation_reminder,
)

MILESTONES = [30, 40, 45, 50, 55, 60]


def test_milestone_falls_on_the_anniversary_of_admission():
    assert milestone_date(date(1995, 5, 19), 30) == date(2025, 5, 19)


def test_admission_on_29_february_completes_its_years_on_28_february_of_a_common_year():
    assert milestone_date(date(1996, 2, 29), 30) == date(2026, 2, 28)
    assert milestone_date(date(1996, 2, 29), 40) == date(2036, 2, 29)  # a leap year again
    assert party_age(date(1996, 2, 29), date(2026, 2, 27)) == 29
    assert party_age(date(1996, 2, 29), date(2026, 2, 28)) == 30


def test_the_anniversary_day_itself_counts_as_reached():
    admitted = date(1995, 5, 19)
    on_the_day = badge_status(admitted, date(2025, 5, 19), MILESTONES)
    assert [m.years for m in on_the_day.reached] == [30]
    assert on_the_day.next.years == 40
    day_before = badge_status(admitted, date(2025, 5, 18), MILESTONES)
    assert day_before.reached == ()
    assert day_before.next.years == 30
    assert day_before.next.due_on == date(2025, 5, 19)


def test_party_age_before_admission_is_zero():
    assert party_age(date(2020, 1, 1), date(2019, 12, 31)) == 0
    assert party_age(date(2020, 1, 1), date(2020, 12, 31)) == 0
    assert party_age(date(2020, 1, 1), date(2021, 1, 1)) == 1


@pytest.mark.parametrize(
    ("today", "upcoming"),
    [
        (date(2025, 2, 17), None),  # 91 days before
        (date(2025, 2, 18), 30),  # exactly 90 days before: inside the window
        (date(2025, 5, 18), 30),
        (date(2025, 5, 19), None),  # reached: no longer upcoming, but overdue until awarded
    ],
)
def test_reminder_window_edges(today, upcoming):
    status = badge_status(date(1995, 5, 19), today, MILESTONES, reminder_days=90)
    assert (status.upcoming.years if status.upcoming else None) == upcoming


def test_reached_but_not_awarded_is_overdue_until_recorded():
    status = badge_status(date(1980, 3, 3), date(2026, 1, 1), MILESTONES)
    assert [m.years for m in status.overdue] == [30, 40, 45]
    awarded = badge_status(date(1980, 3, 3), date(2026, 1, 1), MILESTONES, awarded=[40])
    assert [m.years for m in awarded.overdue] == [45]  # 30 predates the records once 40 is recorded
    assert badge_status(date(1980, 3, 3), date(2026, 1, 1), MILESTONES, awarded=[30, 40, 45]).overdue == ()


def test_an_awarded_upcoming_milestone_is_not_reminded():
    status = badge_status(date(1995, 5, 19), date(2025, 5, 1), MILESTONES, awarded=[30])
    assert status.upcoming is None
    assert status.next.years == 30


def test_past_every_milestone_there_is_no_next():
    status = badge_status(date(1950, 1, 1), date(2026, 1, 1), [30, 40])
    assert status.next is None and status.upcoming is None


def test_milestones_are_sorted_and_deduplicated():
    status = badge_status(date(1990, 1, 1), date(2026, 1, 1), [45, 30, 30, "40"])
    assert [m.years for m in status.reached] == [30]
    assert status.next.years == 40


@pytest.mark.parametrize(
    "bad",
    [
        lambda: badge_status("1990-01-01", date(2026, 1, 1), MILESTONES),
        lambda: badge_status(date(1990, 1, 1), None, MILESTONES),
        lambda: add_months(date(2020, 1, 1), 1.5),
        lambda: add_months(date(2020, 1, 1), True),
    ],
)
def test_wrong_types_are_refused(bad):
    with pytest.raises(TypeError):
        bad()


def test_bad_values_are_refused():
    with pytest.raises(ValueError):
        badge_status(date(1990, 1, 1), date(2026, 1, 1), [0, 30])
    with pytest.raises(ValueError):
        badge_status(date(1990, 1, 1), date(2026, 1, 1), MILESTONES, reminder_days=-1)
    with pytest.raises(ValueError):
        add_months(date(9999, 12, 1), 1)


@pytest.mark.parametrize(
    ("admitted", "months", "due"),
    [
        (date(2025, 3, 10), 12, date(2026, 3, 10)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 12, 15), 18, date(2027, 6, 15)),
    ],
)
def test_probation_due(admitted, months, due):
    assert probation_due(admitted, months) == due


def test_probation_reminder_states():
    due = date(2026, 3, 10)
    assert probation_reminder(due, date(2026, 2, 7), 30) is None  # 31 days ahead
    assert probation_reminder(due, date(2026, 2, 8), 30) == "soon"  # exactly 30
    assert probation_reminder(due, due, 30) == "soon"  # due today
    assert probation_reminder(due, date(2026, 3, 11), 30) == "overdue"
