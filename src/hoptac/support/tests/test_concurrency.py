"""Two people at once: on one transition exactly one succeeds and the other is told why; numbers stay unique
and gap-free under concurrent creation. Real threads, real PostgreSQL connections."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hoptac.core.testing.concurrency import race
from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative
from hoptac.support import workflow
from hoptac.support.choices import State
from hoptac.support.models import RequestEvent, SupportRequest

from .factories import request_in


@pytest.mark.django_db(transaction=True)
def test_endorse_and_return_at_once_one_wins_the_other_is_told(make_persona):
    coordinator, rep = make_persona("coordinator_daklak"), make_persona("cooperative_rep")
    request = request_in(State.SUBMITTED, created_by=rep)
    outcomes = race(
        lambda: workflow.endorse(actor=coordinator, request=request),
        lambda: workflow.return_for_information(actor=coordinator, request=request, reason="Thiếu hồ sơ."),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    [message] = [text for kind, text in outcomes if kind == "refused"]
    request.refresh_from_db()
    label = State(request.state).label
    assert message.startswith(f"Yêu cầu đang ở trạng thái “{label}” nên không thể")
    assert RequestEvent.objects.filter(request=request).count() == 1
    assert request.version == 2


@pytest.mark.django_db(transaction=True)
def test_two_leaders_accepting_at_once_assign_once(make_persona):
    leader, rep, expert = (
        make_persona("institute_leader"),
        make_persona("cooperative_rep"),
        make_persona("institute_expert"),
    )
    request = request_in(State.ENDORSED, created_by=rep)
    outcomes = race(
        lambda: workflow.accept(actor=leader, request=request, assignee=expert),
        lambda: workflow.accept(actor=leader, request=request, assignee=expert),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    assert RequestEvent.objects.filter(request=request, kind="accepted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_and_gap_free_under_concurrent_submission(make_persona):
    rep = make_persona("cooperative_rep")
    coop = cooperative(OWN_TAX_CODE)
    drafts = [
        workflow.create_request(
            actor=rep, cooperative=coop, category="other", title=f"Yêu cầu {i}", description="x"
        )
        for i in range(8)
    ]
    outcomes = race(*[lambda d=d: workflow.submit(actor=rep, request=d) for d in drafts])
    assert [kind for kind, _ in outcomes] == ["ok"] * 8, outcomes
    year = timezone.localdate().year
    numbers = sorted(SupportRequest.objects.values_list("number", flat=True))
    assert numbers == [f"YC-{year}-{n:06d}" for n in range(1, 9)]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_creation_leaves_no_gap(make_persona):
    from django.db import transaction

    coordinator = make_persona("coordinator_daklak")
    coop = cooperative(OWN_TAX_CODE)
    fields = {"category": "other", "title": "Yêu cầu", "description": "x"}
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.create_request(actor=coordinator, cooperative=coop, **fields)
        raise RuntimeError("the page failed after creating")
    request = workflow.create_request(actor=coordinator, cooperative=coop, **fields)
    assert request.number == f"YC-{timezone.localdate().year}-000001"


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_creates_one_request(make_persona):
    import uuid

    rep = make_persona("cooperative_rep")
    coop = cooperative(OWN_TAX_CODE)
    token = uuid.uuid4()
    fields = {"category": "other", "title": "Bấm hai lần", "description": "x", "submit": True, "token": token}
    outcomes = race(*[lambda: workflow.create_request(actor=rep, cooperative=coop, **fields)] * 2)
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert outcomes[0][1].pk == outcomes[1][1].pk
    assert SupportRequest.objects.count() == 1
    assert SupportRequest.objects.get().number == f"YC-{timezone.localdate().year}-000001"
    again = workflow.create_request(actor=rep, cooperative=coop, **fields)  # a third, later post
    assert again.pk == outcomes[0][1].pk and SupportRequest.objects.count() == 1
