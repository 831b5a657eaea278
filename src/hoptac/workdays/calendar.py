"""Working-day arithmetic for deadlines (support-request SLAs and the like).

A working day is Monday to Friday unless the calendar marks it a day off (holiday, compensatory or swapped day),
plus any Saturday or Sunday the calendar marks a make-up working day (see :mod:`hoptac.workdays.models`).

:class:`WorkCalendar` is the pure part: it is built from the exceptions of a date range and answers without the
database, so a caller with many deadlines loads one range once. The module functions load exactly the range they
need with one query per call — no per-process cache, because the calendar is edited on the screens and several
web and job processes would each hold a stale copy. ``add_working_days`` loads a window wide enough for the
longest break (Tết: nine days off in a row) and only reads further in the rare case it runs out.

Datetimes are read in the project's time zone (Asia/Ho_Chi_Minh): a request received at 23:30 on Friday in
Hà Nội counts from Friday, whatever the server's clock says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from django.utils import timezone

from .choices import DayKind

ONE_DAY = timedelta(days=1)
# Days read beyond the plain weekday estimate: covers a nine-day Tết break and a holiday or two besides.
_MARGIN_DAYS = 31

DayLike = date | datetime


def as_local_date(value: DayLike) -> date:
    """The calendar day of ``value``; an aware datetime is first converted to the project's time zone."""
    if isinstance(value, datetime):  # datetime is a subclass of date: test it first
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"Expected a date or datetime, got {type(value).__name__}")


class WorkCalendar:
    """The working days of ``[first, last]``, from that range's exceptions ({date: DayKind value}).

    Asking about a date outside the range raises ``ValueError``: an answer from missing data would be wrong
    silently.
    """

    def __init__(self, first: date, last: date, exceptions: Mapping[date, str]):
        if last < first:
            raise ValueError("last < first")
        self.first = first
        self.last = last
        self._exceptions = {d: kind for d, kind in exceptions.items() if first <= d <= last}

    @classmethod
    def load(cls, first: DayLike, last: DayLike) -> WorkCalendar:
        """The calendar of ``[first, last]`` with its exceptions read in one query."""
        from .models import CalendarDay

        first, last = as_local_date(first), as_local_date(last)
        rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind")
        return cls(first, last, dict(rows))

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    def _check(self, day: date) -> None:
        if not self.covers(day):
            raise ValueError(f"{day} is outside the loaded range {self.first}..{self.last}")

    def is_working_day(self, day: DayLike) -> bool:
        day = as_local_date(day)
        self._check(day)
        kind = self._exceptions.get(day)
        if kind is None:
            return day.weekday() < 5
        return kind == DayKind.MAKEUP

    def working_days(self, first: date, last: date) -> Iterable[date]:
        """The working days of ``[first, last]`` in order."""
        day = first
        while day <= last:
            if self.is_working_day(day):
                yield day
            day += ONE_DAY

    def add_working_days(self, start: DayLike, n: int) -> date | None:
        """The ``n``-th working day after ``start``, or None when it lies beyond the loaded range."""
        if n < 0:
            raise ValueError("n must be 0 or more")
        day = as_local_date(start)
        remaining = n
        while remaining:
            day += ONE_DAY
            if day > self.last:
                return None
            if self.is_working_day(day):
                remaining -= 1
        return day

    def count_between(self, a: DayLike, b: DayLike) -> int:
        """Working days in ``(a, b]``; negative (the count in ``(b, a]``) when ``b`` is before ``a``."""
        a, b = as_local_date(a), as_local_date(b)
        if b < a:
            return -self.count_between(b, a)
        return sum(1 for _ in self.working_days(a + ONE_DAY, b)) if b > a else 0


def is_working_day(day: DayLike) -> bool:
    """Whether ``day`` is a working day (one query)."""
    day = as_local_date(day)
    return WorkCalendar.load(day, day).is_working_day(day)


def add_working_days(start: DayLike, n: int) -> date:
    """The date ``n`` working days after ``start``; ``start`` itself is not counted.

    ``n = 0`` gives ``start``'s own date, whatever kind of day it is (a deadline of "0 working days" is the
    day itself). A request received on Friday with ``n = 1`` is due on the next working day (Monday, or later
    after a holiday). One query for any ``n`` up to about 100; a further query only if a window runs out.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = as_local_date(start)
    remaining = n
    while remaining:
        window_end = day + timedelta(days=remaining * 7 // 5 + _MARGIN_DAYS)
        calendar = WorkCalendar.load(day + ONE_DAY, window_end)
        for candidate in calendar.working_days(day + ONE_DAY, window_end):
            remaining -= 1
            if remaining == 0:
                return candidate
        day = window_end  # a break longer than the margin (only by a data error): read the next window
    return day


def next_working_day(day: DayLike) -> date:
    """The first working day strictly after ``day`` (same as ``add_working_days(day, 1)``)."""
    return add_working_days(day, 1)


def working_days_between(a: DayLike, b: DayLike) -> int:
    """Working days in ``(a, b]`` — from the day after ``a`` up to and including ``b`` (one query).

    ``working_days_between(a, add_working_days(a, n)) == n``. When ``b`` is before ``a`` the result is the
    negative count of ``(b, a]`` (e.g. how many working days a deadline was missed by, read the other way).
    """
    a, b = as_local_date(a), as_local_date(b)
    if a == b:
        return 0
    first, last = min(a, b), max(a, b)
    return WorkCalendar.load(first, last).count_between(a, b)
