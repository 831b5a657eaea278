"""The role-matrix harness: every URL pattern × every persona has a declared expected status.

Each app declares ``ROLE_MATRIX = [Expect(...), ...]`` in ``<app>/tests/role_matrix.py``. The harness test
(core/tests/test_role_matrix.py) collects every named URL of the URLconf and fails when a URL has no
expectation, when an expectation misses a persona, or when a request answers differently from what was
declared. Objects a persona may not see answer 404 (not 403), and the anonymous visitor is sent to log in.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from .personas import ANONYMOUS, persona_names

LOGIN_REDIRECT = 302


@dataclass
class Expect:
    url_name: str
    expected: Mapping[str, int]
    kwargs: Callable[[Any], dict] | dict | None = None
    method: str = "GET"
    data: Callable[[Any], dict] | dict | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def logged_in(status: int = 200) -> dict[str, int]:
    """Anonymous visitors are sent to log in; every logged-in persona gets ``status``."""
    return {name: (LOGIN_REDIRECT if name == ANONYMOUS else status) for name in persona_names()}


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(persona_names(), status)


def only(*personas: str, ok: int = 200, others: int = 404) -> dict[str, int]:
    """``ok`` for the named personas, ``others`` (404: existence not revealed) for the rest, log-in for anonymous."""
    unknown = set(personas) - set(persona_names())
    if unknown:
        raise ValueError(f"Unknown personas: {sorted(unknown)}")
    return {
        name: LOGIN_REDIRECT if name == ANONYMOUS else (ok if name in personas else others)
        for name in persona_names()
    }


def url_names(patterns: Iterable | None = None, namespace: str = "") -> list[str]:
    """Every named URL pattern, with its namespaces ("accounts:user_list")."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(url_names(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


def unnamed_patterns(patterns: Iterable | None = None) -> list[str]:
    if patterns is None:
        patterns = get_resolver().url_patterns
    found: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found.extend(unnamed_patterns(entry.url_patterns))
        elif isinstance(entry, URLPattern) and not entry.name:
            found.append(str(entry.pattern))
    return found


def collect_expectations() -> list[Expect]:
    """ROLE_MATRIX of every hoptac app that declares one."""
    expectations: list[Expect] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("hoptac."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.role_matrix")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith("role_matrix"):
                continue
            raise
        expectations.extend(module.ROLE_MATRIX)
    return expectations


def find_gaps(names: Iterable[str], expectations: Iterable[Expect], personas: Iterable[str]) -> list[str]:
    """Problems that make the matrix incomplete; an empty list means every URL × persona is declared."""
    names = list(names)
    personas = list(personas)
    problems: list[str] = []
    declared: dict[str, list[Expect]] = {}
    for expectation in expectations:
        declared.setdefault(expectation.url_name, []).append(expectation)
    for name in names:
        if name not in declared:
            problems.append(f"{name}: no role-matrix expectation declared")
    for name, items in declared.items():
        if name not in names:
            problems.append(f"{name}: expectation for a URL that does not exist")
        for item in items:
            missing = [p for p in personas if p not in item.expected]
            if missing:
                problems.append(f"{name}: no expected status for {', '.join(missing)}")
            extra = [p for p in item.expected if p not in personas]
            if extra:
                problems.append(f"{name}: unknown personas {', '.join(extra)}")
    return problems
