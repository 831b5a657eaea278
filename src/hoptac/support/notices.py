"""Who hears of what happens to a request (in-app and by e-mail, through ``notifications``).

The cooperative's representatives never receive an internal event or an internal note: the recipients of an
internal notice are chosen from the staff side only, and the payload carries no note text for anyone (the
notification links to the page, which applies the same rule).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles

from .choices import EventKind, State

KIND_TRANSITION = "support.transition"
KIND_COMMENT = "support.comment"
KIND_SLA = "support.sla"


def _holders(role: str, scope_model: str | None = None, scope_id: int | None = None):
    from hoptac.accounts.models import User

    users = User.objects.filter(is_active=True, role_assignments__role__code=role)
    if scope_model is not None:
        app_label, model = scope_model.split(".")
        users = users.filter(
            role_assignments__scope_type=ContentType.objects.get_by_natural_key(app_label, model.lower()),
            role_assignments__scope_id=scope_id,
        )
    return list(users.distinct().values_list("pk", flat=True))


def representatives(request) -> list[int]:
    return _holders(roles.COOPERATIVE_REPRESENTATIVE, "registry.Cooperative", request.cooperative_id)


def coordinators(request) -> list[int]:
    return _holders(roles.PROVINCIAL_COORDINATOR, "places.Province", request.province_id)


def intake() -> list[int]:
    return _holders(roles.INSTITUTE_LEADER)


def assignees(request) -> list[int]:
    from hoptac.accounts.models import User

    ids = [request.assignee_id] if request.assignee_id else []
    if request.assignee_unit_id:
        from .rules import ASSIGNEE_ROLES

        ids += list(
            User.objects.filter(
                is_active=True,
                unit_id=request.assignee_unit_id,
                role_assignments__role__code__in=ASSIGNEE_ROLES,
            )
            .distinct()
            .values_list("pk", flat=True)
        )
    return ids


# Who hears of each event (besides the actor, who never does). "staff" = province + institute + assignees.
AUDIENCE = {
    EventKind.CREATED: ("coordinators", "intake"),
    EventKind.SUBMITTED: ("coordinators",),
    EventKind.RETURNED: ("representatives",),
    EventKind.ENDORSED: ("representatives", "intake"),
    EventKind.ENDORSED_ON_BEHALF: ("representatives", "coordinators", "intake"),
    EventKind.RECORDED_BY_INSTITUTE: ("representatives", "coordinators", "intake"),
    EventKind.DECLINED: ("representatives", "coordinators"),
    EventKind.ACCEPTED: ("representatives", "coordinators", "assignees"),
    EventKind.REASSIGNED: ("assignees", "coordinators"),
    EventKind.STARTED: ("representatives",),
    EventKind.RESOLVED: ("representatives", "coordinators", "intake"),
    EventKind.REOPENED: ("assignees", "coordinators", "intake"),
    EventKind.CONFIRMED: ("assignees", "coordinators", "intake"),
    EventKind.AUTO_CLOSED: ("representatives", "assignees"),
    EventKind.WITHDRAWN: ("coordinators", "intake"),
}
STAFF_GROUPS = ("coordinators", "intake", "assignees")


def _recipients(request, groups, *, internal: bool) -> list[int]:
    found: list[int] = []
    for group in groups:
        if internal and group not in STAFF_GROUPS:
            continue
        if group == "representatives":
            found += representatives(request)
        elif group == "coordinators":
            found += coordinators(request)
        elif group == "intake":
            found += intake()
        elif group == "assignees":
            found += assignees(request)
    if internal:
        # A representative who also holds a staff role elsewhere still must not read this.
        found = [pk for pk in found if pk not in set(representatives(request))]
    return found


def _url(request) -> str:
    return reverse("support:request_detail", args=[request.pk])


def _payload(request, event: str) -> dict:
    return {
        "number": request.number or "",
        "title": request.title[:120],
        "event": event,
        "state": request.state,
    }


def _send(recipients, kind, payload, url, actor) -> None:
    from hoptac.notifications.services import notify

    notify(recipients=recipients, kind=kind, payload=payload, url=url, actor=actor)


def created(request, actor) -> None:
    if request.state == State.DRAFT:
        return
    event = EventKind.SUBMITTED if request.state == State.SUBMITTED else EventKind.CREATED
    if request.state == State.SUBMITTED:
        groups = AUDIENCE[event] if coordinators(request) else ("intake",)
    else:
        groups = ("coordinators", "intake", "representatives")
    _send(
        _recipients(request, groups, internal=False),
        KIND_TRANSITION,
        _payload(request, event),
        _url(request),
        actor,
    )


def transition(request, actor, event: str, *, internal: bool = False, note: str = "", also=()) -> None:
    # ``note`` is not sent: the reason is read on the page, where visibility rules apply.
    if event == EventKind.SUBMITTED and not coordinators(request):
        # No active coordinator in the province: the institute endorses on its behalf, so it must hear of it.
        _send(
            _recipients(request, ("intake",), internal=False),
            KIND_TRANSITION,
            _payload(request, event),
            _url(request),
            actor,
        )
        return
    _send(
        [*_recipients(request, AUDIENCE[event], internal=internal), *also],
        KIND_TRANSITION,
        _payload(request, event),
        _url(request),
        actor,
    )


def commented(request, actor, comment) -> None:
    groups = ("representatives", "coordinators", "assignees")
    if request.state in (State.ENDORSED,):
        groups += ("intake",)
    payload = _payload(request, "comment")
    payload["internal"] = comment.internal
    _send(
        _recipients(request, groups, internal=comment.internal), KIND_COMMENT, payload, _url(request), actor
    )


def sla(request, *, breached: bool) -> None:
    """The owner of the current stage is warned before, and at, the breach."""
    owner = {
        State.SUBMITTED: ("coordinators",),
        State.ENDORSED: ("intake",),
        State.ASSIGNED: ("assignees",),
        State.IN_PROGRESS: ("assignees",),
    }.get(request.state, ())
    groups = (*owner, "intake") if breached and "intake" not in owner else owner
    payload = _payload(request, "breached" if breached else "due_soon")
    payload["due_date"] = request.due_date.isoformat() if request.due_date else ""
    _send(_recipients(request, groups, internal=True), KIND_SLA, payload, _url(request), None)


# --------------------------------------------------------------------------------------- rendering (per language)


def render_transition(payload: dict) -> tuple[str, str]:
    event = payload.get("event", "")
    label = EventKind(event).label if event in EventKind.values else event
    state = State(payload["state"]).label if payload.get("state") in State.values else ""
    title = f"{payload.get('number') or _('Yêu cầu')}: {label}"
    body = _("Yêu cầu “%(title)s” — trạng thái: %(state)s.") % {
        "title": payload.get("title", ""),
        "state": state,
    }
    return title, str(body)


def render_comment(payload: dict) -> tuple[str, str]:
    what = _("Ghi chú nội bộ mới") if payload.get("internal") else _("Trao đổi mới")
    title = f"{payload.get('number') or _('Yêu cầu')}: {what}"
    return title, str(_("Yêu cầu “%(title)s” có trao đổi mới.") % {"title": payload.get("title", "")})


def render_sla(payload: dict) -> tuple[str, str]:
    import datetime

    due = payload.get("due_date", "")
    due = datetime.date.fromisoformat(due).strftime("%d/%m/%Y") if due else "—"
    if payload.get("event") == "breached":
        what = _("Quá hạn xử lý")
        body = _("Yêu cầu “%(title)s” đã quá hạn (hạn %(due)s).")
    else:
        what = _("Sắp đến hạn xử lý")
        body = _("Yêu cầu “%(title)s” sắp đến hạn (hạn %(due)s).")
    title = f"{payload.get('number') or _('Yêu cầu')}: {what}"
    return title, str(body % {"title": payload.get("title", ""), "due": due})
