"""Requests in any state, built directly (the screens' tests start from a state, not from a journey)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hoptac.registry.tests.personas import OTHER_TAX_CODE, OWN_TAX_CODE, cooperative

from ..choices import Category, Channel, DeclinedBy, State
from ..models import SupportRequest
from ..workflow import next_number


def daklak_cooperative():
    return cooperative(OWN_TAX_CODE)


def camau_cooperative():
    return cooperative(OTHER_TAX_CODE)


def make_request(
    *, created_by, coop=None, state: str = State.SUBMITTED, title: str = "Tư vấn hồ sơ môi trường", **extra
):
    """A request of ``coop`` (the Đắk Lắk representative's own by default) in ``state``."""
    coop = coop or daklak_cooperative()
    now = timezone.now()
    fields = {
        "cooperative": coop,
        "province_id": coop.province_id,
        "category": Category.ENVIRONMENT,
        "title": title,
        "description": "Hợp tác xã cần lập hồ sơ môi trường cho xưởng sơ chế cà phê.",
        "channel": Channel.ONLINE,
        "state": state,
        "created_by": created_by,
    }
    if state != State.DRAFT:
        fields.update(number=next_number(now.year), submitted_at=now)
    if state in (State.SUBMITTED, State.ENDORSED, State.ASSIGNED, State.IN_PROGRESS):
        fields["due_date"] = timezone.localdate() + datetime.timedelta(days=7)
    if state == State.DECLINED:
        fields.update(declined_by=DeclinedBy.PROVINCE, decline_reason="Không thuộc phạm vi hỗ trợ.")
    if state == State.CLOSED:
        fields.update(rating=5, closed_at=now)
    if state == State.RESOLVED:
        fields.update(resolved_at=now, outcome="Đã lập xong hồ sơ.")
    fields.update(extra)
    return SupportRequest.objects.create(**fields)
