"""Every write to the working-day calendar: the system administrator only; validate, save, record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current

from .models import DATE_TAKEN, CalendarDay

EDITABLE_FIELDS = ("date", "kind", "name", "legal_basis", "provisional")

FORBIDDEN = _("Chỉ quản trị hệ thống được sửa lịch làm việc.")


def _check_actor(actor) -> None:
    if not actor.is_system_admin:
        raise DomainError(FORBIDDEN, code="forbidden")


def _save(day: CalendarDay, save) -> None:
    """Run ``save``; a date taken meanwhile by someone else (the unique index) becomes the form's message."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        if CalendarDay.objects.filter(date=day.date).exclude(pk=day.pk).exists():
            raise ValidationError({"date": DATE_TAKEN}) from exc
        raise


def calendar_day_create(*, actor, **fields: Any) -> CalendarDay:
    _check_actor(actor)
    day = CalendarDay(**{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    day.full_clean()
    with acting_as(actor):
        _save(day, day.save)
    return day


def calendar_day_update(*, actor, day: CalendarDay, version: int, **fields: Any) -> CalendarDay:
    """Save the changed fields if nobody saved the day since ``version`` (else StaleObjectError)."""
    _check_actor(actor)
    changed = []
    for name, value in fields.items():
        if name in EDITABLE_FIELDS and getattr(day, name) != value:
            setattr(day, name, value)
            changed.append(name)
    day.full_clean()
    if changed:
        with acting_as(actor):
            _save(day, lambda: save_if_current(day, version, [*changed, "updated_at"]))
    return day


def calendar_day_delete(*, actor, day: CalendarDay) -> bool:
    """Remove the day from the calendar (True; also when someone else removed it meanwhile)."""
    _check_actor(actor)
    with transaction.atomic(), acting_as(actor):
        CalendarDay.objects.filter(pk=day.pk).delete()
    return True
