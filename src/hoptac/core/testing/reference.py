"""Reference data written by data migrations (roles, provinces, communes) for transactional tests.

A ``transaction=True`` test ends with a flush that empties every table, data-migration rows included. Rather
than serialise and restore the whole database around every such test, the data migrations' own forward
functions are run again when their rows are missing — the same code that production ran.
"""

from __future__ import annotations

import importlib

from django.apps import apps

# (model label, migration module, forward function, the rows whose absence means "run it"): in this order.
REFERENCE_DATA = [
    ("places.Province", "hoptac.places.migrations.0002_load_provinces_and_communes", "load", {}),
    ("accounts.Role", "hoptac.accounts.migrations.0003_roles", "create_roles", {}),
    (
        "accounts.Role",
        "hoptac.congress.migrations.0002_duty_roles_and_immutable_counts",
        "create_roles",
        {"scope_kind": "congress"},
    ),
    ("workdays.CalendarDay", "hoptac.workdays.migrations.0002_days_off_2025_2027", "load", {}),
    ("lab.Regulation", "hoptac.lab.migrations.0002_catalogue_and_regulations_data", "load", {}),
]


def ensure_reference_data() -> None:
    reloaded = False
    for label, module_name, function, lookup in REFERENCE_DATA:
        if not apps.get_model(label).objects.filter(**lookup).exists():
            getattr(importlib.import_module(module_name), function)(apps, None)
            reloaded = True
    if reloaded:
        # Reloaded rows have new primary keys: per-process caches of them must go (production never reloads).
        from hoptac.places.matching import clear_cache

        clear_cache()
