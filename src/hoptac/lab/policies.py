"""Who may see and change the catalogue and the regulations (see core.permissions).

Both are reference data of the institute: every institute role (administrator, leader, expert) and every lab role
reads them — experts quote prices and limits to cooperatives. Only the lab manager and the system administrator
change them (the screens come with the rest of the lab module). Cooperatives, provincial coordinators, the
alliance's users and party-only users meet them through their own samples and reports, not these tables.
"""

from __future__ import annotations

from django.db.models import Q

from hoptac.accounts import roles
from hoptac.core.permissions import VIEW, policy

from .models import (
    Limit,
    LimitClass,
    LimitInterval,
    LimitSet,
    Matrix,
    Package,
    PackageParameter,
    Parameter,
    ParameterMatrix,
    Regulation,
    ReportCounter,
    Result,
    Sample,
    SampleCounter,
    SampleLimit,
    SampleParameter,
    TestReport,
    VerificationThrottle,
)

READERS = frozenset({roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER, roles.INSTITUTE_EXPERT, *roles.LAB_ROLES})
KEEPERS = frozenset({roles.SYSTEM_ADMIN, roles.LAB_MANAGER})


def reference_data(user, action) -> bool:
    if action == VIEW:
        return user.has_role(*READERS)
    return user.has_role(*KEEPERS)


for _model in (
    Matrix,
    Parameter,
    ParameterMatrix,
    Regulation,
    LimitSet,
    LimitClass,
    Limit,
    LimitInterval,
    Package,
    PackageParameter,
):
    policy(_model)(reference_data)


# Samples and their results: the institute's leader, the administrator and the lab see all; an institute expert
# those of the support requests assigned to them or their unit (PRODUCT.md: experts see the requests assigned to
# them or their unit — not every cooperative's results); a cooperative's representative their own cooperative's.
# Changes go through hoptac.lab.services (which check the roles per action), so a policy's CHANGE is only the
# lab's and the institute leader's outer bound.
SAMPLE_READERS = frozenset({roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER, *roles.LAB_ROLES})
SAMPLE_WORKERS = frozenset({roles.INSTITUTE_LEADER, *roles.LAB_ROLES})


def _samples(prefix: str):
    def rule(user, action) -> Q | bool:
        if action != VIEW:
            return user.has_role(*SAMPLE_WORKERS)
        if user.has_role(*SAMPLE_READERS):
            return True
        condition = Q()
        cooperatives = user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)
        if cooperatives:
            condition |= Q(**{f"{prefix}cooperative_id__in": cooperatives})
        if user.has_role(roles.INSTITUTE_EXPERT):
            condition |= Q(**{f"{prefix}support_request__assignee_id": user.pk})
            if user.unit_id:
                condition |= Q(**{f"{prefix}support_request__assignee_unit_id": user.unit_id})
        return condition if condition else False

    return rule


policy(Sample)(_samples(""))
policy(SampleParameter)(_samples("sample__"))
policy(SampleLimit)(_samples("sample__"))
policy(Result)(_samples("sample_parameter__sample__"))
policy(TestReport)(_samples("sample__"))


@policy(SampleCounter)
@policy(ReportCounter)
@policy(VerificationThrottle)
def _counter(user, action) -> bool:
    return action == VIEW and user.has_role(roles.SYSTEM_ADMIN)
