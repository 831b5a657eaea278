"""Role-matrix entries of the fees part: the cell's ledger, its months, payments and the .xlsx answer the committee
only; the fee list, "my fees" and a member's own charge answer the cell's party roles; everyone else gets 404.
A POST the committee makes ends in a redirect (302) back to the month or the charge."""

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
COMMITTEE = ("party_secretary",)


def _month(ctx, *, closed: bool = False):
    """Last month's ledger of the test cell (opened once per test), with a charge for the persona's own record."""
    from django.utils import timezone

    from hoptac.party import fees
    from hoptac.party import services_fees as services
    from hoptac.party.models import FeeMonth

    from .personas import cell

    secretary = ctx.make_persona("party_secretary")
    month = fees.previous_month(timezone.localdate())
    if closed:
        month = fees.previous_month(month)
    fee_month = FeeMonth.objects.filter(cell=cell(), month=month).first() or services.open_month(
        cell(), month
    )
    if fee_month.closed_at is None:
        services.fee_month_add_missing(actor=secretary, fee_month=fee_month)
        if closed:
            services.fee_month_remit(
                actor=secretary, fee_month=fee_month, amount=0, remitted_on=timezone.localdate()
            )
            services.fee_month_close(actor=secretary, fee_month=fee_month)
    return fee_month


def _month_pk(ctx):
    return {"pk": _month(ctx).pk}


def _closed_month_pk(ctx):
    return {"pk": _month(ctx, closed=True).pk}


def _own_charge(ctx):
    """The persona's own charge when it is a member of the cell, else the member persona's."""
    from hoptac.party.models import FeeCharge, PartyMember

    member = (
        PartyMember.objects.filter(user=ctx.user).first() or ctx.make_persona("party_member").party_member
    )
    fee_month = _month(ctx)  # after the member persona exists, so it is charged
    return FeeCharge.objects.get(fee_month=fee_month, member=member)


def _own_charge_pk(ctx):
    return {"pk": _own_charge(ctx).pk}


def _others_charge_pk(ctx):
    """A charge of another member of the cell (not the persona's)."""
    from hoptac.party import services_fees as services
    from hoptac.party.models import FeeCharge

    from .factories import make_member

    fee_month = _month(ctx)
    other = make_member(full_name="Lý Thị Người Khác")
    services.fee_month_add_missing(actor=ctx.make_persona("party_secretary"), fee_month=fee_month)
    return {"pk": FeeCharge.objects.get(fee_month=fee_month, member=other).pk}


def _payment_pk(ctx):
    from django.utils import timezone

    from hoptac.party import services_fees as services

    charge = _own_charge(ctx)
    payment = services.fee_payment_record(
        actor=ctx.make_persona("party_secretary"), charge=charge, amount=1000, paid_on=timezone.localdate()
    )
    return {"pk": payment.pk}


def _pay_data(ctx):
    from django.utils import timezone

    charge = _own_charge(ctx)
    return {f"c{charge.pk}-amount": "1.000", f"c{charge.pk}-paid_on": f"{timezone.localdate():%d/%m/%Y}"}


def _open_data(ctx):
    from django.utils import timezone

    today = timezone.localdate()
    return {"month": today.month, "year": today.year}


def _remit_data(ctx):
    from django.utils import timezone

    return {"remit-amount": "0", "remit-remitted_on": f"{timezone.localdate():%d/%m/%Y}"}


ROLE_MATRIX = [
    Expect("party:fee_list", only(*PARTY)),
    Expect("party:fee_mine", only(*PARTY)),
    Expect("party:fee_month_open", only(*COMMITTEE, ok=302), method="POST", data=_open_data),
    Expect("party:fee_month_detail", only(*COMMITTEE), kwargs=_month_pk),
    Expect("party:fee_month_detail", only(*COMMITTEE), kwargs=_closed_month_pk, note="closed"),
    Expect("party:fee_ledger", only(*COMMITTEE), kwargs=_month_pk),
    Expect("party:fee_charge_detail", only(*PARTY), kwargs=_own_charge_pk, note="own"),
    Expect("party:fee_charge_detail", only(*COMMITTEE), kwargs=_others_charge_pk, note="another member's"),
    Expect(
        "party:fee_payment_create",
        only(*COMMITTEE, ok=302),
        kwargs=_own_charge_pk,
        method="POST",
        data=_pay_data,
    ),
    Expect("party:fee_payment_delete", only(*COMMITTEE, ok=302), kwargs=_payment_pk, method="POST"),
    Expect("party:fee_month_add_missing", only(*COMMITTEE, ok=302), kwargs=_month_pk, method="POST"),
    Expect(
        "party:fee_month_remit", only(*COMMITTEE, ok=302), kwargs=_month_pk, method="POST", data=_remit_data
    ),
    Expect("party:fee_month_close", only(*COMMITTEE, ok=302), kwargs=_month_pk, method="POST"),
    Expect("party:fee_month_reopen", only(*COMMITTEE, ok=302), kwargs=_closed_month_pk, method="POST"),
]
