"""Who may do what to a support request, as pure predicates over (user, request).

The workflow's services check these before acting; the pages use them to show only the buttons that would work.
Roles and scopes come from ``accounts`` (``User.has_role`` / ``User.scope_ids``, loaded once per request).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles

from .choices import State

# Who may assign work and be assigned: the institute's leaders take requests in; experts and the testing
# center's staff carry them out.
INTAKE_ROLES = frozenset({roles.INSTITUTE_LEADER})
ASSIGNEE_ROLES = frozenset(
    {roles.INSTITUTE_EXPERT, roles.INSTITUTE_LEADER, roles.LAB_ANALYST, roles.LAB_REVIEWER, roles.LAB_MANAGER}
)
INSTITUTE_RECORDERS = INTAKE_ROLES | {roles.INSTITUTE_EXPERT}
# Roles that read every request (not drafts): the institute's leaders and administrators, the alliance's planners.
READ_ALL = frozenset(
    {roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER, roles.ALLIANCE_PLANNER, roles.ALLIANCE_VIEWER}
)


def represents(user, request) -> bool:
    return request.cooperative_id in user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)


def coordinates(user, request) -> bool:
    return request.province_id in user.scope_ids(roles.PROVINCIAL_COORDINATOR)


def takes_in(user) -> bool:
    return user.has_role(*INTAKE_ROLES)


def carries_out(user, request) -> bool:
    """The assigned expert; when the request is assigned to a unit without a named expert, any member of the unit
    holding an assignee role (the same rule as "Việc của tôi")."""
    if request.assignee_id is not None:
        return request.assignee_id == user.pk
    return (
        request.assignee_unit_id is not None
        and request.assignee_unit_id == user.unit_id
        and user.has_role(*ASSIGNEE_ROLES)
    )


def may_write(user, request) -> bool:
    """Who takes part in the conversation and adds files: the parties to the request — its cooperative, its
    province, the institute's intake, whoever carries it out, and whoever recorded it. The read-only roles (the
    alliance's planners and viewers, the system administrator as such) read, they do not write."""
    return (
        represents(user, request)
        or coordinates(user, request)
        or takes_in(user)
        or carries_out(user, request)
        or request.created_by_id == user.pk
    )


def is_staff_side(user, request) -> bool:
    """Reads internal notes: anyone who sees the request other than as the cooperative's representative."""
    return (
        user.has_role(*READ_ALL)
        or coordinates(user, request)
        or carries_out(user, request)
        or takes_in(user)
        or (
            request.created_by_id == user.pk
            and not represents(user, request)
            and user.has_role(*ASSIGNEE_ROLES)
        )
    )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (reassignment)


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", _("Gửi yêu cầu"), (State.DRAFT, State.RETURNED), State.SUBMITTED),
        Transition(
            "withdraw", _("Rút yêu cầu"), (State.DRAFT, State.SUBMITTED, State.RETURNED), State.WITHDRAWN
        ),
        Transition("endorse", _("Xác nhận, chuyển Viện"), (State.SUBMITTED,), State.ENDORSED),
        Transition("return_for_information", _("Trả lại để bổ sung"), (State.SUBMITTED,), State.RETURNED),
        Transition("decline", _("Từ chối"), (State.SUBMITTED, State.ENDORSED), State.DECLINED),
        Transition("accept", _("Tiếp nhận và phân công"), (State.ENDORSED,), State.ASSIGNED),
        Transition("reassign", _("Phân công lại"), (State.ASSIGNED, State.IN_PROGRESS), None),
        Transition("start", _("Bắt đầu thực hiện"), (State.ASSIGNED,), State.IN_PROGRESS),
        Transition("resolve", _("Báo cáo kết quả"), (State.ASSIGNED, State.IN_PROGRESS), State.RESOLVED),
        Transition("confirm", _("Xác nhận và đánh giá"), (State.RESOLVED,), State.CLOSED),
        Transition("reopen", _("Mở lại"), (State.RESOLVED,), State.IN_PROGRESS),
    )
}


def may(user, request, name: str, *, today=None, reopen_window_open: bool = True) -> bool:
    """Whether ``user`` holds the role ``name`` needs on ``request`` (the state is checked separately)."""
    if name in ("submit", "withdraw"):
        return represents(user, request) or (
            request.state == State.DRAFT and request.created_by_id == user.pk
        )
    if name == "return_for_information":
        return coordinates(user, request)
    if name == "endorse":
        return coordinates(user, request) or (
            takes_in(user) and endorsement_may_be_taken_over(request, today)
        )
    if name == "decline":
        return coordinates(user, request) or takes_in(user)
    if name in ("accept", "reassign"):
        return takes_in(user)
    if name in ("start", "resolve"):
        return carries_out(user, request)
    if name == "confirm":
        return represents(user, request)
    if name == "reopen":
        return represents(user, request) and reopen_window_open
    raise ValueError(name)


def endorsement_may_be_taken_over(request, today=None) -> bool:
    """The institute may endorse on the province's behalf when the province has no active coordinator or the
    endorsement is overdue (issue 4). Recorded as such on the request and in its timeline."""
    from django.utils import timezone

    from .selectors import province_has_active_coordinator

    today = today or timezone.localdate()
    overdue = request.due_date is not None and request.due_date < today
    return overdue or not province_has_active_coordinator(request.province_id)


def sources(user, request, name: str) -> tuple[str, ...]:
    """The states from which ``user`` may take ``name``: declining is the province's before endorsement and
    the institute's after it."""
    if name == "decline":
        return (State.SUBMITTED,) * coordinates(user, request) + (State.ENDORSED,) * takes_in(user)
    return TRANSITIONS[name].sources


def available(user, request, **kwargs) -> list[Transition]:
    """The transitions ``user`` may take on ``request`` now (for the page's buttons)."""
    if "reopen_window_open" not in kwargs and request.state == State.RESOLVED:
        from .workflow import reopen_window_open

        kwargs["reopen_window_open"] = reopen_window_open(request)
    return [
        t
        for t in TRANSITIONS.values()
        if request.state in sources(user, request, t.name) and may(user, request, t.name, **kwargs)
    ]


def may_create(user) -> bool:
    """Whether ``user`` records requests for some cooperative (its representative, its province, the institute)."""
    return (
        user.has_role(*INSTITUTE_RECORDERS)
        or bool(user.scope_ids(roles.PROVINCIAL_COORDINATOR))
        or bool(user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE))
    )


def may_create_for(user, cooperative) -> bool:
    return (
        cooperative.pk in user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)
        or cooperative.province_id in user.scope_ids(roles.PROVINCIAL_COORDINATOR)
        or user.has_role(*INSTITUTE_RECORDERS)
    )
