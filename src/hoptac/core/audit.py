"""Audit trail: every model of every app is tracked through :func:`audited`.

``@audited()`` installs PostgreSQL triggers (django-pghistory) that write an event row for each insert, update
and delete — including ``QuerySet.update()``, ``bulk_create`` and raw SQL, which ``save()`` overrides and
signals would miss. Each model's events go to its own table (``<Model>Event`` in the same app), so an app
decides who reads its history through the tracked model's policy. The acting user and the URL are attached
by ``pghistory.middleware.HistoryMiddleware`` for requests and by :func:`acting_as` for services, commands and
jobs.

``core/tests/test_audit.py`` walks every model of every hoptac app and fails when one is not tracked, so a new
model cannot forget this decorator.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pghistory
from django.apps import apps
from django.db import models

# Fields never copied into history (secrets) for any model.
NEVER_RECORDED = ("password",)


def audited(*, exclude: list[str] | None = None, **kwargs: Any):
    """Track inserts, updates and deletes of the decorated model in its own event table."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=exclude,
        **kwargs,
    )


@contextlib.contextmanager
def acting_as(user: Any, **metadata: Any) -> Iterator[None]:
    """Attach ``user`` (and any metadata, e.g. ``command="demo_data"``) to every change made inside the block."""
    user_id = getattr(user, "pk", user)
    with pghistory.context(user=user_id, **metadata):
        yield


def event_model_for(model: type[models.Model]) -> type[models.Model] | None:
    """The event model pghistory generated for ``model`` (None when the model is not tracked)."""
    model = model._meta.concrete_model
    for candidate in apps.get_models():
        if (
            issubclass(candidate, pghistory.models.Event)
            and getattr(candidate, "pgh_tracked_model", None) is model
        ):
            return candidate
    return None


def is_tracked(model: type[models.Model]) -> bool:
    return event_model_for(model) is not None


@dataclass
class Change:
    field: str
    label: str
    before: Any
    after: Any


@dataclass
class HistoryEntry:
    when: datetime
    label: str  # insert / update / delete
    user_id: int | None
    user_name: str
    url: str
    changes: list[Change] = field(default_factory=list)


def history_of(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    """The object's change history, newest first, with field-by-field before/after values.

    Two queries whatever the number of events: the events with their context, then the users named.
    """
    event_model = event_model_for(type(obj))
    if event_model is None:
        return []
    events = list(
        event_model.objects.filter(pgh_obj_id=obj.pk).select_related("pgh_context").order_by("pgh_id")[:limit]
    )
    tracked_fields = [
        f
        for f in event_model._meta.concrete_fields
        if not f.name.startswith("pgh_") and f.name not in NEVER_RECORDED
    ]
    user_ids = {
        (e.pgh_context.metadata or {}).get("user") for e in events if e.pgh_context_id and e.pgh_context
    } - {None}
    from django.contrib.auth import get_user_model

    names = {u.pk: u.display_name for u in get_user_model().objects.filter(pk__in=user_ids)}
    entries: list[HistoryEntry] = []
    previous: models.Model | None = None
    for event in events:
        metadata = (event.pgh_context.metadata if event.pgh_context_id and event.pgh_context else {}) or {}
        user_id = metadata.get("user")
        changes = []
        for f in tracked_fields:
            after = getattr(event, f.attname)
            before = getattr(previous, f.attname) if previous is not None else None
            if event.pgh_label == "delete" or (previous is not None and before == after):
                continue
            if previous is None and after in (None, ""):
                continue
            changes.append(Change(f.name, str(f.verbose_name), before, after))
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at,
                label=event.pgh_label,
                user_id=user_id,
                user_name=names.get(user_id, metadata.get("command", "")),
                url=metadata.get("url", ""),
                changes=changes,
            )
        )
        previous = event
    entries.reverse()
    return entries
