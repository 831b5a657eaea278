"""The calendar's rules hold in the model (clean) and in the database (constraints)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hoptac.core.audit import is_tracked
from hoptac.workdays.models import DATE_TAKEN, DAY_OFF_ON_WEEKEND, MAKEUP_ON_WEEKDAY, CalendarDay

pytestmark = pytest.mark.django_db

MONDAY, SATURDAY = date(2030, 1, 7), date(2030, 1, 12)


def _day(**fields):
    values = {"date": MONDAY, "kind": "holiday", "name": "Ngày thử", "legal_basis": "Điều 112"} | fields
    return CalendarDay(**values)


def _database_refuses(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        _day(**fields).save()


def test_the_calendar_is_audited():
    assert is_tracked(CalendarDay)


def test_a_makeup_day_must_be_a_weekend_day():
    with pytest.raises(ValidationError) as error:
        _day(kind="makeup").full_clean()
    assert error.value.message_dict["date"] == [str(MAKEUP_ON_WEEKDAY)]
    _day(kind="makeup", date=SATURDAY).full_clean()
    _database_refuses(kind="makeup")


@pytest.mark.parametrize("kind", ["compensatory", "swapped"])
def test_a_compensatory_or_swapped_day_off_must_be_a_weekday(kind):
    with pytest.raises(ValidationError) as error:
        _day(kind=kind, date=SATURDAY).full_clean()
    assert error.value.message_dict["date"] == [str(DAY_OFF_ON_WEEKEND)]
    _database_refuses(kind=kind, date=SATURDAY)


def test_a_holiday_may_fall_on_a_weekend():
    _day(date=SATURDAY).full_clean()


def test_one_row_per_date():
    _day().save()
    with pytest.raises(ValidationError) as error:
        _day(kind="swapped").full_clean()
    assert error.value.message_dict["date"] == [str(DATE_TAKEN)]
    _database_refuses()


def test_the_database_refuses_an_unknown_kind_and_an_empty_name():
    _database_refuses(kind="birthday")
    _database_refuses(name="")


def test_weekday_names_are_vietnamese():
    assert str(_day(date=date(2026, 2, 17)).weekday_name) == "Thứ Ba"
    assert str(_day(date=date(2026, 2, 22)).weekday_name) == "Chủ nhật"
