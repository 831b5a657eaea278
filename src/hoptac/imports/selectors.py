"""Reads of import runs; every one starts from ``restrict`` (a run shows rows of a file and their problems)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict

from .models import ImportRun


def recent_runs(*, user: Any, kind: str, limit: int = 10) -> QuerySet[ImportRun]:
    """The user's own latest runs of this kind (the administrator may see others', but this list is personal)."""
    return restrict(ImportRun.objects.filter(kind=kind, actor=user), user, VIEW)[:limit]


def run_get(*, user: Any, pk) -> ImportRun:
    return get_visible_or_404(ImportRun.objects.select_related("actor", "preview"), user, VIEW, pk=pk)
