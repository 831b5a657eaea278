"""Working-day arithmetic: weekends, holidays, swapped and make-up days, Tết, year boundaries, query budget."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hoptac.workdays.calendar import (
    WorkCalendar,
    add_working_days,
    as_local_date,
    is_working_day,
    next_working_day,
    working_days_between,
)
from hoptac.workdays.models import CalendarDay

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


# --- the pure calendar (no database) -------------------------------------------------------------------------


def _calendar(exceptions=None, first=date(2030, 1, 1), last=date(2030, 12, 31)):
    return WorkCalendar(first, last, exceptions or {})


def test_weekdays_work_and_weekends_rest_without_exceptions():
    calendar = _calendar()
    assert calendar.is_working_day(date(2030, 1, 7))  # Monday
    assert calendar.is_working_day(date(2030, 1, 11))  # Friday
    assert not calendar.is_working_day(date(2030, 1, 12))  # Saturday
    assert not calendar.is_working_day(date(2030, 1, 13))  # Sunday


def test_a_holiday_is_a_day_off_and_a_makeup_saturday_a_working_day():
    calendar = _calendar({date(2030, 1, 7): "holiday", date(2030, 1, 12): "makeup"})
    assert not calendar.is_working_day(date(2030, 1, 7))
    assert calendar.is_working_day(date(2030, 1, 12))


def test_friday_plus_one_is_monday_and_plus_zero_is_the_day_itself():
    calendar = _calendar()
    assert calendar.add_working_days(date(2030, 1, 11), 1) == date(2030, 1, 14)
    assert calendar.add_working_days(date(2030, 1, 12), 0) == date(2030, 1, 12)  # a Saturday stays itself
    assert calendar.add_working_days(date(2030, 1, 12), 1) == date(2030, 1, 14)  # from a Saturday: Monday


def test_asking_outside_the_loaded_range_fails_instead_of_guessing():
    calendar = _calendar(first=date(2030, 1, 1), last=date(2030, 1, 31))
    with pytest.raises(ValueError):
        calendar.is_working_day(date(2030, 2, 1))
    assert calendar.add_working_days(date(2030, 1, 30), 5) is None


def test_aware_datetimes_are_read_in_hanoi_time():
    late_friday_utc = datetime(2026, 1, 9, 17, 30, tzinfo=UTC)  # 00:30 on Saturday 10/01 in Hà Nội
    assert as_local_date(late_friday_utc) == date(2026, 1, 10)
    assert as_local_date(datetime(2026, 1, 9, 23, 30, tzinfo=HANOI)) == date(2026, 1, 9)
    assert as_local_date(datetime(2026, 1, 9, 23, 30)) == date(2026, 1, 9)  # naive: taken as written
    with pytest.raises(TypeError):
        as_local_date("2026-01-09")


# --- the calendar as shipped (the data migration's rows) ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 17), False),  # mùng 1 Tết Bính Ngọ
        (date(2026, 2, 16), False),  # 29 tháng Chạp
        (date(2026, 2, 23), True),  # first Monday after Tết
        (date(2026, 9, 2), False),  # Quốc khánh
        (date(2026, 8, 31), False),  # swapped day off
        (date(2026, 8, 22), True),  # the make-up Saturday for it
        (date(2026, 1, 10), True),  # make-up Saturday for 02/01/2026
        (date(2026, 1, 11), False),  # an ordinary Sunday
        (date(2026, 3, 2), True),  # an ordinary Monday
        (date(2026, 4, 27), False),  # compensatory day for Giỗ Tổ on Sunday 26/04
    ],
)
def test_is_working_day_on_the_shipped_calendar(day, working, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert is_working_day(day) is working


@pytest.mark.django_db
def test_one_working_day_after_the_friday_before_tet_2026_is_the_monday_after_it():
    # Friday 13/02 → Sat, Sun, five Tết days (16–20/02), Sat, Sun → Monday 23/02.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert next_working_day(date(2026, 2, 15)) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


@pytest.mark.django_db
def test_a_makeup_saturday_counts_as_a_working_day():
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert add_working_days(date(2026, 8, 21), 2) == date(2026, 8, 24)
    # Across the National Day break: Sat, Sun, swapped Monday, 1/9 and 2/9 off → Thursday 03/09.
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


@pytest.mark.django_db
def test_deadlines_cross_the_year_boundary():
    # 31/12/2025 → 1/1 holiday, 2/1 swapped, weekend → Monday 05/01/2026.
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    # 5, 6, 7, 8, 9 January and the make-up Saturday 10 January.
    assert working_days_between(date(2025, 12, 31), date(2026, 1, 10)) == 6
    assert add_working_days(date(2025, 12, 31), 6) == date(2026, 1, 10)


@pytest.mark.django_db
def test_a_datetime_start_uses_its_local_date():
    # 17:30 UTC on Friday 09/01/2026 is already Saturday 10/01 (a make-up day) in Hà Nội.
    assert add_working_days(datetime(2026, 1, 9, 17, 30, tzinfo=UTC), 1) == date(2026, 1, 12)
    assert add_working_days(datetime(2026, 1, 9, 9, 0, tzinfo=HANOI), 1) == date(2026, 1, 10)


@pytest.mark.django_db
def test_working_days_between_is_signed_and_empty_for_the_same_day():
    assert working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    # (a, b]: the start is not counted, the end is.
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 3)) == 1


@pytest.mark.django_db
def test_n_zero_is_the_start_and_negative_n_is_refused():
    assert add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 2, 17), -1)


@pytest.mark.django_db
def test_thirty_working_days_take_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        due = add_working_days(date(2026, 2, 1), 30)
    with django_assert_num_queries(1):
        assert working_days_between(date(2026, 2, 1), due) == 30


@pytest.mark.django_db
def test_add_working_days_agrees_with_walking_day_by_day():
    """The windowed computation gives what a day-by-day walk over one big loaded calendar gives."""
    reference = WorkCalendar.load(date(2024, 12, 1), date(2028, 3, 31))
    start = date(2024, 12, 20)
    while start < date(2027, 12, 31):
        for n in (0, 1, 3, 10, 30):
            expected = reference.add_working_days(start, n)
            assert add_working_days(start, n) == expected, (start, n)
            assert working_days_between(start, expected) == n
        start += timedelta(days=11)


@pytest.mark.django_db
def test_a_break_longer_than_the_window_is_still_counted_right():
    """Sixty weekdays off in a row (a data error, but possible): a second window is read, the answer is right."""
    day, created = date(2031, 1, 6), 0
    while created < 60:
        if day.weekday() < 5:
            CalendarDay.objects.create(date=day, kind="holiday", name="Nghỉ thử", legal_basis="Kiểm thử")
            created += 1
        day += timedelta(days=1)
    while day.weekday() >= 5:  # the first weekday after the break
        day += timedelta(days=1)
    assert add_working_days(date(2031, 1, 3), 1) == day
