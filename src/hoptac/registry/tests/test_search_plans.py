"""The first page of a broad search walks the sort index (selectors._search_page): the same page, sooner."""

from __future__ import annotations

import pytest
from django.db import connection

from hoptac.core.pagination import keyset_paginate
from hoptac.registry import selectors
from hoptac.registry.selectors import CooperativeFilters, cooperative_queryset, cooperative_search

from .factories import CooperativeFactory


@pytest.fixture
def sampled(monkeypatch):
    """Sample even a small table, and let the walk cover all of it."""
    monkeypatch.setattr(selectors, "SAMPLE_FROM_ROWS", 1)
    monkeypatch.setattr(selectors, "WALK_ROWS", 10_000)
    monkeypatch.setattr(selectors, "_sample", None)
    yield
    selectors._sample = None


def _trigram_plan(user, query: str, per_page: int) -> list[str]:
    qs = cooperative_queryset(user=user, filters=CooperativeFilters(query=query))
    return [c.name for c in keyset_paginate(qs, per_page=per_page, filtered=True)]


@pytest.mark.django_db
def test_a_broad_search_walks_and_gives_the_trigram_plans_page(
    sampled, make_persona, django_assert_num_queries
):
    for n in range(30):
        CooperativeFactory(name=f"Hợp tác xã Chè số {n:02d}", short_name=f"HTX Chè {n}")
    CooperativeFactory(name="Tổ hợp tác Mật ong", short_name="THT Mật ong")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_cooperative")
    admin = make_persona("system_admin")
    words = ["htx"]
    bound = selectors._walk_bound(words, 5)
    assert bound is not None  # broad: nearly every row matches
    found = [c.name for c in cooperative_search(user=admin, filters=CooperativeFilters(query="HTX"), limit=5)]
    assert found == _trigram_plan(admin, "htx", 5)
    assert len(found) == 5


@pytest.mark.django_db
def test_a_selective_search_skips_the_walk_and_a_short_walk_falls_back(sampled, make_persona):
    for n in range(12):
        CooperativeFactory(name=f"Hợp tác xã Chè số {n:02d}")
    CooperativeFactory(name="Tổ hợp tác Mật ong Ea Kar")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_cooperative")
    admin = make_persona("system_admin")
    assert selectors._walk_bound(["mat", "ong"], 5) is None  # one row in thirteen: not broad
    assert [c.name for c in cooperative_search(user=admin, filters=CooperativeFilters(query="mật ong"))] == [
        "Tổ hợp tác Mật ong Ea Kar"
    ]
    # Broad in the sample, but fewer matches than a page before the bound: the trigram plan answers.
    found = [
        c.name for c in cooperative_search(user=admin, filters=CooperativeFilters(query="che"), limit=20)
    ]
    assert found == _trigram_plan(admin, "che", 20)
    assert len(found) == 12
