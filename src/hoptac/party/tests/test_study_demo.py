"""The study part's demo data: the two resolutions of the seed article studied at the meetings' thematic sessions,
a few missing essays, commendations and one reminder, a plan with three items (one concluded), residence feedback
with one missing and one exempt — and a second run that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hoptac.party import demo_meetings, demo_study
from hoptac.party import selectors_study as selectors
from hoptac.party.choices import MemberStatus
from hoptac.party.models import (
    Directive,
    FollowUpTask,
    PartyMember,
    Recognition,
    ResidenceFeedback,
    StudyRecord,
    StudySession,
    SupervisionItem,
)

from .factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(secretary, member_user, cell):
    for i in range(12):
        make_member(cell=cell, full_name=f"Đảng Viên Mẫu {i}")
    make_member(cell=cell, full_name="Vũ Thị Dự Bị", full_member_on=None, admitted_on=date(2025, 12, 1))
    make_member(cell=cell, full_name="Phạm Văn Miễn", status=MemberStatus.EXEMPTED)
    make_member(cell=cell, full_name="Đỗ Văn Hưu", fee_basis="pension")
    return list(PartyMember.objects.filter(cell=cell).order_by("pk"))


def counts():
    return [
        m.objects.count()
        for m in (
            Directive,
            StudySession,
            StudyRecord,
            Recognition,
            SupervisionItem,
            FollowUpTask,
            ResidenceFeedback,
        )
    ]


@pytest.mark.parametrize("with_meetings", [True, False], ids=["after the meetings' demo", "alone"])
def test_the_study_demo_then_nothing_more(secretary, members, cell, with_meetings):
    today = timezone.localdate()
    if with_meetings:
        demo_meetings.load(cell=cell, members=members, secretary_user=secretary, today=today)
    demo_study.load(cell=cell, members=members, secretary_user=secretary, today=today)

    titles = set(Directive.objects.filter(cell=cell).values_list("title", flat=True))
    assert titles == {
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "Nghị quyết Đại hội đại biểu Đảng bộ Liên minh Hợp tác xã Việt Nam lần thứ IX",
    }
    sessions = StudySession.objects.filter(directive__cell=cell)
    assert sessions.count() == 2
    if with_meetings:
        assert all(s.meeting_id for s in sessions)
    roll = list(selectors.roll(cell))
    for directive in Directive.objects.filter(cell=cell):
        records = {r.member_id: r for r in directive.records.all()}
        summary = selectors.study_summary(roll, records, deadline=directive.study_deadline, today=today)
        assert summary.studied > summary.total // 2
        assert 0 < summary.total - summary.essays <= 5  # a few essays missing
    assert Recognition.objects.filter(kind="commendation").count() == 3
    assert Recognition.objects.filter(kind="reminder").count() == 1
    items = SupervisionItem.objects.filter(plan__cell=cell, plan__year=today.year)
    assert items.count() == 3 and items.filter(state="concluded").count() == 1
    board = selectors.residence_board(user=secretary, cell=cell, year=demo_study.feedback_year(today))
    statuses = [line.status for line in board]
    assert statuses.count("missing") == 1 and statuses.count("exempt") == 1
    assert statuses.count("received") == len(statuses) - 2

    before = counts()
    demo_study.load(cell=cell, members=members, secretary_user=secretary, today=today)
    assert counts() == before


def test_the_demo_early_in_the_year_writes_no_future_date(secretary, members, cell):
    today = date(timezone.localdate().year, 1, 20)
    demo_study.load(cell=cell, members=members, secretary_user=secretary, today=today)
    assert not Recognition.objects.filter(decided_on__gt=today).exists()
    assert not StudyRecord.objects.filter(essay_submitted_on__gt=today).exists()
    assert not ResidenceFeedback.objects.filter(received_on__gt=today).exists()
    assert not SupervisionItem.objects.filter(concluded_on__gt=today).exists()
