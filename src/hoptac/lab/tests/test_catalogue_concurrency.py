"""Catalogue edits at the same moment (real threads and connections): of two edits opened at the same version one
is saved and the other refused; two successions saved at once never close a cycle between them."""

from __future__ import annotations

import time

import pytest

from hoptac.core.models import STALE_MESSAGE
from hoptac.core.testing.concurrency import race
from hoptac.lab import services_catalogue as services
from hoptac.lab.models import Parameter, Regulation

pytestmark = pytest.mark.django_db(transaction=True)


def _regulation(actor, code):
    return services.regulation_create(
        actor=actor, code=code, title="Thử", issuing_body="Bộ", source="Thử", confidence="L"
    )


def _supersede(actor, code, successor):
    def act():
        regulation = Regulation.objects.get(code=code)
        return services.regulation_update(
            actor=actor,
            regulation=regulation,
            version=regulation.version,
            superseded_by=Regulation.objects.get(code=successor),
        )

    return act


def test_two_successions_saved_at_once_never_close_a_cycle(make_persona, shipped_lab_data, monkeypatch):
    actor = make_persona("lab_manager")
    for code in ("A", "B", "C", "D"):
        _regulation(actor, code)
    _supersede(actor, "B", "C")()
    _supersede(actor, "D", "A")()
    save = services.save_if_current

    def slow_save(*args, **kwargs):
        time.sleep(0.5)  # both have read the chain before either commits, unless the lock serialises them
        return save(*args, **kwargs)

    monkeypatch.setattr(services, "save_if_current", slow_save)
    # A → B and C → D, each fine alone, together close A → B → C → D → A.
    outcomes = race(_supersede(actor, "A", "B"), _supersede(actor, "C", "D"))
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["crashed", "ok"], outcomes
    refused = next(detail for kind, detail in outcomes if kind == "crashed")
    assert "ValidationError" in refused and "thay thế lẫn nhau" in refused


def test_of_two_edits_opened_at_the_same_version_one_is_saved(make_persona, shipped_lab_data):
    actor = make_persona("lab_manager")
    opened = Parameter.objects.get(code="COD").version

    def edit(price):
        def act():
            return services.parameter_update(
                actor=actor,
                parameter=Parameter.objects.get(code="COD"),
                version=opened,
                matrices=list(Parameter.objects.get(code="COD").matrices.all()),
                price=price,
            )

        return act

    outcomes = race(edit(111_000), edit(222_000))
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    assert next(detail for kind, detail in outcomes if kind == "refused") == str(STALE_MESSAGE)
    saved = next(index for index, (kind, _) in enumerate(outcomes) if kind == "ok")
    assert Parameter.objects.get(code="COD").price == (111_000, 222_000)[saved]
