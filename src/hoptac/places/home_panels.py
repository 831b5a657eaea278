"""Home panel for provincial coordinators: the province (or provinces) their role is limited to."""

from __future__ import annotations

from hoptac.accounts import roles
from hoptac.core import home

from . import selectors


def _coordinator_context(user) -> dict | None:
    ids = user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    if not ids:
        return None
    return {"provinces": list(selectors.province_list(user=user).filter(pk__in=ids))}


home.register(
    home.HomePanel(
        "places.coordinator",
        "places/_home_coordinator.html",
        _coordinator_context,
        frozenset({roles.PROVINCIAL_COORDINATOR}),
        order=20,
    )
)
