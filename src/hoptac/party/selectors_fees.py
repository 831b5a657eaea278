"""Reads of the party fee ledger, through the visibility rules (:mod:`hoptac.party.policies`).

The committee sees the cell's months and every member's charges; a member sees only their own charges and
payments (``FeeMonth`` is committee-only, so a member never learns the cell's totals either). Objects a person
may not see answer 404.

Every list is a fixed number of queries, whatever the number of members or months: the sums come from
subqueries, the payments from one prefetch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from hoptac.core.permissions import VIEW, restrict

from . import fees
from .choices import MemberStatus
from .models import FeeCharge, FeeMonth, FeePayment, MemberStatusPeriod, PartyMember

MONEY_OUT = DecimalField(max_digits=16, decimal_places=0)
ZERO = Value(Decimal(0), output_field=MONEY_OUT)


def _sum(queryset, group: str, column: str = "amount"):
    return Coalesce(
        Subquery(
            queryset.values(group).annotate(total=Sum(column)).values("total")[:1], output_field=MONEY_OUT
        ),
        ZERO,
    )


def paid_of_charge():
    """The sum paid against a charge (0 without payments)."""
    return _sum(FeePayment.objects.filter(charge=OuterRef("pk")), "charge")


# --- who is charged ---------------------------------------------------------------------------------------------


def _away(status: str, on_day: date, *, strictly_before: bool = False) -> Q:
    start = Q(starts_on__lt=on_day) if strictly_before else Q(starts_on__lte=on_day)
    return Q(status=status) & start & (Q(ends_on__isnull=True) | Q(ends_on__gte=on_day))


def _current(status: str, on_day: date, *, strictly_before: bool = False) -> Q:
    since = Q(status_since__lt=on_day) if strictly_before else Q(status_since__lte=on_day)
    return Q(status=status) & (Q(status_since__isnull=True) | since)


def members_charged(cell_id: int, month: date):
    """The members of the cell who owe the fee for ``month`` (its first day), by name.

    * Admitted by the month's last day (a new member pays from the month they are admitted).
    * Transferred out (or struck off) before the month began: no charge (a member transferred during the month
      pays that month here — the transfer letter states the month paid up to). Deceased on or before the month's last day: no
      charge for that month.
    * Temporarily transferred on the month's first day: no charge — under QĐ 342 they pay where they are
      temporarily active. They pay here again from the month after they return.
    * Exempted from activities (miễn sinh hoạt) and suspended members still pay.

    The status history (``MemberStatusPeriod``) decides; the member's current status and its date are the
    fallback for members whose history was not recorded.
    """
    first, last = month, fees.month_end(month)
    away_periods = MemberStatusPeriod.objects.filter(member=OuterRef("pk")).filter(
        _away(MemberStatus.DECEASED, last)
        | _away(MemberStatus.TRANSFERRED_OUT, first, strictly_before=True)
        | _away(MemberStatus.REMOVED, first, strictly_before=True)
        | _away(MemberStatus.TEMPORARILY_TRANSFERRED, first)
    )
    away_now = (
        _current(MemberStatus.DECEASED, last)
        | _current(MemberStatus.TRANSFERRED_OUT, first, strictly_before=True)
        | _current(MemberStatus.REMOVED, first, strictly_before=True)
        | _current(MemberStatus.TEMPORARILY_TRANSFERRED, first)
    )
    return (
        PartyMember.objects.filter(cell_id=cell_id, admitted_on__lte=last)
        .exclude(away_now)
        .exclude(pk__in=Subquery(away_periods.values("member_id")))
        .order_by("name_sort", "pk")
    )


def _decorate(charge: FeeCharge) -> FeeCharge:
    charge.left = charge.amount - charge.paid
    charge.rate_text = fees.rate_text(charge.rate)
    return charge


# --- the committee's ledger ---------------------------------------------------------------------------------


@dataclass
class MonthSummary:
    fee_month: FeeMonth
    members: int
    due: Decimal
    paid: Decimal
    arrears: Decimal
    kept: Decimal
    sent_up: Decimal

    @property
    def to_remit(self) -> Decimal:
        """The sent-up share not yet recorded as remitted (negative when more was sent)."""
        return self.sent_up - (self.fee_month.remitted_amount or Decimal(0))


def summarise(fee_month: FeeMonth, *, members: int, due: Decimal, paid: Decimal) -> MonthSummary:
    kept, sent_up = fees.split_collected(Decimal(paid), fee_month.kept_share)
    # Overpayment is refused, so what is owed is due − paid (never below zero).
    return MonthSummary(fee_month, members, due, paid, max(Decimal(0), due - paid), kept, sent_up)


def fee_months(*, user, cell) -> list[MonthSummary]:
    """The cell's months, newest first, with totals due, paid, owed, and the kept / sent-up shares."""
    rows = (
        restrict(FeeMonth.objects.filter(cell=cell), user, VIEW)
        .annotate(
            due=_sum(FeeCharge.objects.filter(fee_month=OuterRef("pk")), "fee_month"),
            paid=_sum(FeePayment.objects.filter(charge__fee_month=OuterRef("pk")), "charge__fee_month"),
            member_count=Coalesce(
                Subquery(
                    FeeCharge.objects.filter(fee_month=OuterRef("pk"))
                    .values("fee_month")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        .order_by("-month")
    )
    return [summarise(m, members=m.member_count, due=m.due, paid=m.paid) for m in rows]


def fee_month_get(*, user, pk: int) -> FeeMonth:
    found = restrict(FeeMonth.objects.select_related("cell"), user, VIEW).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def month_charges(fee_month: FeeMonth) -> list[FeeCharge]:
    """The month's charges by member name, each with ``paid``, ``left`` and its payments (3 queries)."""
    charges = list(
        FeeCharge.objects.filter(fee_month=fee_month)
        .select_related("member")
        .annotate(paid=paid_of_charge())
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=FeePayment.objects.select_related("received_by").order_by("paid_on", "pk"),
            )
        )
        .order_by("member__name_sort", "member_id")
    )
    for charge in charges:
        _decorate(charge)
    return charges


def month_summary(fee_month: FeeMonth, charges: list[FeeCharge]) -> MonthSummary:
    return summarise(
        fee_month,
        members=len(charges),
        due=sum((c.amount for c in charges), Decimal(0)),
        paid=sum((c.paid for c in charges), Decimal(0)),
    )


@dataclass
class MemberArrears:
    member_id: int
    name: str
    months: list[tuple[date, Decimal]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((left for _m, left in self.months), Decimal(0))


def arrears_by_member(*, user, cell, before: date | None = None) -> list[MemberArrears]:
    """Members of the cell who owe for some month (before ``before``'s month when given: the current month is
    not yet overdue), with the months and amounts, largest debt first."""
    charges = FeeCharge.objects.filter(fee_month__cell=cell)
    if before is not None:
        charges = charges.filter(fee_month__month__lt=fees.month_start(before))
    rows = (
        restrict(charges, user, VIEW)
        .annotate(paid=paid_of_charge())
        .values_list("member_id", "member__full_name", "fee_month__month", "amount", "paid")
        .order_by("member__name_sort", "member_id", "fee_month__month")
    )
    owed: dict[int, MemberArrears] = {}
    for member_id, name, month, amount, paid in rows:
        if amount > paid:
            owed.setdefault(member_id, MemberArrears(member_id, name)).months.append((month, amount - paid))
    return sorted(owed.values(), key=lambda a: -a.total)


# --- a member's own ---------------------------------------------------------------------------------------------


def my_charges(*, user) -> list[FeeCharge]:
    """The user's own charges, newest month first, with ``paid``, ``left`` and the payments (3 queries)."""
    charges = list(
        restrict(FeeCharge.objects.filter(member__user=user), user, VIEW)
        .select_related("fee_month")
        .annotate(paid=paid_of_charge())
        .prefetch_related(Prefetch("payments", queryset=FeePayment.objects.order_by("paid_on", "pk")))
        .order_by("-fee_month__month")
    )
    for charge in charges:
        _decorate(charge)
    return charges


def charge_get(*, user, pk: int) -> FeeCharge:
    """A charge the user may see (the committee: any of the cell; a member: their own), with its payments."""
    found = (
        restrict(FeeCharge.objects.select_related("fee_month", "member"), user, VIEW)
        .annotate(paid=paid_of_charge())
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=FeePayment.objects.select_related("received_by").order_by("paid_on", "pk"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return _decorate(found)


def payment_get(*, user, pk: int) -> FeePayment:
    found = restrict(FeePayment.objects.select_related("charge__fee_month"), user, VIEW).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
