"""The fees demo: a year of the ledger, most paid, two members owing, past months remitted and closed; twice safe."""

from datetime import date
from decimal import Decimal as D

import pytest

from hoptac.party import demo_fees, fees
from hoptac.party import selectors_fees as selectors
from hoptac.party.models import FeeMonth, FeePayment, PartyMember

from .factories import make_member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def test_a_year_of_fees(cell, secretary, member_user):
    members = [secretary.party_member, member_user.party_member]
    members += [
        make_member(cell=cell, full_name=f"Đảng Viên Mẫu {i}", fee_base_amount=None, fee_basis="fixed")
        for i in range(3)
    ]
    members += [
        make_member(
            cell=cell,
            full_name="Lão Thành Cách Mạng",
            date_of_birth=date(1950, 2, 2),
            admitted_on=date(1975, 5, 1),
            full_member_on=date(1976, 5, 1),
        )
    ]
    members += [
        make_member(cell=cell, full_name="Mới Kết Nạp", admitted_on=date(2026, 6, 10), full_member_on=None)
    ]
    PartyMember.objects.filter(pk=members[2].pk).update(
        fee_basis="salary", fee_base_amount=None, status="transferred_out"
    )
    members[2].refresh_from_db()

    demo_fees.load(cell=cell, members=members, secretary_user=secretary, today=TODAY)
    counts = (FeeMonth.objects.count(), FeePayment.objects.count())
    demo_fees.load(cell=cell, members=members, secretary_user=secretary, today=TODAY)
    assert (FeeMonth.objects.count(), FeePayment.objects.count()) == counts

    months = list(FeeMonth.objects.order_by("month"))
    assert [m.month for m in months] == fees.last_months(TODAY, 12)
    assert all(m.closed_at and m.remitted_on and m.remitted_on <= TODAY for m in months[:-1])
    assert months[-1].closed_at is None
    summaries = {s.fee_month.month: s for s in selectors.fee_months(user=secretary, cell=cell)}
    for fee_month in months[:-1]:
        assert fee_month.remitted_amount == summaries[fee_month.month].sent_up
    assert PartyMember.objects.get(full_name="Lão Thành Cách Mạng").fee_basis == "pension"
    assert "Mới Kết Nạp" not in {c.member.full_name for c in months[0].charges.select_related("member")}
    owing = selectors.arrears_by_member(user=secretary, cell=cell)
    assert len(owing) == 2
    assert sorted(len(a.months) for a in owing) == [1, 2]
    paid = sum(s.paid for s in summaries.values())
    due = sum(s.due for s in summaries.values())
    assert paid > due * D("0.8")
