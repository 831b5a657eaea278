"""Meetings in a given state, built through the real services (tests and the role matrix)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hoptac.party import services_meetings as services
from hoptac.party.choices import Presence
from hoptac.party.models import Meeting, PartyMember

from .personas import cell as test_cell


def at(day: str, hour: int = 14, minute: int = 0) -> datetime:
    """``at("05/11/2026", 14)`` → an aware datetime in the project's time zone."""
    d, m, y = (int(p) for p in day.split("/"))
    return timezone.make_aware(datetime(y, m, d, hour, minute))


def secretary_of(make_persona):
    return make_persona("party_secretary")


def meeting(
    actor,
    *,
    state: str = "planned",
    starts_at: datetime | None = None,
    kind: str = "regular",
    title: str = "Sinh hoạt thường kỳ tháng 11/2026",
    agenda=("Đánh giá công tác tháng", "Phương hướng tháng tới"),
    absent: dict[int, tuple[str, str]] | None = None,
    cell=None,
) -> Meeting:
    """A meeting of the test cell taken to ``state`` (planned, notified, held, closed, cancelled); when held,
    everyone on the roll is present except ``absent`` (member id → (presence, reason))."""
    cell = cell or test_cell()
    starts_at = starts_at or (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    m = services.meeting_create(
        actor=actor,
        cell=cell,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=120),
        place="Phòng họp tầng 3, Viện KHCN&MT",
        agenda=agenda,
    )
    if state == "planned":
        return m
    if state == "cancelled":
        return services.meeting_cancel(actor=actor, meeting=m, reason="Trùng lịch công tác của Viện")
    services.meeting_notify(actor=actor, meeting=m)
    if state == "notified":
        return Meeting.objects.get(pk=m.pk)
    absent = absent or {}
    entries = {
        member.pk: absent.get(member.pk, (Presence.PRESENT, "")) if services.is_required(member) else ("", "")
        for member in services.roll_for(m)
    }
    services.attendance_record(actor=actor, meeting=m, entries=entries, today=timezone.localdate(starts_at))
    m = Meeting.objects.get(pk=m.pk)
    if state == "held":
        return m
    chair = PartyMember.objects.get(user=actor)
    services.minutes_update(
        actor=actor,
        meeting=m,
        version=m.version,
        chair=chair,
        minute_taker=chair,
        ends_at=m.starts_at + timedelta(minutes=120),
        quality="good",
        minutes_read_out=True,
    )
    return services.minutes_close(actor=actor, meeting=Meeting.objects.get(pk=m.pk))
