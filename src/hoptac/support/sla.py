"""SLA warnings: the owner of a stage hears of it before the due date and again once it has passed.

``due_date`` is set when a request enters a stage (working days, see ``workdays``); flags on the row make each
warning go out once per stage, whichever worker or hour sends it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from . import notices
from .choices import STAGE_OF_STATE
from .models import SupportRequest

BATCH = 2000


def send_sla_warnings(today: datetime.date | None = None) -> dict[str, int]:
    from hoptac.workdays.calendar import add_working_days

    today = today or timezone.localdate()
    # Warn when the due date is within the next working day (the default warn_days_before is 1).
    horizon = add_working_days(today, 1)
    stages = list(STAGE_OF_STATE)
    warned = breached = 0
    with transaction.atomic():
        due_soon = list(
            SupportRequest.objects.select_for_update(skip_locked=True)
            .filter(state__in=stages, due_date__gte=today, due_date__lte=horizon, sla_warned=False)
            .order_by("due_date")[:BATCH]
        )
        for request in due_soon:
            notices.sla(request, breached=False)
        SupportRequest.objects.filter(pk__in=[r.pk for r in due_soon]).update(sla_warned=True)
        warned = len(due_soon)
    with transaction.atomic():
        late = list(
            SupportRequest.objects.select_for_update(skip_locked=True)
            .filter(state__in=stages, due_date__lt=today, sla_breach_notified=False)
            .order_by("due_date")[:BATCH]
        )
        for request in late:
            notices.sla(request, breached=True)
        SupportRequest.objects.filter(pk__in=[r.pk for r in late]).update(
            sla_breach_notified=True, sla_warned=True
        )
        breached = len(late)
    return {"warned": warned, "breached": breached}


# --------------------------------------------------------------------------------------- configuring the SLAs

SLA_EDITORS = frozenset({"system_admin", "institute_leader"})


def sla_table() -> list[dict]:
    """Every row of the settings page: the all-category row first, then each category, with the stored value
    (None: inherited) and the effective one for each stage."""
    from .choices import DEFAULT_SLA_DAYS, Category, Stage
    from .models import SlaPolicy

    stored = {(p.category, p.stage): p.working_days for p in SlaPolicy.objects.all()}
    rows = []
    for category, label in [("", None), *Category.choices]:
        cells = []
        for stage in Stage.values:
            own = stored.get((category, stage))
            inherited = stored.get(("", stage)) or DEFAULT_SLA_DAYS[stage]
            cells.append(
                {
                    "stage": stage,
                    "label": Stage(stage).label,
                    "own": own,
                    "effective": own or inherited,
                    "inherited": inherited,
                }
            )
        rows.append({"category": category, "label": label, "cells": cells})
    return rows


def sla_save(*, actor, values: dict[tuple[str, str], int | None]) -> int:
    """Store the working days per (category, stage); None removes a row (the category inherits). Requests
    already in a stage keep their due date; the new figures apply from the next stage a request enters."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from hoptac.core.audit import acting_as
    from hoptac.core.errors import DomainError

    from .choices import Category, Stage
    from .models import SlaPolicy

    if not actor.has_role(*SLA_EDITORS):
        raise DomainError(_("Bạn không có quyền sửa thời hạn xử lý."), code="forbidden")
    errors = {}
    for (category, stage), days in values.items():
        if category not in ("", *Category.values) or stage not in Stage.values:
            raise DomainError(_("Lĩnh vực hoặc bước không hợp lệ."), code="invalid")
        if days is not None and not (isinstance(days, int) and 1 <= days <= 365):
            errors[f"{category or 'all'}__{stage}"] = [_("Nhập số ngày làm việc từ 1 đến 365.")]
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic(), acting_as(actor):
        stored = {(p.category, p.stage): p for p in SlaPolicy.objects.select_for_update()}
        for key, days in values.items():
            row = stored.get(key)
            if days is None and row is not None:
                row.delete()
                changed += 1
            elif days is not None and row is None:
                SlaPolicy.objects.create(category=key[0], stage=key[1], working_days=days)
                changed += 1
            elif days is not None and row.working_days != days:
                row.working_days = days
                row.save(update_fields=["working_days"])
                changed += 1
    return changed
