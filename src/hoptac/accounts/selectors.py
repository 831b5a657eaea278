"""Reads of accounts data that depend on who asks; every one starts from ``restrict``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict
from hoptac.core.text import fold

from . import roles
from .models import LoginEvent, OrgUnit, RecoveryCode, Role, RoleAssignment, TwoFactorDevice, User


def user_list(*, user: User, query: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    qs = restrict(User.objects.all(), user, VIEW).select_related("unit")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    visible_assignments = restrict(RoleAssignment.objects.all(), user, VIEW)
    if role:
        qs = qs.filter(pk__in=visible_assignments.filter(role__code=role).values("user_id"))
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.prefetch_related(
        Prefetch("role_assignments", queryset=visible_assignments.select_related("role", "scope_type"))
    ).order_by("sort_key", "pk")


def user_get(*, user: User, pk: int, action: str = VIEW) -> User:
    return get_visible_or_404(User.objects.select_related("unit"), user, action, pk=pk)


def assignments_of(*, user: User, target: User) -> list[RoleAssignment]:
    """The target's role assignments with their scope objects, in two queries whatever their number."""
    assignments = list(
        restrict(RoleAssignment.objects.filter(user=target), user, VIEW)
        .select_related("role", "scope_type", "granted_by")
        .order_by("role__position", "pk")
    )
    by_type: dict[int, set[int]] = {}
    for a in assignments:
        if a.scope_type_id:
            by_type.setdefault(a.scope_type_id, set()).add(a.scope_id)
    objects = {}
    for a in assignments:
        if a.scope_type_id in by_type:
            model = a.scope_type.model_class()
            ids = by_type.pop(a.scope_type_id)
            objects.update({(a.scope_type_id, o.pk): o for o in model._default_manager.filter(pk__in=ids)})
    for a in assignments:
        a.scope_object = objects.get((a.scope_type_id, a.scope_id))
    return assignments


def role_list(*, user: User) -> QuerySet[Role]:
    """Roles the user may filter and assign by: party roles only for party members themselves."""
    qs = restrict(Role.objects.all(), user, VIEW)
    return qs if user.has_role(*roles.PARTY_ROLES) else qs.filter(is_party=False)


def unit_list(*, user: User) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), user, VIEW).select_related("province")


def login_events(*, user: User, of_user: User | None = None, limit: int = 100) -> list[LoginEvent]:
    qs = restrict(LoginEvent.objects.all(), user, VIEW).select_related("user")
    if of_user is not None:
        qs = qs.filter(user=of_user)
    return list(qs[:limit])


def two_factor_status(*, user: User, of_user: User) -> dict:
    """Whether ``of_user`` has two-factor log-in on, since when, and how many recovery codes remain — never
    the secret. The person sees their own; the administrator sees everyone's (to reset it)."""
    device = (
        restrict(TwoFactorDevice.objects.filter(user=of_user, confirmed_at__isnull=False), user, VIEW)
        .only("confirmed_at", "last_used_at")
        .first()
    )
    codes_left = (
        restrict(RecoveryCode.objects.filter(user=of_user, used_at__isnull=True), user, VIEW).count()
        if device is not None
        else 0
    )
    return {
        "enabled": device is not None,
        "since": device.confirmed_at if device else None,
        "last_used": device.last_used_at if device else None,
        "codes_left": codes_left,
        "required": of_user.has_role(*roles.PARTY_ROLES),
    }
