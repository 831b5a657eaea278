"""The support demo: every state well represented, consistent with the workflow's rules, loaded once."""

from __future__ import annotations

import io
import re
import time
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from hoptac.accounts.models import User
from hoptac.support import selectors
from hoptac.support.choices import STAGE_OF_STATE, Channel, DeclinedBy, EventKind, State
from hoptac.support.models import Comment, RequestCounter, RequestEvent, SupportRequest, WorkLogEntry

pytestmark = pytest.mark.django_db

ASSIGNED_STATES = (State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED)


@pytest.fixture
def demo():
    started = time.perf_counter()
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return {"seconds": time.perf_counter() - started, "out": out.getvalue()}


def test_demo_holds_a_few_hundred_requests_in_every_state(demo):
    counts = Counter(SupportRequest.objects.values_list("state", flat=True))
    assert 380 <= sum(counts.values()) <= 420
    assert {state: n for state, n in counts.items() if n < 5} == {}
    assert set(counts) == set(State.values)
    closed = SupportRequest.objects.filter(state=State.CLOSED)
    assert closed.filter(auto_closed=True).count() >= 5 and closed.filter(rating__isnull=False).count() >= 5
    declined = SupportRequest.objects.filter(state=State.DECLINED)
    assert declined.filter(declined_by=DeclinedBy.PROVINCE).count() >= 5
    assert declined.filter(declined_by=DeclinedBy.INSTITUTE).count() >= 5
    assert "Yêu cầu hỗ trợ:" in demo["out"] and "Đã đóng:" in demo["out"]


def test_demo_loads_quickly(demo):
    assert demo["seconds"] < 30  # the whole command, users' password hashing included


def test_numbers_are_unique_and_gap_free_per_year_and_match_the_counter(demo):
    numbers = list(SupportRequest.objects.exclude(number=None).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    by_year = defaultdict(list)
    for number in numbers:
        match = re.fullmatch(r"YC-(\d{4})-(\d{6})", number)
        assert match, number
        by_year[int(match[1])].append(int(match[2]))
    assert len(by_year) >= 2  # 18 months span two years
    counters = dict(RequestCounter.objects.values_list("year", "last"))
    for year, values in by_year.items():
        assert sorted(values) == list(range(1, len(values) + 1)), year
        assert counters[year] == len(values)
    # Only drafts and requests withdrawn as drafts have no number.
    assert (
        not SupportRequest.objects.filter(number=None)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .exists()
    )


def test_the_fields_match_the_state(demo):
    for request in SupportRequest.objects.all():
        request.full_clean()
        if request.state == State.CLOSED:
            assert request.rating is not None or request.auto_closed
            assert request.closed_at and request.resolved_at and request.closed_at > request.resolved_at
        if request.state in ASSIGNED_STATES:
            assert request.assignee_id is not None and request.accepted_at is not None
        if request.state in STAGE_OF_STATE:
            assert request.due_date is not None and request.stage_started_at is not None
        else:
            assert request.due_date is None
        if request.state == State.RESOLVED:
            # Younger than the auto-close delay, or the periodic job would close it at once.
            from hoptac.support.workflow import reopen_window_open

            assert reopen_window_open(request)
        if request.state == State.DRAFT:
            assert request.channel == Channel.ONLINE and request.submitted_at is None


def test_timelines_are_ordered_and_end_in_the_current_state(demo):
    events = defaultdict(list)
    for event in RequestEvent.objects.order_by("at", "id"):
        events[event.request_id].append(event)
    for request in SupportRequest.objects.all():
        timeline = events[request.pk]
        assert timeline, request.number
        assert timeline[0].kind == EventKind.CREATED
        assert timeline[-1].to_state == request.state, (request.number, [e.kind for e in timeline])
        # The bulk rows carry the creation moment; the services' rows stamp the event a moment after the row.
        assert abs((timeline[0].at - request.created_at).total_seconds()) < 60
        moments = [e.at for e in timeline]
        assert moments == sorted(moments)
    auto = RequestEvent.objects.filter(kind=EventKind.AUTO_CLOSED)
    assert auto.exists() and not auto.exclude(actor=None).exists()


def test_work_log_and_conversation_are_there_with_internal_notes(demo):
    assert WorkLogEntry.objects.count() >= 200
    assert not WorkLogEntry.objects.filter(request__state__in=[State.SUBMITTED, State.ENDORSED]).exists()
    for entry in WorkLogEntry.objects.select_related("request"):
        assert entry.date >= entry.request.accepted_at.date() or entry.date >= entry.request.created_at.date()
    assert Comment.objects.filter(internal=True).count() >= 20
    assert Comment.objects.filter(internal=False).count() >= 50
    handlers = set(SupportRequest.objects.exclude(assignee=None).values_list("assignee__username", flat=True))
    assert {"chuyengia", "kiemnghiem"} <= handlers


def test_requests_spread_over_provinces_and_18_months(demo):
    by_province = dict(
        SupportRequest.objects.values_list("province__code")
        .annotate(n=Count("pk"))
        .values_list("province__code", "n")
    )
    assert len(by_province) >= 20
    assert by_province["66"] >= 50 and by_province["96"] >= 50  # the provinces with demo coordinators
    months = {(r.year, r.month) for r in SupportRequest.objects.values_list("created_at", flat=True)}
    assert len(months) >= 15


def test_running_twice_adds_nothing(demo):
    before = (
        SupportRequest.objects.count(),
        RequestEvent.objects.count(),
        Comment.objects.count(),
        WorkLogEntry.objects.count(),
        list(RequestCounter.objects.order_by("year").values_list("year", "last")),
        SupportRequest.objects.aggregate(Max("updated_at")),
    )
    call_command("demo_data", stdout=io.StringIO())
    after = (
        SupportRequest.objects.count(),
        RequestEvent.objects.count(),
        Comment.objects.count(),
        WorkLogEntry.objects.count(),
        list(RequestCounter.objects.order_by("year").values_list("year", "last")),
        SupportRequest.objects.aggregate(Max("updated_at")),
    )
    assert after == before


def test_the_daklak_representative_sees_only_their_cooperative(demo):
    rep = User.objects.get(username="daidien.daklak")
    own = rep.scope_ids("cooperative_representative")
    assert len(own) == 1
    page, count, _more = selectors.request_page(
        user=rep, filters=selectors.RequestFilters(queue=selectors.ALL)
    )
    assert count >= 30
    assert {r.cooperative_id for r in page} == own
    everything = selectors.request_queryset(user=rep, filters=selectors.RequestFilters(queue=selectors.ALL))
    assert set(everything.values_list("cooperative_id", flat=True)) == own


def test_the_demo_journey_went_through_the_services(demo):
    # The request walked by the real services today: its timeline and its notifications exist.
    request = SupportRequest.objects.get(
        title="Tư vấn lập hồ sơ đề nghị cấp giấy phép môi trường cho khu sơ chế cà phê mới"
    )
    assert request.state == State.RESOLVED and request.assignee.username == "chuyengia"
    kinds = list(request.timeline_events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "endorsed", "accepted", "started", "resolved"]
    on_behalf = SupportRequest.objects.filter(endorsed_on_behalf=True)
    assert on_behalf.exists() and set(on_behalf.values_list("province__code", flat=True)) == {"01"}
