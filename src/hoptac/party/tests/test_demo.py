"""The party demo as `demo_data` loads it: the seed article's cell, its year of work, log-ins that pass the second
factor with the printed secret, and a second run that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from hoptac.accounts import totp
from hoptac.party import demo, rules
from hoptac.party.models import (
    Directive,
    EvaluationYear,
    FeeMonth,
    Meeting,
    MemberEvaluation,
    PartyCell,
    PartyMember,
    TermTarget,
)
from hoptac.party.targets import Target, conflicts

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("party").get_models()}


def test_the_demo_cell_is_the_seed_articles_with_a_year_of_work_and_runs_twice_unchanged():
    logins = demo.load(password="HopTac@2026", today=TODAY)
    first = _counts()
    demo.load(password="HopTac@2026", today=TODAY)
    assert _counts() == first

    cell = PartyCell.objects.get()
    members = PartyMember.objects.filter(cell=cell)
    assert 15 <= members.count() <= 20
    assert members.filter(full_member_on__isnull=True).count() >= 2  # probationary members
    # A year of meetings: a regular one every month and a thematic one every quarter.
    held = Meeting.objects.filter(cell=cell, state="closed", starts_at__date__gte=date(2025, 11, 27))
    assert held.filter(kind="regular").count() >= 11
    assert held.filter(kind__in=["thematic", "combined"]).count() >= 4
    # The two resolutions the article names, studied.
    titles = " ".join(Directive.objects.values_list("title", flat=True))
    assert "XIII" in titles and "Liên minh Hợp tác xã Việt Nam" in titles
    assert FeeMonth.objects.filter(cell=cell).count() == 12
    # Evaluations within the quota, and the article's term targets with the 30% one flagged.
    last = EvaluationYear.objects.get(cell=cell, year=2025)
    levels = list(MemberEvaluation.objects.filter(round=last).values_list("decided_level", flat=True))
    assert levels and rules.quota_excess(levels) == 0
    targets = [
        Target(level=t.level, mode=t.mode, comparison=t.comparison, share=t.share)
        for t in TermTarget.objects.filter(term__name="2022–2025")
    ]
    assert len(targets) == 3 and conflicts(targets)
    assert {user.username for user, _labels in logins} == {"bithu", "phobithu", "chiuy", "dangvien", "dubi"}


def test_a_demo_log_in_passes_the_second_factor_with_the_printed_secret():
    logins = {user.username: labels for user, labels in demo.load(password="HopTac@2026", today=TODAY)}
    printed = next(label for label in logins["bithu"] if label.startswith("mã 2 lớp: "))
    secret = totp.from_b32(printed.removeprefix("mã 2 lớp: "))
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "bithu", "password": "HopTac@2026"})
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    assert client.post(reverse("accounts:two_factor_verify"), {"code": totp.totp(secret)}).status_code == 302
    page = client.get(reverse("party:home"))
    assert page.status_code == 200 and "Phạm Quang Huy" in page.content.decode()
