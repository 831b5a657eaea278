"""Support requests placed directly in a state (bypassing the workflow), for tests of the workflow itself."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hoptac.registry.tests.personas import OTHER_TAX_CODE, OWN_TAX_CODE, cooperative
from hoptac.support.choices import Category, Channel, DeclinedBy, State
from hoptac.support.models import SupportRequest
from hoptac.support.workflow import next_number


def request_in(state: str, *, assignee=None, created_by, own: bool = True, **fields) -> SupportRequest:
    """A request of the representative's cooperative (Đắk Lắk) or, ``own=False``, of the Cà Mau one."""
    coop = cooperative(OWN_TAX_CODE if own else OTHER_TAX_CODE)
    now = timezone.now()
    values = {
        "cooperative": coop,
        "province_id": coop.province_id,
        "category": Category.ENVIRONMENT,
        "title": "Tư vấn hồ sơ môi trường cho trang trại chăn nuôi",
        "description": "Hợp tác xã cần lập kế hoạch bảo vệ môi trường.",
        "channel": Channel.ONLINE,
        "state": state,
        "created_by": created_by,
    }
    if state != State.DRAFT:
        values.update(number=next_number(now.year), submitted_at=now)
    if state in (State.SUBMITTED,):
        values["due_date"] = timezone.localdate() + datetime.timedelta(days=7)
    if state in (State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED, State.CLOSED):
        values.update(assignee=assignee, accepted_at=now)
    if state == State.RESOLVED:
        values.update(resolved_at=now, outcome="Đã lập xong hồ sơ.")
    if state == State.CLOSED:
        values.update(resolved_at=now, closed_at=now, rating=5, outcome="Đã lập xong hồ sơ.")
    if state == State.DECLINED:
        values.update(declined_by=DeclinedBy.PROVINCE, decline_reason="Không thuộc phạm vi hỗ trợ.")
    values.update(fields)
    return SupportRequest.objects.create(**values)
