"""The term targets' screens: the committee keeps them, everyone of the cell sees them tracked and flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party.models import TermTarget
from hoptac.party.services import rules_for

from .factories import make_member, make_term, other_cell
from .role_matrix_evaluation import make_evaluation

pytestmark = pytest.mark.django_db
LIST = reverse("party:target_list")


@pytest.fixture
def term(cell):
    return make_term(cell, name="2022–2025", starts_on=date(2022, 8, 19))


def _seed_targets(term):
    rows = [
        ("100% đảng viên hoàn thành nhiệm vụ trở lên", "complete", "gte", 100),
        ("Trên 70% đảng viên hoàn thành tốt nhiệm vụ trở lên", "good", "gt", 70),
        ("30% đảng viên hoàn thành xuất sắc nhiệm vụ", "excellent", "gte", 30),
    ]
    return [
        TermTarget.objects.create(
            term=term, label=label, level=level, comparison=comparison, share=Decimal(share)
        )
        for label, level, comparison, share in rows
    ]


def test_seed_targets_are_flagged_and_tracked_per_year_saying_which_levels_count(cell, term, member_client):
    _seed_targets(term)
    members = [make_member(cell=cell) for _ in range(10)]
    for i, m in enumerate(members):  # 2024: decided; 2025: proposed only
        make_evaluation(m, year=2024, step="notified", decided_level="excellent" if i == 0 else "good")
        make_evaluation(m, year=2025, step="proposed", proposed_level="good" if i < 7 else "complete")

    page = member_client.get(f"{LIST}?nhiem-ky={term.pk}").content.decode()

    assert 'data-testid="conflicts"' in page
    assert "42,86%" in page and "16,67%" in page and "Hướng dẫn 21-HD/BTCTW" in page
    assert page.count('data-testid="flagged"') == 2
    assert "2024: theo quyết định của cấp trên" in page
    assert "2025: theo đề xuất của chi bộ (cấp trên chưa quyết định)" in page
    assert 'id="target-chart-data"' in page and "chart.umd.min.js" in page
    assert "target_charts.js" in page
    # over 70% good or above: 2024 100% (met), 2025 70% (not met: "over")
    assert page.count('data-met="yes"') >= 3
    assert 'data-met="no"' in page
    assert "/sua/" not in page  # members do not edit


def test_committee_adds_a_target_and_bad_input_is_explained(cell, term, committee_client):
    url = reverse("party:target_create", args=[term.pk])
    bad = committee_client.post(
        url, {"label": "", "level": "good", "mode": "or_above", "comparison": "gte", "share": "bảy mươi"}
    )
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Hãy ghi nội dung chỉ tiêu." in page and "Hãy nhập tỷ lệ bằng số" in page
    too_much = committee_client.post(
        url, {"label": "Quá", "level": "good", "mode": "or_above", "comparison": "gte", "share": "101"}
    )
    assert "Tỷ lệ tối đa là 100%." in too_much.content.decode()
    ok = committee_client.post(
        url,
        {
            "label": "30% xuất sắc",
            "level": "excellent",
            "mode": "or_above",
            "comparison": "gte",
            "share": "30,5",
        },
    )
    assert ok.status_code == 302
    target = TermTarget.objects.get(term=term)
    assert target.share == Decimal("30.5") and target.source == "committee"
    listing = committee_client.get(ok["Location"]).content.decode()
    assert 'data-testid="flagged"' in listing  # kept, only flagged


def test_congress_targets_are_not_edited_here(cell, term, committee_client):
    target = TermTarget.objects.create(
        term=term, label="NQ Đại hội", level="good", share=Decimal(70), source="congress"
    )
    data = {"label": "Sửa", "level": "good", "mode": "or_above", "comparison": "gte", "share": "60"}
    response = committee_client.post(reverse("party:target_edit", args=[target.pk]), data)
    assert response.status_code == 409 and "nghị quyết đại hội" in response.content.decode()
    committee_client.post(reverse("party:target_delete", args=[target.pk]))
    assert TermTarget.objects.filter(pk=target.pk).exists()


def test_edit_and_delete_a_committee_target(cell, term, committee_client):
    target = TermTarget.objects.create(term=term, label="Cũ", level="good", share=Decimal(70))
    data = {"label": "Mới", "level": "good", "mode": "exactly", "comparison": "gt", "share": "65"}
    assert committee_client.post(reverse("party:target_edit", args=[target.pk]), data).status_code == 302
    target.refresh_from_db()
    assert (target.label, target.mode, target.comparison, target.share) == (
        "Mới",
        "exactly",
        "gt",
        Decimal(65),
    )
    assert committee_client.post(reverse("party:target_delete", args=[target.pk])).status_code == 302
    assert not TermTarget.objects.filter(pk=target.pk).exists()


def test_bad_or_foreign_term_answers_404(cell, term, committee_client):
    foreign = make_term(other_cell(), name="2020–2025", starts_on=date(2020, 8, 1))
    assert committee_client.get(f"{LIST}?nhiem-ky=abc").status_code == 404
    assert committee_client.get(f"{LIST}?nhiem-ky={foreign.pk}").status_code == 404
    assert committee_client.get(reverse("party:target_create", args=[foreign.pk])).status_code == 404


def test_target_list_queries_do_not_grow_with_targets_or_years(cell, term, committee_client):
    rules_for(cell)
    member = make_member(cell=cell)
    for year in (2022, 2023, 2024, 2025):
        make_evaluation(member, year=year, step="proposed")

    def add(n):
        for i in range(n):
            TermTarget.objects.create(term=term, label=f"Chỉ tiêu {i}", level="good", share=Decimal(i % 100))

    assert_constant_queries(lambda: committee_client.get(f"{LIST}?nhiem-ky={term.pk}"), add, budget=15)
