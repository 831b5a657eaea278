"""Who is told what: parties are notified on each transition; internal notes and internal events never reach the
cooperative — not in-app, not by e-mail; SLA warnings before and at breach, once each."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from hoptac.notifications.models import Notification
from hoptac.support import workflow
from hoptac.support.choices import State
from hoptac.support.sla import send_sla_warnings

from .factories import request_in

SECRET = "Giá đề xuất nội bộ: 12.000.000 đồng"


def _recipients(request) -> set[str]:
    return set(
        Notification.objects.filter(url__endswith=f"/yeu-cau/{request.pk}/").values_list(
            "recipient__username", flat=True
        )
    )


@pytest.mark.django_db
def test_each_transition_tells_the_parties_but_not_the_actor(make_persona):
    rep, coordinator = make_persona("cooperative_rep"), make_persona("coordinator_daklak")
    leader, expert = make_persona("institute_leader"), make_persona("institute_expert")
    make_persona("coordinator_camau")
    request = request_in(State.SUBMITTED, created_by=rep)
    workflow.endorse(actor=coordinator, request=request)
    assert _recipients(request) == {"cooperative_rep", "institute_leader"}
    Notification.objects.all().delete()
    workflow.accept(actor=leader, request=request, assignee=expert)
    assert _recipients(request) == {"cooperative_rep", "coordinator_daklak", "institute_expert"}


@pytest.mark.django_db(transaction=True)
def test_an_internal_note_never_reaches_the_cooperative(make_persona, run_jobs):
    rep = make_persona("cooperative_rep")
    make_persona("coordinator_daklak")
    expert, leader = make_persona("institute_expert"), make_persona("institute_leader")
    request = request_in(State.IN_PROGRESS, assignee=expert, created_by=rep)
    workflow.add_comment(actor=expert, request=request, body=SECRET, internal=True)
    workflow.reassign(actor=leader, request=request, assignee=expert, note=SECRET)
    assert "cooperative_rep" not in _recipients(request)
    assert "coordinator_daklak" in _recipients(request)
    run_jobs()
    assert mail.outbox, "the staff side is told by e-mail"
    for message in mail.outbox:
        everything = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
        assert SECRET not in everything
        assert rep.email not in message.to
    # A public comment reaches the cooperative.
    workflow.add_comment(actor=expert, request=request, body="Chúng tôi sẽ đến khảo sát thứ Hai.")
    assert "cooperative_rep" in _recipients(request)


@pytest.mark.django_db
def test_the_cooperative_cannot_write_an_internal_note(make_persona):
    from hoptac.core.errors import DomainError

    rep = make_persona("cooperative_rep")
    request = request_in(State.SUBMITTED, created_by=rep)
    with pytest.raises(DomainError):
        workflow.add_comment(actor=rep, request=request, body="x", internal=True)


@pytest.mark.django_db
def test_someone_who_cannot_see_the_request_cannot_comment(make_persona):
    from hoptac.core.errors import DomainError

    request = request_in(State.SUBMITTED, created_by=make_persona("cooperative_rep"))
    for persona in ("coordinator_camau", "outsider", "institute_expert"):
        with pytest.raises(DomainError):
            workflow.add_comment(actor=make_persona(persona), request=request, body="Xin chào")
    assert not request.comments.exists()


@pytest.mark.django_db
def test_sla_warnings_go_once_before_and_once_at_breach(make_persona):
    from hoptac.workdays.calendar import add_working_days

    rep = make_persona("cooperative_rep")
    make_persona("coordinator_daklak")
    make_persona("institute_leader")
    today = timezone.localdate()
    soon = request_in(State.SUBMITTED, created_by=rep, due_date=add_working_days(today, 1))
    late = request_in(State.SUBMITTED, created_by=rep, due_date=today - datetime.timedelta(days=2))
    later = request_in(State.SUBMITTED, created_by=rep, due_date=add_working_days(today, 5))
    assert send_sla_warnings(today) == {"warned": 1, "breached": 1}
    assert _recipients(soon) == {"coordinator_daklak"}
    assert _recipients(late) == {"coordinator_daklak", "institute_leader"}
    assert _recipients(later) == set()
    assert send_sla_warnings(today) == {"warned": 0, "breached": 0}


@pytest.mark.django_db
def test_the_due_date_counts_working_days_across_tet(make_persona):
    from hoptac.support.workflow import _enter_stage

    rep = make_persona("cooperative_rep")
    request = request_in(State.SUBMITTED, created_by=rep)
    # Submitted on Friday 13/02/2026; Tết Bính Ngọ closes offices 14/02–22/02 (Mon 16 – Fri 20 are days off).
    _enter_stage(request, datetime.datetime(2026, 2, 13, 9, 0, tzinfo=datetime.UTC))
    assert request.due_date == datetime.date(2026, 2, 27)  # 5 working days: 23, 24, 25, 26, 27 February


@pytest.mark.django_db
def test_reassigning_tells_the_previous_and_the_new_expert_and_rearms_the_sla_warning(make_persona):
    from hoptac.accounts.models import Role, RoleAssignment
    from hoptac.support import workflow

    rep, leader, first = (
        make_persona("cooperative_rep"),
        make_persona("institute_leader"),
        make_persona("institute_expert"),
    )
    second = make_persona("lab_analyst")
    request = request_in(State.IN_PROGRESS, created_by=rep, assignee=first, sla_warned=True)
    workflow.reassign(actor=leader, request=request, assignee=second, note="Chuyển phòng thí nghiệm.")
    assert {"institute_expert", "lab_analyst"} <= _recipients(request)
    assert "cooperative_rep" not in _recipients(request)
    request.refresh_from_db()
    assert request.sla_warned is False
    assert RoleAssignment.objects.filter(user=second, role=Role.objects.get(code="lab_analyst")).exists()
