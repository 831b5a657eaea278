"""Reads of the working-day calendar; every one starts from ``restrict``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict

from .calendar import WorkCalendar
from .choices import DayKind
from .models import CalendarDay

# Years the picker offers beyond the data: there is always something to choose, and next year can be started.
YEARS_AHEAD = 1
# A year outside this range in the address is treated as missing (falls back to the current year).
MIN_YEAR, MAX_YEAR = 2000, 2100


def calendar_day_queryset(*, user: Any, action: str = VIEW) -> QuerySet:
    return restrict(CalendarDay.objects.all(), user, action)


def calendar_day_get(*, user: Any, pk: int, action: str = VIEW) -> CalendarDay:
    return get_visible_or_404(CalendarDay.objects.all(), user, action, pk=pk)


def parse_year(value: str | None) -> int:
    """The year asked for in the address (``?nam=2026``); the current year when missing or nonsensical."""
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


@dataclass
class YearSummary:
    year: int
    days: list[CalendarDay]
    years: list[int]  # for the picker
    working_days: int  # in the whole year
    days_off_on_weekdays: int
    makeup_days: int
    provisional: int


def calendar_year(*, user: Any, year: int) -> YearSummary:
    """The year's exceptions, the picker's years and the year's counts: two queries whatever the rows."""
    queryset = calendar_day_queryset(user=user)
    days = list(queryset.filter(date__year=year).order_by("date"))
    bounds = queryset.aggregate(first=Min("date"), last=Max("date"))
    today = timezone.localdate().year
    low = min(year, today, bounds["first"].year if bounds["first"] else today)
    high = max(year, today + YEARS_AHEAD, bounds["last"].year if bounds["last"] else today)
    first, last = date(year, 1, 1), date(year, 12, 31)
    calendar = WorkCalendar(first, last, {d.date: d.kind for d in days})
    return YearSummary(
        year=year,
        days=days,
        years=list(range(high, low - 1, -1)),
        working_days=sum(1 for _ in calendar.working_days(first, last)),
        days_off_on_weekdays=sum(1 for d in days if d.kind != DayKind.MAKEUP and d.date.weekday() < 5),
        makeup_days=sum(1 for d in days if d.kind == DayKind.MAKEUP),
        provisional=sum(1 for d in days if d.provisional),
    )
