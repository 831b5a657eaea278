"""Hooks other modules use to build on support requests (issue 4 §8).

A module registers an action shown on a request's page when it applies — the lab module will register "Tạo
phiếu yêu cầu kiểm nghiệm" for quality-testing requests — so ``support`` never imports the modules built on it.
The counts and durations that dashboards and plans reuse are selectors: ``selectors.counts_by`` and
``selectors.durations_by``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestAction:
    code: str
    label: str
    url: Callable[[object], str]  # url(request) → where the action starts
    applies: Callable[[object, object], bool]  # applies(user, request)
    icon: str = "arrow-right-circle"


_actions: dict[str, RequestAction] = {}


def register_action(action: RequestAction) -> None:
    existing = _actions.get(action.code)
    if existing is not None and existing != action:
        raise RuntimeError(f"support action {action.code!r} is already registered")
    _actions[action.code] = action


def unregister_action(code: str) -> None:
    _actions.pop(code, None)


def actions_for(user, request) -> list[tuple[RequestAction, str]]:
    """The registered actions that apply to ``request`` for ``user``, with their URLs."""
    return [(a, a.url(request)) for a in _actions.values() if a.applies(user, request)]
