"""Who may see and change administrative units (see core.permissions).

The units are public reference data: every active member of staff may read them (``restrict`` has already
turned away anonymous and inactive users). Only the system administrator may correct them; the rows come
from the data migration, so a correction is rare and audited.
"""

from __future__ import annotations

from hoptac.core.permissions import VIEW, policy

from .models import Commune, FormerProvince, Province


@policy(Province)
@policy(Commune)
@policy(FormerProvince)
def _reference_data(user, action):
    if action == VIEW:
        return True
    return bool(user.is_system_admin)
