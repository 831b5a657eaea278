"""Real races on the fee ledger: two payments cannot overpay one charge together, and a payment cannot land in a
month being closed (the month's row is locked by every write)."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from hoptac.core.testing.concurrency import race
from hoptac.party import services_fees as services
from hoptac.party.models import FeeCharge, FeeMonth, FeePayment

pytestmark = pytest.mark.django_db(transaction=True)


def _setup(make_persona):
    from .personas import cell

    secretary = make_persona("party_secretary")
    member = make_persona("party_member")
    fee_month = services.fee_month_open(actor=secretary, cell=cell(), month=timezone.localdate())
    return secretary, FeeCharge.objects.get(fee_month=fee_month, member__user=member)


def test_two_payments_at_once_cannot_overpay(make_persona):
    secretary, charge = _setup(make_persona)
    today = timezone.localdate()

    def pay():
        return services.fee_payment_record(actor=secretary, charge=charge, amount=D(100_000), paid_on=today)

    outcomes = sorted(kind for kind, _value in race(pay, pay))
    assert outcomes == ["ok", "refused"]
    assert FeePayment.objects.get().amount == D(100_000)


def test_a_payment_racing_the_close_never_lands_in_a_closed_month(make_persona):
    secretary, charge = _setup(make_persona)
    today = timezone.localdate()
    services.fee_month_remit(actor=secretary, fee_month=charge.fee_month, amount=D(0), remitted_on=today)

    def pay():
        return services.fee_payment_record(actor=secretary, charge=charge, amount=D(1000), paid_on=today)

    def close():
        return services.fee_month_close(actor=secretary, fee_month=charge.fee_month)

    outcomes = race(pay, close)
    assert outcomes[1][0] == "ok"
    assert FeeMonth.objects.get().closed_at is not None
    # Either the payment committed before the close took the lock, or it waited and was refused.
    if outcomes[0][0] == "ok":
        assert FeePayment.objects.count() == 1
    else:
        assert outcomes[0][0] == "refused" and "đã khóa" in outcomes[0][1]
        assert not FeePayment.objects.exists()
