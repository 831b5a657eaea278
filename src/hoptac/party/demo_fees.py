"""Demo data of the fees part: a year of the cell's fee ledger (called by the party module's demo).

The last twelve months are opened; nearly everyone pays within the month (one member in two instalments), two
members owe a month or two, and every month before the current one is remitted (the sent-up share) and closed.
Safe to run twice: closed months are left alone, and only charges without any payment are paid.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import fees
from .choices import FeeBasis
from .models import FeeCharge, FeeMonth, FeePayment, PartyMember
from .services import rules_for
from .services_fees import _add_charges, open_month, sent_up_share

# Monthly salaries subject to social insurance: the grade coefficient × the base salary of 2 340 000 đ
# (Nghị định 73/2024/NĐ-CP) plus position allowances, as an institute's staff would have.
SALARIES = (
    Decimal(7_020_000),
    Decimal(8_564_400),
    Decimal(9_360_000),
    Decimal(10_108_800),
    Decimal(10_881_000),
    Decimal(11_653_200),
    Decimal(12_542_400),
    Decimal(14_508_000),
    Decimal(16_380_000),
    Decimal(6_201_000),
)
PENSION = Decimal(8_450_000)


def _fill_bases(members: list[PartyMember], secretary_user) -> None:
    """A salary base for salaried members without one; a pensioner if the cell has none (the oldest member
    without a log-in, born before 1966)."""
    for index, member in enumerate(members):
        if member.fee_basis in (FeeBasis.SALARY, FeeBasis.PENSION) and member.fee_base_amount is None:
            member.fee_base_amount = PENSION if member.fee_basis == FeeBasis.PENSION else SALARIES[index % 10]
            PartyMember.objects.filter(pk=member.pk).update(fee_base_amount=member.fee_base_amount)
    if any(m.fee_basis == FeeBasis.PENSION for m in members):
        return
    retired = sorted(
        (m for m in members if m.user_id is None and m.on_roll and m.date_of_birth < date(1966, 1, 1)),
        key=lambda m: m.date_of_birth,
    )
    if retired:
        member = retired[0]
        member.fee_basis, member.fee_base_amount = FeeBasis.PENSION, PENSION
        PartyMember.objects.filter(pk=member.pk).update(fee_basis=FeeBasis.PENSION, fee_base_amount=PENSION)


def _debtors(members: list[PartyMember], secretary_user) -> tuple[int | None, int | None]:
    candidates = [m.pk for m in members if m.on_roll and m.user_id != getattr(secretary_user, "pk", None)]
    if len(candidates) < 2:
        return None, None
    return candidates[-1], candidates[len(candidates) // 2]


def _pay(charge: FeeCharge, *, amount: Decimal, paid_on: date, receipt: str, secretary_user) -> None:
    payment = FeePayment(
        charge=charge, amount=amount, paid_on=paid_on, receipt=receipt, received_by=secretary_user
    )
    payment.full_clean(exclude=["charge", "received_by"])
    payment.save()


@transaction.atomic
def load(*, cell, members, secretary_user, today: date) -> None:
    # Fresh rows, in the given order: the earlier parts' demos may have changed a member's status.
    fresh = PartyMember.objects.in_bulk([m.pk for m in members])
    members = [fresh[m.pk] for m in members if m.pk in fresh]
    _fill_bases(members, secretary_user)
    rules = rules_for(cell)
    months = fees.last_months(today, 12)
    current = months[-1]
    owes_two, owes_one = _debtors(members, secretary_user)
    unpaid = {(owes_two, months[-1]), (owes_two, months[-2]), (owes_one, months[-4])}
    order = {m.pk: i for i, m in enumerate(members)}

    for month in months:
        fee_month = FeeMonth.objects.filter(cell=cell, month=month).first()
        if fee_month is None:
            fee_month = open_month(cell, month)
        elif fee_month.closed_at is not None:
            continue
        else:
            _add_charges(fee_month, rules)
        charges = (
            FeeCharge.objects.filter(fee_month=fee_month, payments__isnull=True, amount__gt=0)
            .select_related("member")
            .order_by("member__name_sort", "pk")
        )
        last_day = fees.month_end(month).day
        for seq, charge in enumerate(charges, start=1):
            index = order.get(charge.member_id, seq)
            if (charge.member_id, month) in unpaid:
                continue
            payday = min(3 + index % 8, last_day)
            if month == current and payday > today.day:
                continue  # not collected yet this month
            paid_on = month.replace(day=payday)
            receipt = f"{seq:02d}/{month:%m-%Y}"
            if index == 2 and charge.amount >= 2:  # one member pays in two instalments
                half = (charge.amount / 2).quantize(fees.DONG)
                _pay(
                    charge, amount=half, paid_on=paid_on, receipt=f"{receipt}a", secretary_user=secretary_user
                )
                later = month.replace(day=min(payday + 10, last_day))
                if month == current and later > today:
                    continue
                _pay(
                    charge,
                    amount=charge.amount - half,
                    paid_on=later,
                    receipt=f"{receipt}b",
                    secretary_user=secretary_user,
                )
            else:
                _pay(
                    charge,
                    amount=charge.amount,
                    paid_on=paid_on,
                    receipt=receipt,
                    secretary_user=secretary_user,
                )
        if month < current:
            remitted_on = min(fees.next_month(month).replace(day=10), today)
            fee_month.remitted_amount = sent_up_share(fee_month)
            fee_month.remitted_on = remitted_on
            fee_month.closed_at = timezone.make_aware(datetime.combine(remitted_on, time(16, 30)))
            fee_month.save(update_fields=["remitted_amount", "remitted_on", "closed_at"])
