"""The days off shipped by migration 0002 (public sector calendar 2025–2027)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from hoptac.workdays.calendar import WorkCalendar
from hoptac.workdays.choices import DayKind
from hoptac.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

migration = importlib.import_module("hoptac.workdays.migrations.0002_days_off_2025_2027")


def _days(year):
    return {d.date: d for d in CalendarDay.objects.filter(date__year=year)}


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_each_year_has_250_working_days_the_labour_codes_eleven_holidays_and_swaps_netting_out(year):
    """261 weekdays in each of these years, less the 11 days of Điều 112; a swap moves a day, it adds none."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    calendar = WorkCalendar.load(first, last)
    assert sum(1 for _ in calendar.working_days(first, last)) == 250


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_swapped_day_off_has_its_makeup_saturday(year):
    kinds = [d.kind for d in _days(year).values()]
    assert kinds.count(DayKind.SWAPPED) == kinds.count(DayKind.MAKEUP) >= 1


def test_tet_at_ty_2025_is_off_from_25_january_to_2_february():
    calendar = WorkCalendar.load(date(2025, 1, 24), date(2025, 2, 3))
    off = [d for d in (date(2025, 1, 24 + i) for i in range(8)) if not calendar.is_working_day(d)]
    assert off == [date(2025, 1, d) for d in range(25, 32)]
    assert not calendar.is_working_day(date(2025, 2, 1))
    assert not calendar.is_working_day(date(2025, 2, 2))
    assert calendar.is_working_day(date(2025, 1, 24))
    assert calendar.is_working_day(date(2025, 2, 3))


def test_2025_swaps_friday_2_may_with_saturday_26_april():
    days = _days(2025)
    assert days[date(2025, 5, 2)].kind == DayKind.SWAPPED
    assert days[date(2025, 4, 26)].kind == DayKind.MAKEUP
    assert days[date(2025, 9, 1)].kind == days[date(2025, 9, 2)].kind == DayKind.HOLIDAY


def test_2026_tet_binh_ngo_and_national_day():
    days = _days(2026)
    assert [d for d, day in sorted(days.items()) if "Bính Ngọ" in day.name] == [
        date(2026, 2, d) for d in range(16, 21)
    ]
    assert days[date(2026, 2, 17)].name == "Tết Nguyên đán Bính Ngọ (mùng 1 tháng Giêng)"
    assert days[date(2026, 9, 2)].name == "Quốc khánh"
    assert days[date(2026, 4, 27)].kind == DayKind.COMPENSATORY  # Giỗ Tổ on Sunday 26/04
    assert not any(day.provisional for day in days.values())


def test_2027_estimates_are_marked_provisional_and_law_fixed_dates_are_not():
    days = _days(2027)
    assert days[date(2027, 2, 6)].provisional  # mùng 1 Tết Đinh Mùi, a Saturday
    assert days[date(2027, 9, 3)].provisional  # the day next to Quốc khánh: the Prime Minister's choice
    assert not days[date(2027, 4, 16)].provisional  # Giỗ Tổ: 10/3 âm lịch
    assert not days[date(2027, 9, 2)].provisional
    assert days[date(2027, 5, 3)].kind == DayKind.COMPENSATORY  # 1/5/2027 is a Saturday


def test_every_shipped_day_names_its_legal_basis():
    assert not CalendarDay.objects.filter(legal_basis="").exists()
    assert CalendarDay.objects.filter(date__year__in=[2025, 2026, 2027]).count() == len(migration.DAYS)


def test_running_the_migration_again_keeps_what_administrators_changed():
    CalendarDay.objects.filter(date=date(2027, 9, 3)).delete()
    CalendarDay.objects.filter(date=date(2027, 2, 4)).update(name="Đã sửa tay")
    migration.load(apps, None)
    assert CalendarDay.objects.get(date=date(2027, 2, 4)).name == "Đã sửa tay"
    assert CalendarDay.objects.filter(date=date(2027, 9, 3)).exists()
    migration.unload(apps, None)
    assert not CalendarDay.objects.filter(date__year__in=[2025, 2026, 2027]).exists()
