"""Every change to a support request: one service function per transition.

Each function locks the request row (``SELECT … FOR UPDATE``), then checks the state and the actor's role,
then writes the request, its timeline event and the notifications in one transaction. Of two people acting on
the same request at once, the second waits for the first to commit, then finds the new state and is told, in
Vietnamese, what happened instead — exactly one succeeds.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.numbering import next_in_year

from . import notices, rules
from .choices import (
    DEFAULT_SLA_DAYS,
    INSTITUTE_CHANNELS,
    STAGE_OF_STATE,
    Channel,
    DeclinedBy,
    EventKind,
    State,
)
from .models import Comment, RequestCounter, RequestEvent, SlaPolicy, SupportRequest, WorkLogEntry

NOT_ALLOWED = _("Bạn không có quyền thực hiện thao tác này với yêu cầu này.")
WRONG_STATE = _("Yêu cầu đang ở trạng thái “%(state)s” nên không thể “%(action)s”.")
REASON_REQUIRED = _("Hãy ghi lý do.")
READ_ONLY = _("Bạn chỉ được xem yêu cầu này; trao đổi và tệp do các bên tham gia xử lý yêu cầu gửi.")
CREATE_FIELDS = (
    "category", "title", "description", "desired_date", "priority", "contact_name", "contact_phone",
)  # fmt: skip


# ------------------------------------------------------------------------------------------------ helpers


def _lock(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().select_related("cooperative").get(pk=request.pk)


def _check(actor, request: SupportRequest, name: str, **kwargs) -> None:
    transition = rules.TRANSITIONS[name]
    if not rules.may(actor, request, name, **kwargs):
        # A role the actor does not hold on this request: the same answer whatever the state.
        raise DomainError(NOT_ALLOWED, code="forbidden")
    if request.state not in rules.sources(actor, request, name):
        raise DomainError(
            WRONG_STATE % {"state": request.get_state_display(), "action": transition.label}, code="state"
        )


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if len(text) > 2000:
        raise ValidationError({"reason": [_("Lý do dài quá 2.000 ký tự.")]})
    return text


def _event(request, kind, from_state, actor, note="", *, internal=False) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, from_state=from_state, to_state=request.state, actor=actor, note=note,
        internal=internal,
    )  # fmt: skip


def sla_days(category: str, stage: str) -> int:
    """Working days allowed for a category's stage: its own row, else the all-category row, else the issue's
    defaults (endorsement 5, acceptance 5, resolution 30)."""
    rows = dict(
        SlaPolicy.objects.filter(stage=stage, category__in=[category, ""]).values_list(
            "category", "working_days"
        )
    )
    return rows.get(category) or rows.get("") or DEFAULT_SLA_DAYS[stage]


def _enter_stage(request: SupportRequest, now: datetime.datetime) -> None:
    """Start the SLA clock of the state the request has just entered (or stop it)."""
    from hoptac.workdays.calendar import add_working_days

    stage = STAGE_OF_STATE.get(request.state)
    request.stage_started_at = now
    request.sla_warned = request.sla_breach_notified = False
    if stage is None:
        request.due_date = None
        return
    request.due_date = add_working_days(timezone.localdate(now), sla_days(request.category, stage))


def _save(request: SupportRequest, fields: list[str]) -> None:
    request.version += 1
    request.save(update_fields=[*fields, "version", "updated_at"])


def next_number(year: int) -> str:
    """The next request number of ``year`` (YC-2026-000123), gap-free (core.numbering)."""
    return f"YC-{year}-{next_in_year(RequestCounter, year):06d}"


def _number(request: SupportRequest, now: datetime.datetime) -> None:
    if request.number is None:
        request.number = next_number(timezone.localdate(now).year)


# ------------------------------------------------------------------------------------------------ creating


def channel_for(actor, cooperative, channel: str | None = None) -> str:
    """How a new request reaches the workflow, from who records it (issue 4's three channels)."""
    if cooperative.pk in actor.scope_ids(roles.COOPERATIVE_REPRESENTATIVE):
        return Channel.ONLINE
    if cooperative.province_id in actor.scope_ids(roles.PROVINCIAL_COORDINATOR):
        return Channel.PROVINCE
    if actor.has_role(*rules.INSTITUTE_RECORDERS):
        if channel not in INSTITUTE_CHANNELS:
            raise ValidationError(
                {"channel": [_("Hãy chọn kênh Viện nhận yêu cầu (điện thoại, trực tiếp, công văn).")]}
            )
        return channel
    raise DomainError(NOT_ALLOWED, code="forbidden")


def create_request(
    *, actor, cooperative, submit: bool = False, channel: str | None = None, token=None, **fields: Any
):
    """A new request. The cooperative's own starts as a draft (or is submitted at once); a coordinator's is
    endorsed on entry; the institute's (phone, visit, letter) goes straight to its intake, the province informed.

    ``token``: the form's one-time token. The same form posted twice returns the request the first post made
    (also when both posts arrive at once: the unique index decides, the loser reads the winner's request).
    """
    if token is not None:
        earlier = SupportRequest.objects.filter(creation_token=token, created_by=actor).first()
        if earlier is not None:
            return earlier
    from hoptac.core.permissions import VIEW, restrict
    from hoptac.registry.models import Cooperative

    if not restrict(Cooperative.objects.filter(pk=cooperative.pk), actor, VIEW).exists():
        raise DomainError(NOT_ALLOWED, code="forbidden")
    channel = channel_for(actor, cooperative, channel)
    request = SupportRequest(
        cooperative=cooperative, province_id=cooperative.province_id, channel=channel, created_by=actor,
        creation_token=token,
        **{k: v for k, v in fields.items() if k in CREATE_FIELDS},
    )  # fmt: skip
    request.full_clean(exclude=["number", "province", "created_by"])
    _check_desired_date(request.desired_date)
    now = timezone.now()
    try:
        return _create(request, actor, channel, submit, now)
    except IntegrityError:
        earlier = (
            SupportRequest.objects.filter(creation_token=token, created_by=actor).first() if token else None
        )
        if earlier is None:
            raise
        return earlier


def _create(request: SupportRequest, actor, channel: str, submit: bool, now) -> SupportRequest:
    with transaction.atomic(), acting_as(actor):
        if channel == Channel.ONLINE:
            request.state = State.SUBMITTED if submit else State.DRAFT
        elif channel == Channel.PROVINCE:
            request.state = State.ENDORSED  # the province's own entry is its endorsement
            request.endorsed_at, request.endorsed_by = now, actor
        else:
            request.state = (
                State.ENDORSED
            )  # recorded by the institute: straight to its intake, no endorsement
        if request.state != State.DRAFT:
            _number(request, now)
            request.submitted_at = now
            _enter_stage(request, now)
        request.save()
        _event(request, EventKind.CREATED, "", actor)
        if request.state == State.SUBMITTED:
            _event(request, EventKind.SUBMITTED, State.DRAFT, actor)
        elif channel == Channel.PROVINCE:
            _event(request, EventKind.ENDORSED, "", actor)
        elif request.state == State.ENDORSED:
            _event(request, EventKind.RECORDED_BY_INSTITUTE, "", actor)
        notices.created(request, actor)
    return request


def _check_desired_date(value) -> None:
    """A new desired date is not in the past (an edit may keep one that has passed meanwhile)."""
    if value is not None and value < timezone.localdate():
        raise ValidationError({"desired_date": [_("Ngày mong muốn không được ở trong quá khứ.")]})


def update_request(*, actor, request: SupportRequest, version: int, **fields: Any) -> SupportRequest:
    """The cooperative edits its draft, or a returned request before submitting it again."""
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        if not (rules.represents(actor, request) or request.created_by_id == actor.pk):
            raise DomainError(NOT_ALLOWED, code="forbidden")
        if request.state not in (State.DRAFT, State.RETURNED):
            raise DomainError(
                _("Chỉ sửa được yêu cầu ở bản nháp hoặc khi được trả lại để bổ sung."), code="state"
            )
        if request.version != version:
            from hoptac.core.models import STALE_MESSAGE

            raise DomainError(STALE_MESSAGE, code="stale")
        changed = [k for k, v in fields.items() if k in CREATE_FIELDS and getattr(request, k) != v]
        if "desired_date" in changed:
            _check_desired_date(fields["desired_date"])
        for name in changed:
            setattr(request, name, fields[name])
        request.full_clean(exclude=["number", "province", "created_by"])
        if changed:
            _save(request, changed)
    return request


# ------------------------------------------------------------------------------------------------ transitions


def submit(*, actor, request: SupportRequest) -> SupportRequest:
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "submit")
        now, previous = timezone.now(), request.state
        _number(request, now)
        request.state, request.submitted_at = State.SUBMITTED, request.submitted_at or now
        _enter_stage(request, now)
        _save(
            request,
            [
                "number",
                "state",
                "submitted_at",
                "stage_started_at",
                "due_date",
                "sla_warned",
                "sla_breach_notified",
            ],
        )
        _event(request, EventKind.SUBMITTED, previous, actor)
        notices.transition(request, actor, EventKind.SUBMITTED)
    return request


def withdraw(*, actor, request: SupportRequest, reason: str = "") -> SupportRequest:
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "withdraw")
        previous = request.state
        request.state = State.WITHDRAWN
        _enter_stage(request, timezone.now())
        _save(request, ["state", "stage_started_at", "due_date", "sla_warned", "sla_breach_notified"])
        _event(request, EventKind.WITHDRAWN, previous, actor, (reason or "").strip()[:2000])
        if previous != State.DRAFT:
            notices.transition(request, actor, EventKind.WITHDRAWN)
    return request


def endorse(*, actor, request: SupportRequest, note: str = "") -> SupportRequest:
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        if (
            rules.takes_in(actor)
            and not rules.coordinates(actor, request)
            and request.state == State.SUBMITTED
            and not rules.endorsement_may_be_taken_over(request)
        ):
            raise DomainError(
                _(
                    "Viện chỉ xác nhận thay tỉnh khi tỉnh đã quá hạn xác nhận hoặc tỉnh không có cán bộ điều phối "
                    "đang hoạt động."
                ),
                code="forbidden",
            )
        _check(actor, request, "endorse")
        now = timezone.now()
        on_behalf = not rules.coordinates(actor, request)
        request.state, request.endorsed_at, request.endorsed_by = State.ENDORSED, now, actor
        request.endorsed_on_behalf = on_behalf
        _enter_stage(request, now)
        _save(
            request,
            [
                "state",
                "endorsed_at",
                "endorsed_by",
                "endorsed_on_behalf",
                "stage_started_at",
                "due_date",
                "sla_warned",
                "sla_breach_notified",
            ],
        )
        kind = EventKind.ENDORSED_ON_BEHALF if on_behalf else EventKind.ENDORSED
        _event(request, kind, State.SUBMITTED, actor, (note or "").strip()[:2000])
        notices.transition(request, actor, kind)
    return request


def return_for_information(*, actor, request: SupportRequest, reason: str) -> SupportRequest:
    reason = _reason(reason)
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "return_for_information")
        request.state = State.RETURNED
        _enter_stage(request, timezone.now())
        _save(request, ["state", "stage_started_at", "due_date", "sla_warned", "sla_breach_notified"])
        _event(request, EventKind.RETURNED, State.SUBMITTED, actor, reason)
        notices.transition(request, actor, EventKind.RETURNED, note=reason)
    return request


def decline(*, actor, request: SupportRequest, reason: str) -> SupportRequest:
    reason = _reason(reason)
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "decline")
        previous = request.state
        request.declined_by = DeclinedBy.PROVINCE if previous == State.SUBMITTED else DeclinedBy.INSTITUTE
        request.state, request.decline_reason = State.DECLINED, reason
        request.closed_at = timezone.now()
        _enter_stage(request, request.closed_at)
        _save(
            request,
            [
                "state",
                "declined_by",
                "decline_reason",
                "closed_at",
                "stage_started_at",
                "due_date",
                "sla_warned",
                "sla_breach_notified",
            ],
        )
        _event(request, EventKind.DECLINED, previous, actor, reason)
        notices.transition(request, actor, EventKind.DECLINED, note=reason)
    return request


def _assignee_errors(assignee, unit) -> dict:
    from hoptac.accounts.models import UnitKind

    if assignee is None and unit is None:
        return {"assignee": [_("Hãy chọn chuyên gia hoặc đơn vị phụ trách.")]}
    if assignee is not None and (not assignee.is_active or not assignee.has_role(*rules.ASSIGNEE_ROLES)):
        return {"assignee": [_("Người được chọn không phải chuyên gia của Viện.")]}
    institute_units = (UnitKind.INSTITUTE, UnitKind.INSTITUTE_DEPARTMENT, UnitKind.LAB)
    if unit is not None and unit.kind not in institute_units:
        return {"assignee_unit": [_("Đơn vị được chọn không thuộc Viện.")]}
    return {}


def accept(
    *, actor, request: SupportRequest, assignee=None, assignee_unit=None, note: str = ""
) -> SupportRequest:
    errors = _assignee_errors(assignee, assignee_unit)
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "accept")
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        request.state, request.accepted_at = State.ASSIGNED, now
        request.assignee, request.assignee_unit = assignee, assignee_unit
        _enter_stage(request, now)
        _save(
            request,
            [
                "state",
                "accepted_at",
                "assignee",
                "assignee_unit",
                "stage_started_at",
                "due_date",
                "sla_warned",
                "sla_breach_notified",
            ],
        )
        _event(request, EventKind.ACCEPTED, State.ENDORSED, actor, (note or "").strip()[:2000])
        notices.transition(request, actor, EventKind.ACCEPTED)
    return request


def reassign(
    *, actor, request: SupportRequest, assignee=None, assignee_unit=None, note: str = ""
) -> SupportRequest:
    errors = _assignee_errors(assignee, assignee_unit)
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "reassign")
        if errors:
            raise ValidationError(errors)
        previous = notices.assignees(request)
        request.assignee, request.assignee_unit = assignee, assignee_unit
        # The new owner has not been warned about the due date yet.
        request.sla_warned = request.sla_breach_notified = False
        _save(request, ["assignee", "assignee_unit", "sla_warned", "sla_breach_notified"])
        _event(
            request, EventKind.REASSIGNED, request.state, actor, (note or "").strip()[:2000], internal=True
        )
        notices.transition(request, actor, EventKind.REASSIGNED, internal=True, also=previous)
    return request


def start(*, actor, request: SupportRequest) -> SupportRequest:
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "start")
        _start(request, actor)
    return request


def _start(request: SupportRequest, actor) -> None:
    request.state, request.started_at = State.IN_PROGRESS, timezone.now()
    # The resolution clock started at acceptance and keeps running.
    _save(request, ["state", "started_at"])
    _event(request, EventKind.STARTED, State.ASSIGNED, actor)
    notices.transition(request, actor, EventKind.STARTED)


def log_work(
    *, actor, request: SupportRequest, kind: str, date: datetime.date, hours: Decimal, description: str
):
    """Record work on the request (the assignee, or the intake); the first entry starts an assigned request."""
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        if not (rules.carries_out(actor, request) or rules.takes_in(actor)):
            raise DomainError(NOT_ALLOWED, code="forbidden")
        if request.state not in (State.ASSIGNED, State.IN_PROGRESS):
            raise DomainError(_("Chỉ ghi nhật ký khi yêu cầu đang được thực hiện."), code="state")
        entry = WorkLogEntry(
            request=request, author=actor, kind=kind, date=date, hours=hours, description=description
        )
        entry.full_clean(exclude=["request", "author"])
        if date > timezone.localdate():
            raise ValidationError({"date": [_("Ngày thực hiện không được ở tương lai.")]})
        if request.accepted_at and date < timezone.localdate(request.accepted_at):
            raise ValidationError({"date": [_("Ngày thực hiện không được trước ngày Viện tiếp nhận.")]})
        entry.save()
        if request.state == State.ASSIGNED:
            _start(request, actor)
    return entry


def resolve(*, actor, request: SupportRequest, outcome: str, deliverables: str = "") -> SupportRequest:
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": [_("Hãy mô tả kết quả đã làm cho hợp tác xã.")]})
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "resolve")
        now, previous = timezone.now(), request.state
        request.state, request.resolved_at = State.RESOLVED, now
        request.started_at = request.started_at or now
        request.outcome, request.deliverables = outcome[:10_000], (deliverables or "").strip()[:5_000]
        _enter_stage(request, now)
        _save(
            request,
            [
                "state",
                "resolved_at",
                "started_at",
                "outcome",
                "deliverables",
                "stage_started_at",
                "due_date",
                "sla_warned",
                "sla_breach_notified",
            ],
        )
        _event(request, EventKind.RESOLVED, previous, actor, outcome[:2000])
        notices.transition(request, actor, EventKind.RESOLVED)
    return request


def auto_close_days() -> int:
    return settings.HOPTAC_SUPPORT_AUTO_CLOSE_DAYS


def reopen_window_open(request: SupportRequest, now=None) -> bool:
    now = now or timezone.now()
    return request.resolved_at is not None and now <= request.resolved_at + datetime.timedelta(
        days=auto_close_days()
    )


def confirm(*, actor, request: SupportRequest, rating: int, comment: str = "") -> SupportRequest:
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": [_("Hãy chọn mức hài lòng từ 1 đến 5 sao.")]})
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "confirm")
        request.state, request.closed_at = State.CLOSED, timezone.now()
        request.rating, request.rating_comment = rating, (comment or "").strip()[:2000]
        _enter_stage(request, request.closed_at)
        _save(
            request,
            [
                "state",
                "closed_at",
                "rating",
                "rating_comment",
                "stage_started_at",
                "due_date",
                "sla_warned",
                "sla_breach_notified",
            ],
        )
        _event(request, EventKind.CONFIRMED, State.RESOLVED, actor, request.rating_comment)
        notices.transition(request, actor, EventKind.CONFIRMED)
    return request


def reopen(*, actor, request: SupportRequest, reason: str) -> SupportRequest:
    reason = _reason(reason)
    with transaction.atomic(), acting_as(actor):
        request = _lock(request)
        _check(actor, request, "reopen")
        if not reopen_window_open(request):
            raise DomainError(
                _("Đã quá %(days)s ngày kể từ khi xử lý xong nên không thể mở lại; hãy gửi yêu cầu mới.")
                % {"days": auto_close_days()},
                code="window",
            )
        now = timezone.now()
        request.state, request.resolved_at = State.IN_PROGRESS, None
        _enter_stage(request, now)  # a fresh resolution period
        _save(
            request,
            ["state", "resolved_at", "stage_started_at", "due_date", "sla_warned", "sla_breach_notified"],
        )
        _event(request, EventKind.REOPENED, State.RESOLVED, actor, reason)
        notices.transition(request, actor, EventKind.REOPENED, note=reason)
    return request


def close_unanswered(now=None) -> int:
    """Close every request resolved more than the configured days ago without an answer (the periodic job)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=auto_close_days())
    closed = 0
    ids = list(
        SupportRequest.objects.filter(state=State.RESOLVED, resolved_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:5000]
    )
    for pk in ids:
        with transaction.atomic(), acting_as(None, command="support_auto_close"):
            request = SupportRequest.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if request is None or request.state != State.RESOLVED or request.resolved_at >= cutoff:
                continue  # someone answered meanwhile, or another worker has it
            request.state, request.closed_at, request.auto_closed = State.CLOSED, now, True
            _enter_stage(request, now)
            _save(
                request,
                [
                    "state",
                    "closed_at",
                    "auto_closed",
                    "stage_started_at",
                    "due_date",
                    "sla_warned",
                    "sla_breach_notified",
                ],
            )
            _event(
                request,
                EventKind.AUTO_CLOSED,
                State.RESOLVED,
                None,
            )  # fmt: skip  (no note: the event's label is translated for each reader; a note would be frozen)
            notices.transition(request, None, EventKind.AUTO_CLOSED)
            closed += 1
    return closed


# ------------------------------------------------------------------------------------------------ conversation


def add_comment(*, actor, request: SupportRequest, body: str, internal: bool = False) -> Comment:
    from hoptac.core.permissions import VIEW, restrict

    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Hãy nhập nội dung.")]})
    if len(body) > 5000:
        raise ValidationError({"body": [_("Nội dung dài quá 5.000 ký tự.")]})
    if not restrict(SupportRequest.objects.filter(pk=request.pk), actor, VIEW).exists():
        raise DomainError(NOT_ALLOWED, code="forbidden")
    if not rules.may_write(actor, request):
        raise DomainError(READ_ONLY, code="forbidden")
    if internal and not rules.is_staff_side(actor, request):
        raise DomainError(_("Chỉ cán bộ tỉnh và Viện được ghi chú nội bộ."), code="forbidden")
    with transaction.atomic(), acting_as(actor):
        comment = Comment.objects.create(request=request, author=actor, body=body, internal=internal)
        notices.commented(request, actor, comment)
    return comment
