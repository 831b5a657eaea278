"""The work-list selectors the screens and the benchmark call: which samples each tab holds, counts capped in one
query, a page in one query (two for a cooperative, with its reports), and what the database plans for them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hoptac.core.testing.queries import count_queries

from .. import selectors, services
from ..models import Sample
from .builders import camau_cooperative, received, registered, sample_parameter, verified, with_results

pytestmark = pytest.mark.django_db


def _codes(page) -> list[str]:
    return [s.code for s in page]


def test_counts_are_one_query_and_capped(make_persona):
    manager = make_persona("lab_manager")
    for _ in range(3):
        registered(manager)
    counts, queries = None, 0

    def read():
        nonlocal counts
        counts = selectors.worklist_counts(user=manager, cap=2)

    queries, _sql = count_queries(read)
    assert queries == 1
    assert counts[selectors.TO_RECEIVE] == (2, True) and counts[selectors.TO_ISSUE] == (0, False)
    assert selectors.worklist_counts(user=make_persona("cooperative_rep")) == {}


def test_page_is_one_query_for_staff_and_two_for_a_cooperative(make_persona):
    manager = make_persona("lab_manager")
    registered(manager)
    registered(manager, coop=camau_cooperative())
    staff_queries, _ = count_queries(lambda: list(selectors.sample_page(user=manager, tab=selectors.ALL)))
    rep = make_persona("cooperative_rep")
    rep.has_role("cooperative_representative")  # roles loaded once per request, as the middleware does
    rep_queries, _ = count_queries(lambda: list(selectors.sample_page(user=rep)))
    assert staff_queries == 1 and rep_queries == 2
    assert len(selectors.sample_page(user=rep).items) == 1


def test_overdue_counts_open_samples_only(make_persona):
    manager, analyst, reviewer = (make_persona(p) for p in ("lab_manager", "lab_analyst", "lab_reviewer"))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = received(manager)
    verified_late = verified(manager, analyst, reviewer, {"pH": "7"})
    cancelled = received(manager)
    services.cancel_sample(actor=manager, sample=cancelled, reason="Nhầm")
    Sample.objects.filter(pk__in=[late.pk, verified_late.pk, cancelled.pk]).update(due_date=yesterday)
    page = selectors.sample_page(user=manager, tab=selectors.OVERDUE)
    assert _codes(page) == [late.code, verified_late.code]
    assert selectors.worklist_counts(user=manager)[selectors.OVERDUE] == (2, False)


def test_to_review_needs_an_entered_result_and_to_analyse_a_missing_one(make_persona):
    manager, analyst, reviewer = (make_persona(p) for p in ("lab_manager", "lab_analyst", "lab_reviewer"))
    partly = with_results(manager, analyst, {"pH": "7"})
    services.enter_result(actor=analyst, sample_parameter=sample_parameter(partly, "pH"), value="7,1")
    full = with_results(manager, analyst, {"pH": "7", "BOD5": "20"})
    services.verify_result(actor=reviewer, result=sample_parameter(full, "pH").result)
    to_analyse = _codes(selectors.sample_page(user=manager, tab=selectors.TO_ANALYSE))
    to_review = _codes(selectors.sample_page(user=manager, tab=selectors.TO_REVIEW))
    assert partly.code not in to_analyse  # one parameter requested, entered
    assert to_review == [partly.code, full.code]


def test_keyset_pages_walk_the_whole_tab(make_persona, settings):
    settings.HOPTAC_PAGE_SIZE = 2
    manager = make_persona("lab_manager")
    codes = [registered(manager).code for _ in range(5)]
    seen, cursor = [], None
    while True:
        page = selectors.sample_page(user=manager, tab=selectors.TO_RECEIVE, after=cursor)
        seen += _codes(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == codes


def test_plans_use_the_state_index(make_persona):
    """At this size PostgreSQL may prefer a sequential scan; with it disabled, the tabs must be answerable from
    the (state, due_date) index — a tab that could not use it would still show a Seq Scan on lab_sample."""
    from django.db import connection

    manager = make_persona("lab_manager")
    registered(manager)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for tab in (selectors.TO_RECEIVE, selectors.TO_ANALYSE, selectors.TO_REVIEW, selectors.OVERDUE):
            qs = selectors.sample_queryset(user=manager, tab=tab).values("pk")
            plan = qs.explain()
            assert "Seq Scan on lab_sample " not in plan + " ", (tab, plan)
