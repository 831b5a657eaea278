"""Fee ledger services: who is charged, opening a month, payments, remittance, closing — good and bad cases."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from hoptac.core.errors import DomainError
from hoptac.party import selectors_fees as selectors
from hoptac.party import services_fees as services
from hoptac.party.models import FeeCharge, FeeMonth, FeePayment, MemberStatusPeriod, PartyMember
from hoptac.party.services import rules_for

from .factories import make_member, other_cell

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
MARCH = date(2026, 3, 1)
FEB = date(2026, 2, 1)


def _open(secretary, cell, month=MARCH):
    return services.fee_month_open(actor=secretary, cell=cell, month=month, today=TODAY)


def _charge(fee_month, member) -> FeeCharge:
    return FeeCharge.objects.get(fee_month=fee_month, member=member)


def _pay(secretary, charge, amount, **kwargs):
    kwargs.setdefault("paid_on", date(2026, 3, 10))
    return services.fee_payment_record(actor=secretary, charge=charge, amount=amount, today=TODAY, **kwargs)


@pytest.fixture
def people(cell, secretary, member_user):
    """The secretary and the member personas (12 000 000 đ salaries) and a few more members of the cell."""
    return {
        "secretary": secretary.party_member,
        "member": member_user.party_member,
        "pensioner": make_member(
            cell=cell, full_name="Phạm Văn Hưu", fee_basis="pension", fee_base_amount=7_300_000
        ),
        "fixed": make_member(cell=cell, full_name="Đỗ Thị Cố Định", fee_basis="fixed", fee_base_amount=None),
        "own_fixed": make_member(
            cell=cell,
            full_name="Vũ Văn Riêng",
            fee_basis="fixed",
            fee_base_amount=None,
            fee_fixed_amount=30_000,
        ),
        "odd": make_member(cell=cell, full_name="Bùi Văn Lẻ", fee_base_amount=8_765_450),
    }


# --- who is charged -----------------------------------------------------------------------------------------------


def test_opening_a_month_charges_every_member_from_their_basis(cell, secretary, people):
    rules = rules_for(cell)
    rules.fee_kept_share = D("0.35")
    rules.save()
    fee_month = _open(secretary, cell)
    assert fee_month.month == MARCH
    assert fee_month.kept_share == D("0.35")
    amounts = {
        c.member.full_name: (c.basis, c.base_amount, c.rate, c.amount) for c in fee_month.charges.all()
    }
    assert amounts == {
        "Nguyễn Thị Bí Thư": ("salary", D(12_000_000), D("0.01"), D(120_000)),
        "Trần Văn Đảng Viên": ("salary", D(12_000_000), D("0.01"), D(120_000)),
        "Phạm Văn Hưu": ("pension", D(7_300_000), D("0.005"), D(36_500)),
        "Đỗ Thị Cố Định": ("fixed", None, None, D(5000)),
        "Vũ Văn Riêng": ("fixed", None, None, D(30_000)),
        "Bùi Văn Lẻ": ("salary", D(8_765_450), D("0.01"), D(87_655)),  # 87 654,5 → half up
    }


def test_a_charge_is_a_snapshot(cell, secretary, people):
    fee_month = _open(secretary, cell)
    PartyMember.objects.filter(pk=people["odd"].pk).update(fee_base_amount=20_000_000)
    rules = rules_for(cell)
    rules.fee_kept_share = D("0.5")
    rules.save()
    assert _charge(fee_month, people["odd"]).amount == D(87_655)
    fee_month.refresh_from_db()
    assert fee_month.kept_share == D("0.30")


def _names(cell, month=MARCH):
    return {m.full_name for m in selectors.members_charged(cell.pk, month)}


def test_status_decides_who_is_charged(cell, people):
    make_member(
        cell=cell, full_name="Đi Trước Tháng", status="transferred_out", status_since=date(2026, 2, 27)
    )
    make_member(
        cell=cell, full_name="Đi Trong Tháng", status="transferred_out", status_since=date(2026, 3, 15)
    )
    make_member(cell=cell, full_name="Đi Ngày Đầu Tháng", status="transferred_out", status_since=MARCH)
    make_member(cell=cell, full_name="Từ Trần Trong Tháng", status="deceased", status_since=date(2026, 3, 30))
    make_member(cell=cell, full_name="Từ Trần Tháng Sau", status="deceased", status_since=date(2026, 4, 2))
    make_member(
        cell=cell, full_name="Sinh Hoạt Tạm", status="temporarily_transferred", status_since=date(2026, 1, 5)
    )
    make_member(
        cell=cell,
        full_name="Tạm Từ Giữa Tháng",
        status="temporarily_transferred",
        status_since=date(2026, 3, 9),
    )
    make_member(cell=cell, full_name="Xóa Tên Trước Tháng", status="removed", status_since=date(2026, 1, 9))
    make_member(cell=cell, full_name="Xóa Tên Trong Tháng", status="removed", status_since=date(2026, 3, 9))
    make_member(cell=cell, full_name="Được Miễn", status="exempted", status_since=date(2020, 1, 1))
    make_member(cell=cell, full_name="Bị Đình Chỉ", status="suspended", status_since=date(2026, 1, 1))
    make_member(
        cell=cell, full_name="Kết Nạp Trong Tháng", admitted_on=date(2026, 3, 31), full_member_on=None
    )
    make_member(cell=cell, full_name="Kết Nạp Tháng Sau", admitted_on=date(2026, 4, 1), full_member_on=None)
    make_member(cell=other_cell(), full_name="Chi Bộ Khác")
    names = _names(cell)
    assert {
        "Đi Trong Tháng",
        "Đi Ngày Đầu Tháng",
        "Từ Trần Tháng Sau",
        "Tạm Từ Giữa Tháng",
        "Xóa Tên Trong Tháng",
    } <= names
    assert {"Được Miễn", "Bị Đình Chỉ", "Kết Nạp Trong Tháng"} <= names  # exempted and suspended still pay
    assert not names & {
        "Đi Trước Tháng",
        "Xóa Tên Trước Tháng",
        "Từ Trần Trong Tháng",
        "Sinh Hoạt Tạm",
        "Kết Nạp Tháng Sau",
        "Chi Bộ Khác",
    }


def test_status_history_decides_for_past_months(cell, people):
    back = make_member(cell=cell, full_name="Đã Trở Về")  # active now, away from Jan to 10 March
    MemberStatusPeriod.objects.create(
        member=back, status="temporarily_transferred", starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 10)
    )
    gone = make_member(
        cell=cell, full_name="Chuyển Đi", status="transferred_out", status_since=date(2026, 3, 5)
    )
    MemberStatusPeriod.objects.create(member=gone, status="transferred_out", starts_on=date(2026, 3, 5))
    assert "Đã Trở Về" not in _names(cell, FEB)
    assert "Đã Trở Về" not in _names(cell, MARCH)  # still away on 1 March
    assert "Đã Trở Về" in _names(cell, date(2026, 4, 1))
    assert "Đã Trở Về" in _names(cell, date(2025, 12, 1))
    assert "Chuyển Đi" in _names(cell, MARCH)
    assert "Chuyển Đi" not in _names(cell, date(2026, 4, 1))


def test_missing_basis_is_refused_with_the_members_name(cell):
    member = PartyMember(cell=cell, full_name="Lê Chưa Lương", fee_basis="salary", fee_base_amount=None)
    with pytest.raises(DomainError) as caught:
        services.quote_for(member, rules_for(cell))
    assert caught.value.code == "basis_missing"
    assert "Lê Chưa Lương" in str(caught.value.message)


# --- opening ------------------------------------------------------------------------------------------------------


def test_a_month_opens_once(cell, secretary, people):
    _open(secretary, cell, date(2026, 3, 17))  # any day of the month means the month
    with pytest.raises(DomainError) as caught:
        _open(secretary, cell)
    assert caught.value.code == "already_open"
    assert "03/2026" in str(caught.value.message)
    assert FeeMonth.objects.count() == 1


def test_a_month_not_yet_begun_is_refused(cell, secretary):
    with pytest.raises(DomainError) as caught:
        _open(secretary, cell, date(2026, 4, 1))
    assert caught.value.code == "future"


def test_only_the_committee_opens_a_month(cell, member_user, secretary):
    with pytest.raises(DomainError) as caught:
        _open(member_user, cell)
    assert caught.value.code == "not_committee"
    with pytest.raises(DomainError):
        _open(secretary, other_cell())
    assert not FeeMonth.objects.exists()


def test_members_joining_later_are_added_and_nothing_else_changes(cell, secretary, people):
    fee_month = _open(secretary, cell)
    before = {c.pk: c.amount for c in fee_month.charges.all()}
    PartyMember.objects.filter(pk=people["odd"].pk).update(fee_base_amount=1)
    newcomer = make_member(cell=cell, full_name="Người Mới Đến", fee_base_amount=9_000_000)
    added = services.fee_month_add_missing(actor=secretary, fee_month=fee_month)
    assert [c.member for c in added] == [newcomer]
    assert added[0].amount == D(90_000)
    assert {c.pk: c.amount for c in fee_month.charges.exclude(member=newcomer)} == before
    assert services.fee_month_add_missing(actor=secretary, fee_month=fee_month) == []


# --- payments -----------------------------------------------------------------------------------------------------


def test_several_payments_settle_a_month(cell, secretary, people):
    charge = _charge(_open(secretary, cell), people["member"])
    _pay(secretary, charge, D(50_000), receipt=" BL-01 ")
    _pay(secretary, charge, 70_000, paid_on=date(2026, 3, 20))
    payments = list(charge.payments.order_by("pk"))
    assert [(p.amount, p.receipt, p.received_by) for p in payments] == [
        (D(50_000), "BL-01", secretary),
        (D(70_000), "", secretary),
    ]
    with pytest.raises(DomainError) as caught:
        _pay(secretary, charge, 1)
    assert caught.value.code == "settled"


def test_overpayment_is_refused_with_what_is_left(cell, secretary, people):
    charge = _charge(_open(secretary, cell), people["member"])
    _pay(secretary, charge, 100_000)
    with pytest.raises(DomainError) as caught:
        _pay(secretary, charge, 20_001)
    assert caught.value.code == "overpaid"
    assert "20.001 ₫" in str(caught.value.message) and "20.000 ₫" in str(caught.value.message)
    assert charge.payments.count() == 1


@pytest.mark.parametrize(
    "amount", [0, -5000, D("-1"), D("0"), "50000", 50000.0, None, D("NaN"), D("10.5"), True]
)
def test_bad_amounts_are_refused(cell, secretary, people, amount):
    charge = _charge(_open(secretary, cell), people["member"])
    with pytest.raises(DomainError) as caught:
        _pay(secretary, charge, amount)
    assert caught.value.code == "amount"
    assert not FeePayment.objects.exists()


def test_a_payment_dated_in_the_future_is_refused(cell, secretary, people):
    charge = _charge(_open(secretary, cell), people["member"])
    with pytest.raises(DomainError) as caught:
        _pay(secretary, charge, 1000, paid_on=date(2026, 3, 21))
    assert caught.value.code == "future"
    with pytest.raises(DomainError):
        _pay(secretary, charge, 1000, paid_on="10/03/2026")


def test_a_too_long_receipt_is_refused(cell, secretary, people):
    charge = _charge(_open(secretary, cell), people["member"])
    with pytest.raises(ValidationError) as caught:
        _pay(secretary, charge, 1000, receipt="x" * 61)
    assert "receipt" in caught.value.message_dict
    _pay(secretary, charge, 1000, receipt="x" * 60)


def test_members_and_other_cells_cannot_record_payments(cell, secretary, member_user, people):
    charge = _charge(_open(secretary, cell), people["member"])
    with pytest.raises(DomainError) as caught:
        _pay(member_user, charge, 1000)  # not even their own
    assert caught.value.code == "not_committee"
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    foreign = services.open_month(other_cell(), MARCH)
    with pytest.raises(DomainError) as caught:
        _pay(secretary, _charge(foreign, stranger), 1000)
    assert caught.value.code == "not_committee"
    assert not FeePayment.objects.exists()


def test_a_payment_entered_by_mistake_can_be_removed_while_open(cell, secretary, member_user, people):
    fee_month = _open(secretary, cell)
    payment = _pay(secretary, _charge(fee_month, people["member"]), 1000)
    with pytest.raises(DomainError):
        services.fee_payment_delete(actor=member_user, payment=payment)
    services.fee_payment_delete(actor=secretary, payment=payment)
    assert not FeePayment.objects.exists()


# --- remittance, closing --------------------------------------------------------------------------------------


def _remit(secretary, fee_month, amount, day=date(2026, 3, 20)):
    return services.fee_month_remit(
        actor=secretary, fee_month=fee_month, amount=amount, remitted_on=day, today=TODAY
    )


def test_the_sent_up_share_and_the_remittance(cell, secretary, people):
    fee_month = _open(secretary, cell)
    _pay(secretary, _charge(fee_month, people["member"]), 120_000)
    _pay(secretary, _charge(fee_month, people["odd"]), 87_655)
    assert services.sent_up_share(fee_month) == D(145_359)  # 207 655 − 62 296 kept (62 296,5 rounded down)
    _remit(secretary, fee_month, D(145_359))
    fee_month.refresh_from_db()
    assert (fee_month.remitted_amount, fee_month.remitted_on) == (D(145_359), date(2026, 3, 20))


@pytest.mark.parametrize(
    ("amount", "day", "code"),
    [
        (D(1), date(2026, 3, 20), "too_much"),  # nothing collected yet
        (D(-1), date(2026, 3, 20), "amount"),
        ("1000", date(2026, 3, 20), "amount"),
        (D(0), date(2026, 2, 28), "date"),  # before the month
        (D(0), date(2026, 3, 21), "future"),
    ],
)
def test_bad_remittances_are_refused(cell, secretary, people, amount, day, code):
    fee_month = _open(secretary, cell)
    with pytest.raises(DomainError) as caught:
        _remit(secretary, fee_month, amount, day)
    assert caught.value.code == code


def test_closing_needs_the_remittance_and_freezes_the_month(cell, secretary, member_user, people):
    fee_month = _open(secretary, cell)
    charge = _charge(fee_month, people["member"])
    _pay(secretary, charge, 20_000)
    with pytest.raises(DomainError) as caught:
        services.fee_month_close(actor=secretary, fee_month=fee_month)
    assert caught.value.code == "not_remitted"
    _remit(secretary, fee_month, D(14_000))
    with pytest.raises(DomainError):
        services.fee_month_close(actor=member_user, fee_month=fee_month)
    services.fee_month_close(actor=secretary, fee_month=fee_month)
    for attempt in (
        lambda: _pay(secretary, charge, 1000),
        lambda: services.fee_payment_delete(actor=secretary, payment=charge.payments.get()),
        lambda: _remit(secretary, fee_month, D(0)),
        lambda: services.fee_month_add_missing(actor=secretary, fee_month=fee_month),
        lambda: services.fee_month_close(actor=secretary, fee_month=fee_month),
    ):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "closed"
        assert "03/2026" in str(caught.value.message)


def test_a_closed_month_reopens_to_collect_its_arrears(cell, secretary, member_user, people):
    fee_month = _open(secretary, cell)
    charge = _charge(fee_month, people["member"])
    _remit(secretary, fee_month, D(0))
    services.fee_month_close(actor=secretary, fee_month=fee_month)
    with pytest.raises(DomainError):
        services.fee_month_reopen(actor=member_user, fee_month=fee_month)
    services.fee_month_reopen(actor=secretary, fee_month=fee_month)
    with pytest.raises(DomainError) as caught:
        services.fee_month_reopen(actor=secretary, fee_month=fee_month)
    assert caught.value.code == "open"
    _pay(secretary, charge, 120_000)
    assert charge.payments.count() == 1


# --- arrears ------------------------------------------------------------------------------------------------------


def test_arrears_per_member_across_months(cell, secretary, people):
    feb = _open(secretary, cell, FEB)
    march = _open(secretary, cell, MARCH)
    for fee_month in (feb, march):
        for charge in fee_month.charges.exclude(member__in=[people["member"], people["fixed"]]):
            _pay(secretary, charge, charge.amount, paid_on=date(2026, 3, 1))
    _pay(secretary, _charge(feb, people["member"]), 20_000, paid_on=date(2026, 3, 1))
    _pay(secretary, _charge(march, people["fixed"]), 5000)
    arrears = selectors.arrears_by_member(user=secretary, cell=cell)
    assert [(a.name, a.months, a.total) for a in arrears] == [
        ("Trần Văn Đảng Viên", [(FEB, D(100_000)), (MARCH, D(120_000))], D(220_000)),
        ("Đỗ Thị Cố Định", [(FEB, D(5000))], D(5000)),
    ]
    overdue = selectors.arrears_by_member(user=secretary, cell=cell, before=date(2026, 3, 15))
    assert [(a.name, a.total) for a in overdue] == [
        ("Trần Văn Đảng Viên", D(100_000)),
        ("Đỗ Thị Cố Định", D(5000)),
    ]
    summaries = {s.fee_month.month: s for s in selectors.fee_months(user=secretary, cell=cell)}
    assert summaries[FEB].arrears == D(105_000)
    assert summaries[MARCH].arrears == D(120_000)
    assert summaries[MARCH].kept + summaries[MARCH].sent_up == summaries[MARCH].paid


def test_a_member_sees_only_their_own_charges(cell, secretary, member_user, people):
    _open(secretary, cell, FEB)
    _open(secretary, cell, MARCH)
    mine = selectors.my_charges(user=member_user)
    assert {c.member for c in mine} == {people["member"]}
    assert [c.fee_month.month for c in mine] == [MARCH, FEB]
    assert selectors.arrears_by_member(user=member_user, cell=cell)[0].name == "Trần Văn Đảng Viên"
    assert len(selectors.arrears_by_member(user=member_user, cell=cell)) == 1
    assert selectors.fee_months(user=member_user, cell=cell) == []
