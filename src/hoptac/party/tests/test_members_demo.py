"""The members part's demo: status histories, badges and admission cases, safe to run twice."""

from __future__ import annotations

from datetime import date

import pytest

from hoptac.party import demo, demo_members
from hoptac.party.models import AdmissionCase, BadgeAward, MemberStatusPeriod, PartyCell, PartyMember

TODAY = date(2026, 11, 20)

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(MemberStatusPeriod.objects.values_list("member__full_name", "status", "starts_on", "ends_on")),
        sorted(BadgeAward.objects.values_list("member__full_name", "years", "awarded_on")),
        sorted(AdmissionCase.objects.values_list("full_name", "stage", "probation_due_on")),
    )


def test_demo_members_tells_a_plausible_story_and_runs_twice():
    demo.load(password="mat-khau-demo-2026", today=TODAY)
    first = _snapshot()
    cell = PartyCell.objects.get(name=demo.CELL_NAME)
    members = list(PartyMember.objects.filter(cell=cell).order_by("pk"))
    demo_members.load(cell=cell, members=members, secretary_user=members[0].user, today=TODAY)
    assert _snapshot() == first

    statuses = {m.status for m in PartyMember.objects.filter(cell=cell)}
    assert {"exempted", "temporarily_transferred", "transferred_out"} <= statuses
    gone = PartyMember.objects.get(cell=cell, status="transferred_out")
    assert gone.status_since.year == TODAY.year - 1
    # every member has exactly one open period, and it matches the member's status
    for member in PartyMember.objects.filter(cell=cell):
        open_period = MemberStatusPeriod.objects.get(member=member, ends_on__isnull=True)
        assert open_period.status == member.status
    assert BadgeAward.objects.filter(member__cell=cell).exists()
    for award in BadgeAward.objects.select_related("member"):
        assert award.awarded_on >= award.member.admitted_on.replace(
            year=award.member.admitted_on.year + award.years
        )
    stages = dict(AdmissionCase.objects.filter(cell=cell).values_list("full_name", "stage"))
    assert stages[demo_members.CANDIDATE] == "training"
    probation = AdmissionCase.objects.get(cell=cell, stage="probationary")
    assert probation.member is not None and probation.member.is_probationary
    assert 250 <= (TODAY - probation.admitted_on).days <= 365
