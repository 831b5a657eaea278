"""Queues, counts and the figures dashboards reuse — each read through ``restrict``."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hoptac.support import selectors
from hoptac.support.choices import State
from hoptac.support.models import WorkLogEntry
from hoptac.support.selectors import INTAKE_QUEUE, MY_WORK, RequestFilters

from .factories import request_in


def _titles(user, **filters):
    page, count, _more = selectors.request_page(user=user, filters=RequestFilters(**filters))
    assert count == len(page.items)
    return sorted(r.title for r in page)


@pytest.mark.django_db
def test_my_work_is_what_waits_on_each_role(make_persona):
    rep, coordinator = make_persona("cooperative_rep"), make_persona("coordinator_daklak")
    leader, expert = make_persona("institute_leader"), make_persona("institute_expert")
    make_persona(
        "coordinator_camau"
    )  # both provinces have a coordinator: nothing for the institute to take over
    for state in (
        State.DRAFT,
        State.SUBMITTED,
        State.RETURNED,
        State.ENDORSED,
        State.IN_PROGRESS,
        State.RESOLVED,
        State.CLOSED,
    ):
        request_in(state, created_by=rep, assignee=expert, title=f"ĐL {state}")
        request_in(state, created_by=rep, assignee=expert, title=f"CM {state}", own=False)
    assert _titles(rep, queue=MY_WORK) == ["ĐL draft", "ĐL resolved", "ĐL returned"]
    assert _titles(coordinator, queue=MY_WORK) == ["ĐL submitted"]
    assert _titles(leader, queue=MY_WORK) == ["CM endorsed", "ĐL endorsed"]
    assert _titles(leader, queue=INTAKE_QUEUE) == ["CM endorsed", "ĐL endorsed"]
    assert _titles(expert, queue=MY_WORK) == ["CM in_progress", "ĐL in_progress"]


@pytest.mark.django_db
def test_nobody_sees_across_provinces_or_cooperatives(make_persona):
    rep = make_persona("cooperative_rep")
    request_in(State.SUBMITTED, created_by=rep, title="Đắk Lắk")
    request_in(State.SUBMITTED, created_by=make_persona("coordinator_camau"), title="Cà Mau", own=False)
    request_in(State.DRAFT, created_by=rep, title="Nháp Đắk Lắk")
    assert _titles(make_persona("coordinator_daklak")) == ["Đắk Lắk"]  # drafts stay with the cooperative
    assert _titles(make_persona("coordinator_camau")) == ["Cà Mau"]
    assert sorted(_titles(rep)) == sorted(["Nháp Đắk Lắk", "Đắk Lắk"])
    for persona in ("outsider", "institute_expert", "lab_analyst"):
        assert _titles(make_persona(persona)) == []
    assert _titles(make_persona("system_admin")) == ["Cà Mau", "Đắk Lắk"]


@pytest.mark.django_db
def test_overdue_and_state_counts(make_persona):
    rep = make_persona("cooperative_rep")
    today = timezone.localdate()
    request_in(State.SUBMITTED, created_by=rep, title="Quá hạn", due_date=today - datetime.timedelta(days=1))
    request_in(State.SUBMITTED, created_by=rep, title="Còn hạn", due_date=today + datetime.timedelta(days=3))
    request_in(
        State.CLOSED,
        created_by=rep,
        title="Đã đóng",
        assignee=make_persona("institute_expert"),
        due_date=today - datetime.timedelta(days=9),
    )
    admin = make_persona("system_admin")
    assert _titles(admin, overdue=True) == ["Quá hạn"]
    counts = selectors.state_counts(user=admin, filters=RequestFilters(state=State.CLOSED))
    assert (counts[State.SUBMITTED], counts[State.CLOSED], counts[State.DRAFT]) == (2, 1, 0)


@pytest.mark.django_db
def test_keyset_pages_newest_first_forward_and_back(make_persona, settings):
    settings.HOPTAC_PAGE_SIZE = 10
    rep = make_persona("cooperative_rep")
    for n in range(23):
        request_in(State.SUBMITTED, created_by=rep, title=f"Yêu cầu {n:02d}")
    admin = make_persona("system_admin")
    filters = RequestFilters()
    pages = [selectors.request_page(user=admin, filters=filters)[0]]
    while pages[-1].next_cursor:
        pages.append(selectors.request_page(user=admin, filters=filters, after=pages[-1].next_cursor)[0])
    seen = [r.title for p in pages for r in p]
    assert [len(p) for p in pages] == [10, 10, 3]
    assert seen == [f"Yêu cầu {n:02d}" for n in reversed(range(23))]
    back = selectors.request_page(user=admin, filters=filters, before=pages[2].previous_cursor)[0]
    assert [r.title for r in back] == seen[10:20]


@pytest.mark.django_db
def test_effort_counts_and_durations_for_dashboards(make_persona):
    rep, expert, leader = (
        make_persona("cooperative_rep"),
        make_persona("institute_expert"),
        make_persona("institute_leader"),
    )
    now = timezone.now()
    first = request_in(
        State.CLOSED,
        created_by=rep,
        assignee=expert,
        submitted_at=now - datetime.timedelta(days=10),
        resolved_at=now - datetime.timedelta(days=4),
        rating=4,
    )
    second = request_in(
        State.IN_PROGRESS,
        created_by=rep,
        assignee=expert,
        own=False,
        submitted_at=now - datetime.timedelta(days=2),
    )
    today = timezone.localdate()
    for request, hours in ((first, "3.5"), (first, "2"), (second, "1.5")):
        WorkLogEntry.objects.create(
            request=request, author=expert, kind="visit", date=today, hours=Decimal(hours), description="x"
        )
    [effort] = selectors.effort_by_staff(user=leader, start=today, end=today)
    assert (effort["author_id"], effort["hours"], effort["requests"], effort["entries"]) == (
        expert.pk,
        Decimal("7.0"),
        2,
        3,
    )
    # A coordinator's figures cover their province only.
    [daklak] = selectors.effort_by_staff(user=make_persona("coordinator_daklak"), start=today, end=today)
    assert daklak["hours"] == Decimal("5.5")
    counts = selectors.counts_by(
        user=leader, start=today - datetime.timedelta(days=30), end=today, by=("province",)
    )
    assert {(c["province__name"], c["total"], c["open"], c["closed"]) for c in counts} == {
        ("Đắk Lắk", 1, 0, 1),
        ("Cà Mau", 1, 1, 0),
    }
    [durations] = selectors.durations_by(user=leader, start=today - datetime.timedelta(days=30), end=today)
    assert (durations["resolved"], durations["mean_days_to_resolve"], durations["mean_rating"]) == (
        1,
        6.0,
        4.0,
    )


@pytest.mark.django_db
def test_state_counts_stop_counting_past_the_cap(make_persona, django_assert_num_queries):
    rep = make_persona("cooperative_rep")
    for _ in range(4):
        request_in(State.SUBMITTED, created_by=rep)
    request_in(State.RETURNED, created_by=rep)
    admin = make_persona("system_admin")
    admin.role_grants  # noqa: B018 - roles loaded, as the page has them
    with django_assert_num_queries(1):
        counts = selectors.state_counts(user=admin, filters=RequestFilters(), cap=2)
    assert (counts[State.SUBMITTED], counts[State.RETURNED], counts[State.CLOSED]) == (3, 1, 0)


@pytest.mark.django_db
def test_search_by_number_title_or_cooperative_without_diacritics(make_persona):
    rep = make_persona("cooperative_rep")
    wanted = request_in(State.SUBMITTED, created_by=rep, title="Kiểm nghiệm nước giếng khoan")
    request_in(State.SUBMITTED, created_by=rep, title="Tập huấn VietGAP")
    admin = make_persona("system_admin")
    assert _titles(admin, query="nuoc GIENG") == ["Kiểm nghiệm nước giếng khoan"]
    assert _titles(admin, query=wanted.number) == ["Kiểm nghiệm nước giếng khoan"]
    assert len(_titles(admin, query="dich vu nong nghiep ea tu")) == 2  # the cooperative's name
    assert _titles(admin, query="nuoc vietgap") == []  # every word must match
