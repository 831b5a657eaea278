"""Sample codes stay unique and gap-free when several people register at once (real threads and connections)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from hoptac.core.testing.concurrency import race
from hoptac.lab import services
from hoptac.lab.models import Matrix, Parameter, Sample
from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative


def _register(actor, coop):
    return services.register_sample(
        actor=actor,
        cooperative=coop,
        matrix=Matrix.objects.get(code="domestic-wastewater"),
        parameters=[Parameter.objects.get(code="pH")],
        sampling_place="Cửa xả",
    )


@pytest.mark.django_db(transaction=True)
def test_codes_are_unique_and_gap_free_under_concurrent_registration(make_persona, shipped_lab_data):
    manager, coop = make_persona("lab_manager"), cooperative(OWN_TAX_CODE)
    outcomes = race(*[lambda: _register(manager, coop)] * 6)
    assert [kind for kind, _ in outcomes] == ["ok"] * 6, outcomes
    year = timezone.localdate().year
    assert sorted(Sample.objects.values_list("code", flat=True)) == [
        f"MT-{year}-{n:05d}" for n in range(1, 7)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_registration_leaves_no_gap(make_persona, shipped_lab_data):
    manager, coop = make_persona("lab_manager"), cooperative(OWN_TAX_CODE)
    with pytest.raises(RuntimeError), transaction.atomic():
        _register(manager, coop)
        raise RuntimeError("the page failed after registering")
    assert _register(manager, coop).code == f"MT-{timezone.localdate().year}-00001"
