"""Recording payment: who may, what each status needs, and what a cancelled order refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hoptac.core.errors import DomainError

from .. import services
from ..choices import PaymentStatus
from .builders import registered

pytestmark = pytest.mark.django_db


def test_paid_needs_a_reference_and_records_who_and_when(make_persona):
    manager = make_persona("lab_manager")
    sample = registered(manager)
    with pytest.raises(ValidationError) as caught:
        services.record_payment(actor=manager, sample=sample, status=PaymentStatus.PAID, reference="  ")
    assert "reference" in caught.value.error_dict
    paid = services.record_payment(
        actor=manager, sample=sample, status=PaymentStatus.PAID, reference=" PT-0045 ", note="Chuyển khoản"
    )
    assert paid.payment_status == PaymentStatus.PAID and paid.payment_reference == "PT-0045"
    assert paid.payment_recorded_by == manager and paid.paid_at is not None
    assert paid.version == sample.version + 1


def test_back_to_unpaid_clears_the_record(make_persona):
    leader = make_persona("institute_leader")
    sample = registered(make_persona("lab_manager"))
    services.record_payment(actor=leader, sample=sample, status=PaymentStatus.WAIVED)
    unpaid = services.record_payment(actor=leader, sample=sample, status=PaymentStatus.UNPAID)
    assert (unpaid.paid_at, unpaid.payment_reference, unpaid.payment_recorded_by) == (None, "", None)


@pytest.mark.parametrize("persona", ["lab_analyst", "lab_reviewer", "institute_expert", "cooperative_rep"])
def test_only_the_lab_manager_or_the_leader_records(make_persona, persona):
    sample = registered(make_persona("lab_manager"))
    with pytest.raises(DomainError) as caught:
        services.record_payment(
            actor=make_persona(persona), sample=sample, status=PaymentStatus.PAID, reference="x"
        )
    assert caught.value.code == "forbidden"


def test_unknown_status_and_cancelled_order_are_refused(make_persona):
    manager = make_persona("lab_manager")
    sample = registered(manager)
    with pytest.raises(ValidationError):
        services.record_payment(actor=manager, sample=sample, status="half")
    services.cancel_sample(actor=manager, sample=sample, reason="Rút yêu cầu")
    with pytest.raises(DomainError) as caught:
        services.record_payment(actor=manager, sample=sample, status=PaymentStatus.WAIVED)
    assert caught.value.code == "state" and "đã bị hủy" in str(caught.value.message)


def test_the_note_is_kept_in_the_history(make_persona):
    from hoptac.core.audit import event_model_for

    from ..models import Sample

    manager = make_persona("lab_manager")
    sample = registered(manager)
    services.record_payment(
        actor=manager, sample=sample, status=PaymentStatus.WAIVED, note="Miễn phí theo chương trình hỗ trợ"
    )
    event = event_model_for(Sample).objects.filter(pgh_obj_id=sample.pk).order_by("-pgh_id").first()
    assert event.pgh_context.metadata["note"] == "Miễn phí theo chương trình hỗ trợ"
