"""Party badge milestones and probation due dates as pure functions (no database).

Party age (tuổi Đảng) is counted from the admission date, the date written in the admission decision
(Điều lệ Đảng, Điều 5: "tuổi đảng của đảng viên tính từ ngày ghi trong quyết định kết nạp"), not from the date
the member was recognised as a full member. A period out of the Party (expelled and re-admitted) is not
deducted: the platform holds no such data, and the committee records the award it actually decides.

A span counted in months or years ends on the corresponding day of the last month; when that month has no such
day (29 February in a common year, 31 in a 30-day month) it ends on the month's last day (Bộ luật Dân sự 2015,
Điều 148). A member admitted on 29/02/1996 completes 30 years on 28/02/2026.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the end of a shorter month."""
    if not isinstance(start, date):
        raise TypeError("start must be a date")
    if not isinstance(months, int) or isinstance(months, bool):
        raise TypeError("months must be an int")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if year < 1 or year > 9999:
        raise ValueError("date out of range")
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def milestone_date(admitted_on: date, years: int) -> date:
    """The day the member completes ``years`` of party age."""
    return add_years(admitted_on, years)


def party_age(admitted_on: date, on: date) -> int:
    """Whole years of party age on ``on`` (0 before the first anniversary; the anniversary day counts)."""
    if on < admitted_on:
        return 0
    years = on.year - admitted_on.year
    while years > 0 and milestone_date(admitted_on, years) > on:
        years -= 1
    return years


def probation_due(admitted_on: date, months: int) -> date:
    """The end of the probation (Điều lệ Đảng: 12 months by default, the cell's ``probation_months``)."""
    return add_months(admitted_on, months)


@dataclass(frozen=True)
class Milestone:
    years: int
    due_on: date


@dataclass(frozen=True)
class BadgeStatus:
    """What a member's badges look like on a day.

    ``reached``: every milestone completed by that day; ``next``: the first one still ahead; ``upcoming``: the
    next one when it falls within the reminder window; ``overdue``: milestones reached but not awarded, above the
    highest one awarded (a member awarded the 50-year badge is not chased for the 30-year one, which predates the
    platform's records).
    """

    age: int
    reached: tuple[Milestone, ...]
    next: Milestone | None
    upcoming: Milestone | None
    overdue: tuple[Milestone, ...] = field(default_factory=tuple)

    @property
    def needs_attention(self) -> bool:
        return bool(self.upcoming or self.overdue)


def _milestones(milestones: Iterable[int]) -> list[int]:
    values = sorted({int(m) for m in milestones})
    if any(m <= 0 for m in values):
        raise ValueError("milestones must be positive numbers of years")
    return values


def badge_status(
    admitted_on: date,
    on: date,
    milestones: Iterable[int],
    *,
    awarded: Iterable[int] = (),
    reminder_days: int = 90,
) -> BadgeStatus:
    """The milestones reached on ``on``, the next one with its date, and what the committee should act on."""
    if not isinstance(admitted_on, date) or not isinstance(on, date):
        raise TypeError("admitted_on and on must be dates")
    if reminder_days < 0:
        raise ValueError("reminder_days must not be negative")
    years = _milestones(milestones)
    awarded_set = {int(a) for a in awarded}
    reached: list[Milestone] = []
    upcoming_next: Milestone | None = None
    for value in years:
        due = milestone_date(admitted_on, value)
        if due <= on:
            reached.append(Milestone(value, due))
        else:
            upcoming_next = Milestone(value, due)
            break
    highest_awarded = max(awarded_set, default=0)
    overdue = tuple(m for m in reached if m.years not in awarded_set and m.years > highest_awarded)
    upcoming = None
    if (
        upcoming_next is not None
        and upcoming_next.years not in awarded_set
        and upcoming_next.due_on <= on + timedelta(days=reminder_days)
    ):
        upcoming = upcoming_next
    return BadgeStatus(
        age=party_age(admitted_on, on),
        reached=tuple(reached),
        next=upcoming_next,
        upcoming=upcoming,
        overdue=overdue,
    )


def probation_reminder(due_on: date, on: date, reminder_days: int) -> str | None:
    """ "overdue" once the due date has passed, "soon" within ``reminder_days`` before it, else None."""
    if on > due_on:
        return "overdue"
    if due_on - on <= timedelta(days=reminder_days):
        return "soon"
    return None
