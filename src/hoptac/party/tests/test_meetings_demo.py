"""The meetings' demo data: a year of monthly and quarterly meetings with minutes, one notified meeting ahead with
its document, votes within those present, and a second run that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hoptac.party import demo_meetings
from hoptac.party.choices import MeetingState, MemberStatus, Presence
from hoptac.party.models import Attendance, Meeting, PartyMember
from hoptac.party.selectors_meetings import warnings

from .factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(secretary, member_user, cell):
    for i in range(8):
        make_member(cell=cell, full_name=f"Đảng Viên Mẫu {i}")
    make_member(cell=cell, full_name="Vũ Thị Dự Bị", full_member_on=None, admitted_on=date(2025, 12, 1))
    make_member(cell=cell, full_name="Phạm Văn Miễn", status=MemberStatus.EXEMPTED)
    return list(PartyMember.objects.filter(cell=cell))


def test_a_year_of_meetings_then_nothing_more(secretary, members, cell):
    today = timezone.localdate()
    demo_meetings.load(cell=cell, members=members, secretary_user=secretary, today=today)
    meetings = Meeting.objects.filter(cell=cell)
    regular = meetings.filter(kind="regular")
    assert regular.filter(starts_at__lt=timezone.now()).count() in (11, 12)  # this month's may be ahead
    assert regular.filter(state=MeetingState.CLOSED).count() >= 11
    assert regular.count() == regular.filter(state=MeetingState.CLOSED).count() + 1  # and the one notified
    thematic_quarters = {
        (m.starts_at.year, (m.starts_at.month - 1) // 3) for m in meetings.filter(kind="thematic")
    }
    assert len(thematic_quarters) >= 4
    upcoming = meetings.get(state=MeetingState.NOTIFIED)
    assert upcoming.starts_at > timezone.now()
    assert upcoming.documents.filter(published_at__isnull=False).count() == 1
    for m in meetings.filter(state=MeetingState.CLOSED).prefetch_related("conclusions"):
        present = Attendance.objects.filter(meeting=m, presence=Presence.PRESENT).count()
        for c in m.conclusions.all():
            assert (c.votes_for or 0) + (c.votes_against or 0) + (c.votes_abstain or 0) <= present
        assert m.chair_id and m.minute_taker_id and m.total_full
    assert warnings(cell, today=today)["quarters"] == []
    count = meetings.count()
    demo_meetings.load(cell=cell, members=members, secretary_user=secretary, today=today)
    assert Meeting.objects.filter(cell=cell).count() == count
