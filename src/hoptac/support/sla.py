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
