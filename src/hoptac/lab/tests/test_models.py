"""Database constraints, model validation and who may read or change the reference data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hoptac.core.audit import event_model_for
from hoptac.core.permissions import CHANGE, VIEW, restrict
from hoptac.lab.models import Limit, LimitClass, LimitInterval, LimitSet, Parameter, Regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit():
    regulation = Regulation.objects.create(
        code="QCVN 99:2030/TEST", title="Thử", issuing_body="Bộ", source="x", confidence="L"
    )
    limit_set = LimitSet.objects.create(regulation=regulation, name="A", kind="limits")
    return Limit.objects.create(limit_set=limit_set, parameter=Parameter.objects.get(code="COD"), unit="mg/L")


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        LimitInterval.objects.create(**fields)


def test_an_interval_needs_a_bound_and_ordered_bounds(limit):
    _refused(limit=limit)
    _refused(limit=limit, lower=Decimal(9), upper=Decimal(5))
    _refused(limit=limit, lower=Decimal(5), upper=Decimal(5), upper_inclusive=False)
    LimitInterval.objects.create(
        limit=limit, lower=Decimal(5), upper=Decimal(5)
    )  # exactly 5 is a valid range


def test_a_pass_fail_limit_has_one_interval(limit):
    LimitInterval.objects.create(limit=limit, upper=Decimal(50))
    _refused(limit=limit, upper=Decimal(60))


def test_model_validation_explains_in_vietnamese(limit):
    with pytest.raises(ValidationError, match="Cận dưới phải nhỏ hơn cận trên"):
        LimitInterval(limit=limit, lower=Decimal(9), upper=Decimal(5)).full_clean()
    other_set = LimitSet.objects.create(regulation=limit.limit_set.regulation, name="Bảng 2", kind="classes")
    klass = LimitClass.objects.create(limit_set=other_set, label="A", position=1)
    with pytest.raises(ValidationError, match="không có hạng"):
        LimitInterval(limit=limit, limit_class=klass, upper=Decimal(5)).full_clean()
    with pytest.raises(ValidationError, match="không có hệ số"):
        Limit(
            limit_set=limit.limit_set, parameter=Parameter.objects.get(code="TSS"), coefficient_applies=True
        ).full_clean()


def test_a_regulation_cannot_supersede_itself(limit):
    regulation = limit.limit_set.regulation
    regulation.superseded_by = regulation
    with pytest.raises(IntegrityError), transaction.atomic():
        regulation.save(update_fields=["superseded_by"])


def test_catalogue_checks(limit):
    with pytest.raises(IntegrityError), transaction.atomic():
        Parameter.objects.create(code="X", name="X", name_en="X", method="M", price=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Parameter.objects.create(code="Y", name="Y", name_en="Y", method="M", detection_limit=0)


def test_every_lab_model_is_audited():
    for model in (Regulation, LimitSet, LimitClass, Limit, LimitInterval, Parameter):
        assert event_model_for(model) is not None


@pytest.mark.parametrize(
    ("persona", "reads", "writes"),
    [
        ("system_admin", True, True),
        ("lab_manager", True, True),
        ("lab_analyst", True, False),
        ("lab_reviewer", True, False),
        ("institute_leader", True, False),
        ("institute_expert", True, False),
        ("coordinator_daklak", False, False),
        ("cooperative_rep", False, False),
        ("outsider", False, False),
    ],
)
def test_reference_data_is_read_by_institute_and_lab_roles_and_kept_by_lab_manager_and_admin(
    make_persona, persona, reads, writes
):
    user = make_persona(persona)
    assert restrict(Regulation.objects.all(), user, VIEW).exists() is reads
    assert restrict(Parameter.objects.all(), user, VIEW).exists() is reads
    assert restrict(LimitInterval.objects.all(), user, CHANGE).exists() is writes
