"""A double tap on the order form, both posts at the same moment (real threads and connections): one sample."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from hoptac.core.testing.concurrency import race
from hoptac.lab.models import Matrix, Parameter, Sample
from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_register_one_sample(make_persona, shipped_lab_data):
    first = Client()
    first.force_login(make_persona("lab_manager"))
    second = Client()
    second.cookies = first.cookies  # the same browser: the same session
    data = {
        "cooperative": str(cooperative(OWN_TAX_CODE).pk),
        "matrix": str(Matrix.objects.get(code="domestic-wastewater").pk),
        "parameters": [str(Parameter.objects.get(code="pH").pk)],
        "sampling_place": "Cửa xả",
        "token": str(uuid.uuid4()),
    }
    url = reverse("lab:sample_create")
    outcomes = race(lambda: first.post(url, data), lambda: second.post(url, data))
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert Sample.objects.count() == 1
    locations = {response["Location"] for _kind, response in outcomes}
    assert locations == {reverse("lab:sample_detail", args=[Sample.objects.get().pk])}
