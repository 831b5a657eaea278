"""The global search box: each app declares what it contributes; results come back grouped by app.

Every provider receives the asking user and must run its own query through its app's selector (which starts
from ``restrict``), so the search box can never show what its owner could not open. Party and congress apps
never contribute (PRODUCT.md: party data never appears in the general search); the registry refuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FORBIDDEN_APPS = frozenset({"party", "congress"})
MIN_QUERY_LENGTH = 2
PER_PROVIDER_LIMIT = 8


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    subtitle: str = ""


@dataclass(frozen=True)
class SearchProvider:
    app_label: str
    label: Any  # lazy Vietnamese heading of the group
    search: Callable[[Any, str, int], list[SearchResult]]


_providers: dict[str, SearchProvider] = {}


def register(app_label: str, label: Any, search: Callable[[Any, str, int], list[SearchResult]]) -> None:
    if app_label in FORBIDDEN_APPS:
        raise ValueError(
            f"The {app_label!r} app may not contribute to the global search (party data stays out)."
        )
    _providers[app_label] = SearchProvider(app_label, label, search)


def providers() -> list[SearchProvider]:
    return list(_providers.values())


def search_all(
    user: Any, query: str, limit: int = PER_PROVIDER_LIMIT
) -> list[tuple[SearchProvider, list[SearchResult]]]:
    query = (query or "").strip()
    if len(query) < MIN_QUERY_LENGTH:
        return []
    groups = []
    for provider in _providers.values():
        results = provider.search(user, query, limit)
        if results:
            groups.append((provider, results))
    return groups
