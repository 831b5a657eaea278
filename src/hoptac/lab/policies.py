"""Who may see and change the catalogue and the regulations (see core.permissions).

Both are reference data of the institute: every institute role (administrator, leader, expert) and every lab role
reads them — experts quote prices and limits to cooperatives. Only the lab manager and the system administrator
change them (the screens come with the rest of the lab module). Cooperatives, provincial coordinators, the
alliance's users and party-only users meet them through their own samples and reports, not these tables.
"""

from __future__ import annotations

from hoptac.accounts import roles
from hoptac.core.permissions import VIEW, policy

from .models import Limit, LimitClass, LimitInterval, LimitSet, Matrix, Parameter, ParameterMatrix, Regulation

READERS = frozenset({roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER, roles.INSTITUTE_EXPERT, *roles.LAB_ROLES})
KEEPERS = frozenset({roles.SYSTEM_ADMIN, roles.LAB_MANAGER})


def reference_data(user, action) -> bool:
    if action == VIEW:
        return user.has_role(*READERS)
    return user.has_role(*KEEPERS)


for _model in (Matrix, Parameter, ParameterMatrix, Regulation, LimitSet, LimitClass, Limit, LimitInterval):
    policy(_model)(reference_data)
