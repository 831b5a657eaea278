"""The evaluation demo: decided and notified years within the quota, the seed article's targets flagged."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hoptac.party import demo_evaluation, rules
from hoptac.party.models import EvaluationYear, MemberEvaluation, Term, TermTarget
from hoptac.party.targets import Target, conflicts

from .factories import make_member

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def test_demo_is_realistic_within_the_quota_and_safe_to_run_twice(cell, secretary, committee_client):
    members = [secretary.party_member]
    members += [make_member(cell=cell, full_name=f"Đảng viên {i}") for i in range(14)]
    members += [
        make_member(cell=cell, full_name=f"Dự bị {i}", admitted_on=date(2025, 6, 1), full_member_on=None)
        for i in range(3)
    ]

    first = demo_evaluation.load(cell=cell, members=members, secretary_user=secretary, today=TODAY)
    second = demo_evaluation.load(cell=cell, members=members, secretary_user=secretary, today=TODAY)

    assert first == {"rounds": 4, "targets": 3} and second == {"rounds": 0, "targets": 0}
    last = EvaluationYear.objects.get(cell=cell, year=2025)
    assert last.cell_level in ("good", "excellent") and last.closed_at is not None
    rows = list(MemberEvaluation.objects.filter(round=last).select_related("member"))
    assert len(rows) == 18
    assert all(r.step == "notified" and r.decided_level == r.proposed_level for r in rows)
    levels = [r.decided_level for r in rows]
    assert rules.quota_excess(levels) == 0
    assert levels.count("excellent") == 2 and levels.count("good") == 11
    assert sum(r.member.is_probationary for r in rows) == 3
    assert all(r.votes_for * 2 > r.votes_total for r in rows)
    assert MemberEvaluation.objects.filter(round__year=2024).count() == 15  # the probationary joined in 2025

    term = Term.objects.get(cell=cell, name="2022–2025")
    assert term.starts_on == date(2022, 8, 19)
    targets = [
        Target(t.level, t.share, t.mode, t.comparison, key=t.pk) for t in TermTarget.objects.filter(term=term)
    ]
    assert {c.code for c in conflicts(targets)} == {"excellent_over_ceiling", "excellent_vs_good"}

    page = committee_client.get(f"{reverse('party:target_list')}?nhiem-ky={term.pk}").content.decode()
    assert 'data-testid="flagged"' in page and "theo quyết định của cấp trên" in page
    round_page = committee_client.get(reverse("party:round_detail", args=[last.pk]))
    assert round_page.status_code == 200 and 'data-testid="quota-ok"' in round_page.content.decode()
