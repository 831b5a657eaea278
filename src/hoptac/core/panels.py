"""Panels other modules add to a record's page (the cooperative page shows requests, samples, transfers …).

The page owner calls :func:`panels_for`; a module registers ``RecordPanel("registry.Cooperative", …)`` from its
AppConfig.ready(). A panel's context function reads through its own app's selectors (so it shows only what the
user may see) and returns None to stay hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordPanel:
    model_label: str
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]  # (user, obj) -> context or None
    order: int = 100


_panels: dict[str, dict[str, RecordPanel]] = {}


def register(panel: RecordPanel) -> None:
    _panels.setdefault(panel.model_label, {})[panel.key] = panel


def panels_for(user, obj) -> list[tuple[RecordPanel, dict]]:
    shown = []
    for panel in sorted(_panels.get(obj._meta.label, {}).values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user, obj)
        if context is not None:
            shown.append((panel, context))
    return shown
