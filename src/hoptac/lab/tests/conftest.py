"""The lab's shipped reference data for transactional tests (their flush empties data-migration rows)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

shipped = importlib.import_module("hoptac.lab.migrations.0002_catalogue_and_regulations_data")


@pytest.fixture
def shipped_lab_data(transactional_db):
    """The migration's rows, committed, so a command run with subprocess sees them."""
    if not apps.get_model("lab", "Regulation").objects.exists():
        shipped.load(apps, None)


# The three lab people most tests act as (the personas of core.testing.personas).
@pytest.fixture
def manager(make_persona):
    return make_persona("lab_manager")


@pytest.fixture
def analyst(make_persona):
    return make_persona("lab_analyst")


@pytest.fixture
def reviewer(make_persona):
    return make_persona("lab_reviewer")
