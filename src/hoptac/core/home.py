"""Panels of the home page: each app contributes panels for the roles they concern.

A panel is a template and a function building its context for the user (it reads through the app's selectors,
so it shows only what the user may see). The home page shows every panel whose roles the user holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable[[Any], dict | None]  # None = nothing to show for this user
    roles: frozenset[str] | None = None
    order: int = 100


_panels: dict[str, HomePanel] = {}


def register(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def panels_for(user) -> list[tuple[HomePanel, dict]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if panel.roles is not None and not user.has_role(*panel.roles):
            continue
        context = panel.context(user)
        if context is not None:
            shown.append((panel, context))
    return shown
