"""The support workflow as a state machine: every (state, transition, role) combination, and the rules around it.

The expected outcome is written here from the issue's text, not read from ``rules``: a mistake in the rules
must show up as a failing cell, not be copied into the test.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hoptac.core.errors import DomainError
from hoptac.support import workflow
from hoptac.support.choices import EventKind, State
from hoptac.support.models import RequestEvent, SupportRequest

from .factories import request_in

PERSONAS = [
    "cooperative_rep",
    "coordinator_daklak",
    "coordinator_camau",
    "institute_leader",
    "institute_expert",  # the assignee of the requests below
    "lab_analyst",
    "system_admin",
    "alliance_viewer",
    "outsider",
]

# Issue 4: who may take each transition, from which states (requests of the representative's cooperative in
# Đắk Lắk, assigned to institute_expert; the SUBMITTED one is not yet overdue and Đắk Lắk has a coordinator).
EXPECTED = {
    "submit": ({State.DRAFT, State.RETURNED}, {"cooperative_rep"}),
    "withdraw": ({State.DRAFT, State.SUBMITTED, State.RETURNED}, {"cooperative_rep"}),
    "endorse": ({State.SUBMITTED}, {"coordinator_daklak"}),
    "return_for_information": ({State.SUBMITTED}, {"coordinator_daklak"}),
    "decline": (
        {State.SUBMITTED, State.ENDORSED},
        None,
    ),  # the province before endorsement, the institute after
    "accept": ({State.ENDORSED}, {"institute_leader"}),
    "reassign": ({State.ASSIGNED, State.IN_PROGRESS}, {"institute_leader"}),
    "start": ({State.ASSIGNED}, {"institute_expert"}),
    "resolve": ({State.ASSIGNED, State.IN_PROGRESS}, {"institute_expert"}),
    "confirm": ({State.RESOLVED}, {"cooperative_rep"}),
    "reopen": ({State.RESOLVED}, {"cooperative_rep"}),
}
TARGET = {
    "submit": State.SUBMITTED,
    "withdraw": State.WITHDRAWN,
    "endorse": State.ENDORSED,
    "return_for_information": State.RETURNED,
    "decline": State.DECLINED,
    "accept": State.ASSIGNED,
    "start": State.IN_PROGRESS,
    "resolve": State.RESOLVED,
    "confirm": State.CLOSED,
    "reopen": State.IN_PROGRESS,
}


def _allowed(name: str, state: str, persona: str) -> bool:
    states, who = EXPECTED[name]
    if state not in states:
        return False
    if name == "decline":
        return persona == ("coordinator_daklak" if state == State.SUBMITTED else "institute_leader")
    return persona in who


def _call(name: str, actor, request, expert):
    arguments = {
        "return_for_information": {"reason": "Thiếu bản đồ khu vực."},
        "decline": {"reason": "Không thuộc phạm vi."},
        "accept": {"assignee": expert},
        "reassign": {"assignee": expert, "note": "Chuyển người khác."},
        "resolve": {"outcome": "Đã hoàn thành hồ sơ."},
        "confirm": {"rating": 4, "comment": "Tốt."},
        "reopen": {"reason": "Hồ sơ còn thiếu."},
    }.get(name, {})
    return getattr(workflow, name)(actor=actor, request=request, **arguments)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_state_transition_and_role(name, make_persona):
    users = {persona: make_persona(persona) for persona in PERSONAS}
    expert, rep = users["institute_expert"], users["cooperative_rep"]
    failures = []
    for state in State.values:
        for persona, actor in users.items():
            request = request_in(state, assignee=expert, created_by=rep)
            events_before = RequestEvent.objects.filter(request=request).count()
            try:
                result = _call(name, actor, request, expert)
                outcome = "ok"
            except DomainError as exc:
                outcome = exc.code
            expected = _allowed(name, state, persona)
            request.refresh_from_db()
            if expected and outcome != "ok":
                failures.append(f"{state} × {persona}: refused ({outcome})")
            elif not expected and outcome == "ok":
                failures.append(f"{state} × {persona}: allowed")
            elif expected:
                if name in TARGET and request.state != TARGET[name]:
                    failures.append(f"{state} × {persona}: ended in {request.state}")
                if RequestEvent.objects.filter(request=request).count() != events_before + 1:
                    failures.append(f"{state} × {persona}: no timeline event")
                assert result.pk == request.pk
            else:
                # Refused: nothing changed, and a wrong state gets its message (a wrong role gets "no right").
                if (
                    request.state != state
                    or RequestEvent.objects.filter(request=request).count() != events_before
                ):
                    failures.append(f"{state} × {persona}: refused but changed")
                in_sources = state in EXPECTED[name][0]
                role_fits = any(_allowed(name, s, persona) for s in EXPECTED[name][0])
                # (start and resolve belong to the assignee, who exists only once a request is assigned)
                if role_fits and not in_sources and outcome != "state" and name not in ("start", "resolve"):
                    failures.append(f"{state} × {persona}: expected a state message, got {outcome}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_wrong_state_is_explained_in_vietnamese(make_persona):
    rep = make_persona("cooperative_rep")
    request = request_in(State.CLOSED, assignee=make_persona("institute_expert"), created_by=rep)
    with pytest.raises(DomainError) as caught:
        workflow.submit(actor=rep, request=request)
    assert str(caught.value.message) == "Yêu cầu đang ở trạng thái “Đã đóng” nên không thể “Gửi yêu cầu”."


# ------------------------------------------------------------------------------------------------ channels


@pytest.mark.django_db
def test_the_cooperative_drafts_then_submits_and_gets_a_number(make_persona):
    from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

    rep = make_persona("cooperative_rep")
    coop = cooperative(OWN_TAX_CODE)
    request = workflow.create_request(
        actor=rep, cooperative=coop, category="environment", title="Xin tư vấn xử lý nước thải",
        description="Nước thải chuồng trại chưa được xử lý.",
    )  # fmt: skip
    assert (request.state, request.number, request.channel) == (State.DRAFT, None, "online")
    request = workflow.submit(actor=rep, request=request)
    year = timezone.localdate().year
    assert request.state == State.SUBMITTED
    assert request.number == f"YC-{year}-000001"
    assert request.due_date is not None and request.due_date > timezone.localdate()


@pytest.mark.django_db
def test_a_coordinators_request_is_endorsed_on_entry(make_persona):
    from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

    coordinator = make_persona("coordinator_daklak")
    request = workflow.create_request(
        actor=coordinator, cooperative=cooperative(OWN_TAX_CODE), category="training", title="Tập huấn VietGAP",
        description="Cho 30 thành viên.",
    )  # fmt: skip
    assert (request.state, request.channel, request.endorsed_by) == (State.ENDORSED, "province", coordinator)
    kinds = list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.ENDORSED]


@pytest.mark.django_db
def test_the_institute_records_a_phone_call_for_its_intake_and_the_province_is_informed(make_persona):
    from hoptac.notifications.models import Notification
    from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

    coordinator = make_persona("coordinator_daklak")
    leader = make_persona("institute_leader")
    with pytest.raises(ValidationError) as caught:
        workflow.create_request(
            actor=leader, cooperative=cooperative(OWN_TAX_CODE), category="digital", title="Phần mềm kế toán",
            description="Cần tư vấn.",
        )  # fmt: skip
    assert "channel" in caught.value.message_dict
    request = workflow.create_request(
        actor=leader, cooperative=cooperative(OWN_TAX_CODE), category="digital", title="Phần mềm kế toán",
        description="Cần tư vấn.", channel="phone",
    )  # fmt: skip
    assert (request.state, request.channel, request.endorsed_by) == (State.ENDORSED, "phone", None)
    kinds = list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.RECORDED_BY_INSTITUTE]  # not a province endorsement
    assert Notification.objects.filter(
        recipient=coordinator, url__endswith=f"/yeu-cau/{request.pk}/"
    ).exists()


@pytest.mark.django_db
def test_nobody_else_may_create_a_request_for_a_cooperative(make_persona):
    from hoptac.registry.tests.personas import OTHER_TAX_CODE, cooperative

    fields = {"category": "other", "title": "Khác", "description": "Khác"}
    for persona in ("cooperative_rep", "coordinator_daklak", "outsider", "alliance_viewer"):
        with pytest.raises(DomainError):
            workflow.create_request(
                actor=make_persona(persona), cooperative=cooperative(OTHER_TAX_CODE), **fields
            )
    assert not SupportRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"category": "vu-tru"}, "category"),
        ({"description": ""}, "description"),
        ({"priority": "ngay-lap-tuc"}, "priority"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(make_persona, fields, field):
    from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

    values = {"category": "other", "title": "Tiêu đề", "description": "Nội dung", **fields}
    with pytest.raises(ValidationError) as caught:
        workflow.create_request(
            actor=make_persona("cooperative_rep"), cooperative=cooperative(OWN_TAX_CODE), **values
        )
    assert field in caught.value.message_dict
    assert not SupportRequest.objects.exists()


# ------------------------------------------------------------------------------------------------ on behalf


@pytest.mark.django_db
def test_the_institute_endorses_on_behalf_when_overdue_and_it_is_recorded(make_persona):
    make_persona("coordinator_daklak")
    leader, rep = make_persona("institute_leader"), make_persona("cooperative_rep")
    request = request_in(
        State.SUBMITTED, created_by=rep, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    request = workflow.endorse(actor=leader, request=request)
    assert (request.state, request.endorsed_on_behalf) == (State.ENDORSED, True)
    assert RequestEvent.objects.filter(request=request, kind=EventKind.ENDORSED_ON_BEHALF).exists()


@pytest.mark.django_db
def test_the_institute_endorses_on_behalf_when_the_province_has_no_active_coordinator(make_persona):
    leader, rep = make_persona("institute_leader"), make_persona("cooperative_rep")
    coordinator = make_persona("coordinator_daklak")
    coordinator.is_active = False
    coordinator.save()
    request = request_in(State.SUBMITTED, created_by=rep)
    assert workflow.endorse(actor=leader, request=request).endorsed_on_behalf is True


# ------------------------------------------------------------------------------------------------ reasons, ratings


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_returning_or_declining_needs_a_reason(make_persona, reason):
    coordinator, rep = make_persona("coordinator_daklak"), make_persona("cooperative_rep")
    request = request_in(State.SUBMITTED, created_by=rep)
    for service in (workflow.return_for_information, workflow.decline):
        with pytest.raises(ValidationError):
            service(actor=coordinator, request=request, reason=reason)
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, None, "5", 4.5])
def test_a_rating_is_a_whole_number_from_1_to_5(make_persona, rating):
    rep = make_persona("cooperative_rep")
    request = request_in(State.RESOLVED, assignee=make_persona("institute_expert"), created_by=rep)
    with pytest.raises(ValidationError):
        workflow.confirm(actor=rep, request=request, rating=rating)
    request.refresh_from_db()
    assert request.state == State.RESOLVED


@pytest.mark.django_db
def test_accepting_needs_an_institute_assignee(make_persona):
    leader, rep = make_persona("institute_leader"), make_persona("cooperative_rep")
    request = request_in(State.ENDORSED, created_by=rep)
    for assignee in (None, make_persona("coordinator_camau"), rep):
        with pytest.raises(ValidationError):
            workflow.accept(actor=leader, request=request, assignee=assignee)
    request.refresh_from_db()
    assert request.state == State.ENDORSED


@pytest.mark.django_db
def test_reopening_is_possible_only_within_the_window(make_persona, settings):
    rep = make_persona("cooperative_rep")
    expert = make_persona("institute_expert")
    old = request_in(
        State.RESOLVED, assignee=expert, created_by=rep,
        resolved_at=timezone.now() - datetime.timedelta(days=settings.HOPTAC_SUPPORT_AUTO_CLOSE_DAYS + 1),
    )  # fmt: skip
    with pytest.raises(DomainError):
        workflow.reopen(actor=rep, request=old, reason="Chưa đạt.")
    recent = request_in(State.RESOLVED, assignee=expert, created_by=rep)
    assert workflow.reopen(actor=rep, request=recent, reason="Chưa đạt.").state == State.IN_PROGRESS


@pytest.mark.django_db
def test_unanswered_resolved_requests_close_after_the_configured_days(make_persona, settings):
    settings.HOPTAC_SUPPORT_AUTO_CLOSE_DAYS = 14
    rep, expert = make_persona("cooperative_rep"), make_persona("institute_expert")
    now = timezone.now()
    due = request_in(
        State.RESOLVED, assignee=expert, created_by=rep, resolved_at=now - datetime.timedelta(days=15)
    )
    fresh = request_in(
        State.RESOLVED, assignee=expert, created_by=rep, resolved_at=now - datetime.timedelta(days=13)
    )
    assert workflow.close_unanswered(now) == 1
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert (due.state, due.auto_closed, due.rating) == (State.CLOSED, True, None)
    assert fresh.state == State.RESOLVED
    assert workflow.close_unanswered(now) == 0  # idempotent


# ------------------------------------------------------------------------------------------------ work log


@pytest.mark.django_db
def test_the_first_work_log_entry_starts_the_work(make_persona):
    expert, rep = make_persona("institute_expert"), make_persona("cooperative_rep")
    request = request_in(State.ASSIGNED, assignee=expert, created_by=rep)
    workflow.log_work(
        actor=expert, request=request, kind="visit", date=timezone.localdate(), hours=Decimal("3.5"),
        description="Khảo sát hiện trạng chuồng trại.",
    )  # fmt: skip
    request.refresh_from_db()
    assert request.state == State.IN_PROGRESS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "date_offset", "field"),
    [
        (Decimal("0"), 0, "hours"),
        (Decimal("25"), 0, "hours"),
        (Decimal("2"), 1, "date"),
        (Decimal("2"), -400, "date"),
    ],
)
def test_bad_work_log_entries_are_refused(make_persona, hours, date_offset, field):
    expert, rep = make_persona("institute_expert"), make_persona("cooperative_rep")
    request = request_in(State.IN_PROGRESS, assignee=expert, created_by=rep)
    with pytest.raises(ValidationError) as caught:
        workflow.log_work(
            actor=expert, request=request, kind="visit", hours=hours, description="Khảo sát.",
            date=timezone.localdate() + datetime.timedelta(days=date_offset),
        )  # fmt: skip
    assert field in caught.value.message_dict


@pytest.mark.django_db
def test_only_the_assignee_or_intake_logs_work(make_persona):
    expert, rep = make_persona("institute_expert"), make_persona("cooperative_rep")
    request = request_in(State.IN_PROGRESS, assignee=expert, created_by=rep)
    for persona in ("cooperative_rep", "coordinator_daklak", "lab_analyst", "system_admin"):
        with pytest.raises(DomainError):
            workflow.log_work(
                actor=make_persona(persona), request=request, kind="visit", date=timezone.localdate(),
                hours=Decimal(1), description="x",
            )  # fmt: skip


@pytest.mark.django_db
def test_a_desired_date_in_the_past_is_refused_by_the_service_too(make_persona):
    from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

    with pytest.raises(ValidationError) as caught:
        workflow.create_request(
            actor=make_persona("cooperative_rep"), cooperative=cooperative(OWN_TAX_CODE), category="other",
            title="Khác", description="Khác", desired_date=timezone.localdate() - datetime.timedelta(days=1),
        )  # fmt: skip
    assert caught.value.message_dict == {"desired_date": ["Ngày mong muốn không được ở trong quá khứ."]}


@pytest.mark.django_db
def test_the_reopen_button_disappears_when_the_window_closes(make_persona, settings):
    from hoptac.support import rules

    rep, expert = make_persona("cooperative_rep"), make_persona("institute_expert")
    old = request_in(
        State.RESOLVED, assignee=expert, created_by=rep,
        resolved_at=timezone.now() - datetime.timedelta(days=settings.HOPTAC_SUPPORT_AUTO_CLOSE_DAYS + 1),
    )  # fmt: skip
    fresh = request_in(State.RESOLVED, assignee=expert, created_by=rep)
    assert [t.name for t in rules.available(rep, old)] == ["confirm"]
    assert [t.name for t in rules.available(rep, fresh)] == ["confirm", "reopen"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alliance_viewer", "alliance_planner", "system_admin"])
def test_read_only_roles_see_but_do_not_write(make_persona, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoptac.support.attachments import add_attachment

    request = request_in(State.SUBMITTED, created_by=make_persona("cooperative_rep"))
    reader = make_persona(persona)
    for internal in (False, True):
        with pytest.raises(DomainError, match="Bạn chỉ được xem yêu cầu này"):
            workflow.add_comment(actor=reader, request=request, body="Ý kiến", internal=internal)
    with pytest.raises(DomainError, match="Bạn chỉ được xem yêu cầu này"):
        add_attachment(actor=reader, request=request, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"))
    assert not request.comments.exists() and not request.attachments.exists()


@pytest.mark.django_db
def test_the_institute_is_told_why_it_may_not_yet_endorse(make_persona):
    make_persona("coordinator_daklak")
    request = request_in(State.SUBMITTED, created_by=make_persona("cooperative_rep"))
    with pytest.raises(DomainError, match="Viện chỉ xác nhận thay tỉnh khi tỉnh đã quá hạn"):
        workflow.endorse(actor=make_persona("institute_leader"), request=request)


@pytest.mark.django_db
def test_submissions_the_institute_may_take_over_reach_its_work_and_bell(make_persona):
    from hoptac.notifications.models import Notification
    from hoptac.registry.tests.personas import OTHER_TAX_CODE, cooperative
    from hoptac.support import selectors

    leader, rep = make_persona("institute_leader"), make_persona("cooperative_rep")
    make_persona("coordinator_daklak")  # Đắk Lắk has a coordinator; Cà Mau has none here
    on_time = request_in(State.SUBMITTED, created_by=rep, title="Đúng hạn")
    request_in(
        State.SUBMITTED,
        created_by=rep,
        title="Quá hạn",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    request_in(State.SUBMITTED, created_by=leader, own=False, title="Tỉnh không có điều phối")
    page, _count, _more = selectors.request_page(
        user=leader, filters=selectors.RequestFilters(queue=selectors.MY_WORK)
    )
    assert sorted(r.title for r in page) == ["Quá hạn", "Tỉnh không có điều phối"]
    assert on_time.pk not in {r.pk for r in page}
    draft = workflow.create_request(
        actor=make_persona("coordinator_camau"), cooperative=cooperative(OTHER_TAX_CODE), category="other",
        title="x", description="x",
    )  # fmt: skip
    assert draft.state == State.ENDORSED  # (a coordinator's own entry) — now a representative's submission:
    from hoptac.accounts.models import User

    User.objects.filter(username="coordinator_camau").update(is_active=False)
    camau_rep = make_persona("outsider")
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=camau_rep, role=Role.objects.get(code="cooperative_representative"),
        scope_type=ContentType.objects.get_for_model(cooperative(OTHER_TAX_CODE)), scope_id=cooperative(OTHER_TAX_CODE).pk,
    )  # fmt: skip
    submitted = workflow.create_request(
        actor=camau_rep, cooperative=cooperative(OTHER_TAX_CODE), category="other", title="Cần hỗ trợ",
        description="x", submit=True,
    )  # fmt: skip
    assert Notification.objects.filter(recipient=leader, url__endswith=f"/yeu-cau/{submitted.pk}/").exists()


@pytest.mark.django_db
def test_a_named_expert_carries_out_the_work_not_the_rest_of_the_unit(make_persona):
    from hoptac.accounts.models import OrgUnit
    from hoptac.support import rules

    expert, colleague = make_persona("institute_expert"), make_persona("lab_analyst")
    unit = OrgUnit.objects.create(code="phong-thu", name="Phòng Thử", kind="institute_department")
    for user in (expert, colleague):
        user.unit = unit
        user.save()
    named = request_in(
        State.ASSIGNED, created_by=make_persona("cooperative_rep"), assignee=expert, assignee_unit=unit
    )
    unit_only = request_in(
        State.ASSIGNED, created_by=make_persona("cooperative_rep"), assignee=None, assignee_unit=unit
    )
    assert (rules.carries_out(expert, named), rules.carries_out(colleague, named)) == (True, False)
    assert (rules.carries_out(expert, unit_only), rules.carries_out(colleague, unit_only)) == (True, True)


@pytest.mark.django_db
def test_a_representative_who_coordinates_elsewhere_reads_no_history_of_their_own_cooperative(make_persona):
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import Role, RoleAssignment
    from hoptac.core.permissions import HISTORY, restrict
    from hoptac.places.models import Province

    rep = make_persona("cooperative_rep")
    camau = Province.objects.get(code="96")
    RoleAssignment.objects.create(
        user=rep, role=Role.objects.get(code="provincial_coordinator"),
        scope_type=ContentType.objects.get_for_model(camau), scope_id=camau.pk,
    )  # fmt: skip
    rep.forget_roles()
    own = request_in(State.SUBMITTED, created_by=rep)
    other = request_in(State.SUBMITTED, created_by=make_persona("coordinator_camau"), own=False)
    readable = set(restrict(SupportRequest.objects.all(), rep, HISTORY).values_list("pk", flat=True))
    assert readable == {other.pk} and own.pk not in readable
