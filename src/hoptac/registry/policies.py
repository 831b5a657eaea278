"""Who may see and change cooperatives (PRODUCT.md: coordinators see their province only, a cooperative's
representative their own cooperative only; party roles alone see nothing here)."""

from __future__ import annotations

from django.db.models import Q

from hoptac.accounts import roles
from hoptac.core.permissions import CHANGE, VIEW, policy

from .models import Cooperative

CREATE = "create"
IMPORT = "import"

# Roles that read every cooperative (the institute's staff and the alliance's planners and viewers).
READ_ALL = frozenset(
    {
        roles.SYSTEM_ADMIN,
        roles.INSTITUTE_LEADER,
        roles.INSTITUTE_EXPERT,
        roles.LAB_ANALYST,
        roles.LAB_REVIEWER,
        roles.LAB_MANAGER,
        roles.ALLIANCE_PLANNER,
        roles.ALLIANCE_VIEWER,
    }
)
CHANGE_ALL = frozenset({roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER})
READERS = READ_ALL | {roles.PROVINCIAL_COORDINATOR, roles.COOPERATIVE_REPRESENTATIVE}


def _scoped(user) -> Q | bool:
    provinces = user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    cooperatives = user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)
    if not provinces and not cooperatives:
        return False
    condition = Q(pk__in=[])
    if provinces:
        condition |= Q(province_id__in=provinces)
    if cooperatives:
        condition |= Q(pk__in=cooperatives)
    return condition


@policy(Cooperative)
def _cooperatives(user, action):
    if action == VIEW:
        return True if user.has_role(*READ_ALL) else _scoped(user)
    if action == CHANGE:
        return True if user.has_role(*CHANGE_ALL) else _scoped(user)
    return False


def provinces_user_may_create_in(user) -> set[int] | None:
    """Province ids where ``user`` may add or import cooperatives; None = every province, empty = nowhere."""
    if user.has_role(*CHANGE_ALL):
        return None
    return user.scope_ids(roles.PROVINCIAL_COORDINATOR)


def may_create(user) -> bool:
    allowed = provinces_user_may_create_in(user)
    return allowed is None or bool(allowed)


def provinces_user_may_import_in(user) -> set[int] | None:
    """Imports: the system administrator anywhere, a provincial coordinator in their province(s) (issue 3)."""
    if user.has_role(roles.SYSTEM_ADMIN):
        return None
    return user.scope_ids(roles.PROVINCIAL_COORDINATOR)


def may_import(user) -> bool:
    allowed = provinces_user_may_import_in(user)
    return allowed is None or bool(allowed)
