"""The services refuse anyone but the system administrator, whatever screen or job calls them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hoptac.core.errors import DomainError
from hoptac.workdays import services
from hoptac.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

FIELDS = {"date": date(2030, 9, 3), "kind": "holiday", "name": "Thử", "legal_basis": "Điều 112"}


def test_only_the_system_administrator_may_write(make_persona):
    leader = make_persona("institute_leader")
    day = CalendarDay.objects.get(date=date(2026, 9, 2))
    with pytest.raises(DomainError):
        services.calendar_day_create(actor=leader, **FIELDS)
    with pytest.raises(DomainError):
        services.calendar_day_update(actor=leader, day=day, version=day.version, name="Khác")
    with pytest.raises(DomainError):
        services.calendar_day_delete(actor=leader, day=day)
    assert CalendarDay.objects.filter(pk=day.pk, name="Quốc khánh").exists()


def test_create_validates_the_model(make_persona):
    admin = make_persona("system_admin")
    with pytest.raises(ValidationError):
        services.calendar_day_create(actor=admin, **(FIELDS | {"kind": "makeup"}))  # a Tuesday
    day = services.calendar_day_create(actor=admin, **FIELDS)
    assert day.pk and day.version == 1


def test_an_update_without_changes_saves_nothing(make_persona):
    admin = make_persona("system_admin")
    day = CalendarDay.objects.get(date=date(2026, 9, 2))
    services.calendar_day_update(actor=admin, day=day, version=day.version, name=day.name)
    assert CalendarDay.objects.get(pk=day.pk).version == 1
