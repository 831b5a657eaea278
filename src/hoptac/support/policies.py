"""Who sees which support requests (PRODUCT.md): the institute's leaders and the alliance's planners all
(drafts excepted), a coordinator their province's, a cooperative's representative their cooperative's, an
expert those assigned to them or their unit, and anyone the requests they recorded. Party roles alone: none."""

from __future__ import annotations

from django.db.models import Q

from hoptac.accounts import roles
from hoptac.core.permissions import CHANGE, HISTORY, VIEW, history_policy, policy

from .choices import State
from .models import SupportRequest
from .rules import ASSIGNEE_ROLES, READ_ALL


def visible(user) -> Q | bool:
    if not user.is_authenticated:
        return False
    not_draft = ~Q(state=State.DRAFT)
    if user.has_role(*READ_ALL):
        return not_draft | Q(created_by_id=user.pk)
    condition = Q(created_by_id=user.pk)
    provinces = user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    if provinces:
        condition |= Q(province_id__in=provinces) & not_draft
    cooperatives = user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)
    if cooperatives:
        condition |= Q(cooperative_id__in=cooperatives)
    if user.has_role(*ASSIGNEE_ROLES):
        condition |= Q(assignee_id=user.pk)
        if user.unit_id:
            condition |= Q(assignee_unit_id=user.unit_id)
    return condition


@policy(SupportRequest)
def _requests(user, action):
    if action in (VIEW, CHANGE):
        return visible(user)
    return False


@history_policy(SupportRequest)
def _request_history(user, action):
    # The change history names internal fields and staff: not for the cooperative's side.
    # A representative who also coordinates another province reads that province's history, not their own
    # cooperative's.
    if user.has_role(*READ_ALL):
        return visible(user)
    provinces = user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    if provinces:
        return Q(province_id__in=provinces) & ~Q(state=State.DRAFT)
    return False


__all__ = ["HISTORY", "visible"]
