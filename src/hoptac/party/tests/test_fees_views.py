"""Fee screens: the committee's ledger and month grid with quick payments, a member's own fees, the forms' bad
input (nothing typed lost), other people's records (404), and constant query counts."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party import fees
from hoptac.party import services_fees as services
from hoptac.party.models import FeeCharge, FeeMonth, FeePayment

from .factories import make_member, other_cell

pytestmark = pytest.mark.django_db

LIST = reverse("party:fee_list")
MINE = reverse("party:fee_mine")


def _today():
    return timezone.localdate()


def _this_month():
    return fees.month_start(_today())


def _open(secretary, cell, month=None):
    return services.fee_month_open(actor=secretary, cell=cell, month=month or _this_month())


def _detail(fee_month):
    return reverse("party:fee_month_detail", args=[fee_month.pk])


def _pay_url(charge):
    return reverse("party:fee_payment_create", args=[charge.pk])


def _pay_data(charge, amount="", paid_on=None, receipt=""):
    prefix = f"c{charge.pk}"
    return {
        f"{prefix}-amount": amount,
        f"{prefix}-paid_on": paid_on if paid_on is not None else f"{_today():%d/%m/%Y}",
        f"{prefix}-receipt": receipt,
    }


@pytest.fixture
def month(cell, secretary, member_user):
    make_member(cell=cell, full_name="Hoàng Văn Lương", fee_base_amount=9_876_550)
    return _open(secretary, cell)


def _charge_of(fee_month, user):
    return FeeCharge.objects.get(fee_month=fee_month, member__user=user)


# --- the committee's list -----------------------------------------------------------------------------------------


def test_the_committee_sees_the_months_with_totals_and_who_owes(
    committee_client, month, secretary, member_user
):
    services.fee_payment_record(
        actor=secretary, charge=_charge_of(month, secretary), amount=D(120_000), paid_on=_today()
    )
    page = committee_client.get(LIST).content.decode()
    assert f"{month.month:%m/%Y}" in page
    assert "338.766 ₫" in page  # due: 120 000 + 120 000 + 98 766 (98 765,5 half up)
    assert "120.000 ₫" in page  # paid
    assert "218.766 ₫" in page  # owed
    assert "36.000 ₫" in page and "84.000 ₫" in page  # kept 30%, sent up 70%
    assert 'data-testid="no-arrears"' in page  # the current month is not overdue yet
    last = services.open_month(month.cell, fees.previous_month(month.month))
    services.fee_payment_record(
        actor=secretary, charge=_charge_of(last, member_user), amount=D(20_000), paid_on=_today()
    )
    page = committee_client.get(LIST).content.decode()
    rows = page.split('data-testid="arrears-row"')[1:]
    assert len(rows) == 3
    assert "Trần Văn Đảng Viên" in rows[1] and f"{last.month:%m/%Y} (100.000 ₫)" in rows[1]  # largest first
    assert "Nguyễn Thị Bí Thư" in page and "Hoàng Văn Lương" in page
    assert 'data-testid="form-open-month"' in page


def test_opening_a_month_from_the_list(committee_client, cell, secretary, member_user):
    today = _today()
    response = committee_client.post(
        reverse("party:fee_month_open"), {"month": today.month, "year": today.year}
    )
    fee_month = FeeMonth.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(fee_month)
    assert fee_month.charges.count() == 2
    again = committee_client.post(reverse("party:fee_month_open"), {"month": today.month, "year": today.year})
    assert again.status_code == 409
    assert "đã được mở" in again.content.decode()
    assert FeeMonth.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"month": "13", "year": "2026"}, "Hãy chọn tháng từ 1 đến 12."),
        ({"month": "abc", "year": "2026"}, "Hãy chọn tháng từ 1 đến 12."),
        ({"month": "", "year": ""}, "Hãy chọn tháng."),
        ({"month": "1", "year": "1990"}, "Hãy chọn năm trong danh sách."),
    ],
)
def test_opening_a_month_with_bad_input(committee_client, cell, data, message):
    response = committee_client.post(reverse("party:fee_month_open"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FeeMonth.objects.exists()


def test_a_month_not_yet_begun_cannot_be_opened(committee_client, cell):
    nxt = fees.next_month(_today())
    if nxt.year > _today().year:
        pytest.skip("next month is in a year the form does not list yet")
    response = committee_client.post(reverse("party:fee_month_open"), {"month": nxt.month, "year": nxt.year})
    assert response.status_code == 409
    assert "Chưa đến tháng" in response.content.decode()


# --- a member -------------------------------------------------------------------------------------------------------


def test_a_member_sees_only_their_own_fees(member_client, month, secretary, member_user):
    services.fee_payment_record(
        actor=secretary,
        charge=_charge_of(month, member_user),
        amount=D(50_000),
        paid_on=_today(),
        receipt="BL-77",
    )
    for url in (LIST, MINE):
        response = member_client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Đảng phí của tôi" in page
        assert "120.000 ₫" in page and "50.000 ₫" in page and "70.000 ₫" in page and "BL-77" in page
        assert "Đảng phí tháng này còn phải nộp: 70.000 ₫." in page
        assert "Đồng chí không nợ đảng phí." in page  # this month is not overdue
        assert "Hoàng Văn Lương" not in page and "98.766 ₫" not in page  # nobody else's amounts
        assert "Nguyễn Thị Bí Thư" not in page
        assert "form-open-month" not in page and "338.766" not in page  # nor the cell's totals


def test_a_member_cannot_open_the_committees_pages(member_client, month, secretary, member_user):
    own = _charge_of(month, member_user)
    other = _charge_of(month, secretary)
    payment = services.fee_payment_record(actor=secretary, charge=own, amount=D(1000), paid_on=_today())
    assert member_client.get(reverse("party:fee_charge_detail", args=[own.pk])).status_code == 200
    assert member_client.get(reverse("party:fee_charge_detail", args=[other.pk])).status_code == 404
    for url in (
        _detail(month),
        reverse("party:fee_ledger", args=[month.pk]),
    ):
        assert member_client.get(url).status_code == 404
    for url, data in (
        (reverse("party:fee_month_open"), {"month": 1, "year": 2026}),
        (_pay_url(own), _pay_data(own, "1000")),
        (reverse("party:fee_payment_delete", args=[payment.pk]), {}),
        (reverse("party:fee_month_remit", args=[month.pk]), {}),
        (reverse("party:fee_month_close", args=[month.pk]), {}),
        (reverse("party:fee_month_add_missing", args=[month.pk]), {}),
    ):
        assert member_client.post(url, data).status_code == 404
    assert FeePayment.objects.count() == 1


def test_the_charge_page_shows_the_committee_the_payment_form(
    committee_client, member_client, month, member_user
):
    own = _charge_of(month, member_user)
    page = committee_client.get(reverse("party:fee_charge_detail", args=[own.pk])).content.decode()
    assert 'data-testid="form-payment"' in page
    page = member_client.get(reverse("party:fee_charge_detail", args=[own.pk])).content.decode()
    assert 'data-testid="form-payment"' not in page and "120.000 ₫" in page


def test_another_cells_month_is_not_found(committee_client, cell):
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    foreign = services.open_month(other_cell(), _this_month())
    charge = foreign.charges.get(member=stranger)
    assert committee_client.get(_detail(foreign)).status_code == 404
    assert committee_client.get(reverse("party:fee_charge_detail", args=[charge.pk])).status_code == 404
    assert committee_client.post(_pay_url(charge), _pay_data(charge, "1000")).status_code == 404
    assert committee_client.get(reverse("party:fee_ledger", args=[foreign.pk])).status_code == 404
    assert not FeePayment.objects.exists()


# --- the month grid -------------------------------------------------------------------------------------------------


def test_the_month_grid_with_quick_payment(committee_client, month, member_user):
    charge = _charge_of(month, member_user)
    page = committee_client.get(_detail(month)).content.decode()
    assert page.count('data-testid="charge-row"') == 3
    assert page.count('data-testid="quick-pay"') == 3
    assert 'value="120.000"' in page  # the amount left is prefilled
    response = committee_client.post(_pay_url(charge), _pay_data(charge, "100.000 đ", receipt="BL-0001"))
    assert response.status_code == 302 and response["Location"].endswith(f"#c{charge.pk}")
    payment = FeePayment.objects.get()
    assert (payment.amount, payment.receipt, payment.paid_on) == (D(100_000), "BL-0001", _today())
    response = committee_client.post(_pay_url(charge), _pay_data(charge, "20000"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="fee-grid"') and "<html" not in page
    assert "Đã nộp đủ" in page
    assert charge.payments.count() == 2


@pytest.mark.parametrize(
    ("amount", "paid_on", "receipt", "message", "status"),
    [
        ("abc", None, "", "Hãy nhập số tiền bằng đồng, không có phần lẻ, ví dụ 150.000.", 400),
        ("12,5", None, "", "Hãy nhập số tiền bằng đồng", 400),
        ("-5.000", None, "", "Số tiền phải lớn hơn 0.", 400),
        ("0", None, "", "Số tiền phải lớn hơn 0.", 400),
        ("", None, "", "Hãy nhập số tiền.", 400),
        ("1000", "31/02/2026", "", "Hãy nhập ngày theo dạng dd/mm/yyyy", 400),
        ("1000", "", "", "Hãy nhập ngày.", 400),
        ("1000", None, "B" * 61, "Số biên lai dài tối đa 60 ký tự (đang có 61).", 400),
        ("120.001", None, "BL-9", "vượt quá số còn phải nộp của tháng (120.000 ₫)", 409),
        ("1000", "01/01/2999", "BL-9", "không được sau hôm nay", 409),
    ],
)
def test_bad_payments_keep_what_was_typed(
    committee_client, month, member_user, amount, paid_on, receipt, message, status
):
    charge = _charge_of(month, member_user)
    response = committee_client.post(_pay_url(charge), _pay_data(charge, amount, paid_on, receipt))
    page = response.content.decode()
    assert response.status_code == status
    assert message in page
    if amount:
        assert f'value="{amount}"' in page
    if receipt:
        assert f'value="{receipt}"' in page
    assert not FeePayment.objects.exists()
    htmx = committee_client.post(
        _pay_url(charge), _pay_data(charge, amount, paid_on, receipt), HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and message in htmx.content.decode()


def test_remit_close_and_reopen(committee_client, month, secretary, member_user):
    charge = _charge_of(month, member_user)
    services.fee_payment_record(actor=secretary, charge=charge, amount=D(120_000), paid_on=_today())
    page = committee_client.get(_detail(month)).content.decode()
    assert 'name="remit-amount" value="84.000"' in page  # prefilled with the sent-up share
    remit = reverse("party:fee_month_remit", args=[month.pk])
    bad = committee_client.post(
        remit, {"remit-amount": "200.000", "remit-remitted_on": f"{_today():%d/%m/%Y}"}
    )
    assert bad.status_code == 409 and "không được lớn hơn số đã thu" in bad.content.decode()
    assert 'value="200.000"' in bad.content.decode()
    bad = committee_client.post(remit, {"remit-amount": "x", "remit-remitted_on": ""})
    assert bad.status_code == 400
    ok = committee_client.post(remit, {"remit-amount": "84.000", "remit-remitted_on": f"{_today():%d/%m/%Y}"})
    assert ok.status_code == 302
    assert committee_client.post(reverse("party:fee_month_close", args=[month.pk])).status_code == 302
    month.refresh_from_db()
    assert month.closed_at is not None and month.remitted_amount == D(84_000)
    page = committee_client.get(_detail(month)).content.decode()
    assert "quick-pay" not in page and "form-remit" not in page and "do-reopen" in page
    refused = committee_client.post(_pay_url(charge), _pay_data(charge, "1000"), follow=False)
    assert refused.status_code == 409
    assert "đã khóa" in refused.content.decode()
    assert committee_client.post(reverse("party:fee_month_reopen", args=[month.pk])).status_code == 302
    month.refresh_from_db()
    assert month.closed_at is None


def test_closing_without_remittance_shows_the_reason(committee_client, month):
    response = committee_client.post(reverse("party:fee_month_close", args=[month.pk]), follow=True)
    assert "Hãy ghi số tiền nộp lên cấp trên trước khi khóa sổ." in response.content.decode()
    month.refresh_from_db()
    assert month.closed_at is None


def test_adding_newcomers_and_deleting_a_payment(committee_client, month, secretary, member_user, cell):
    make_member(cell=cell, full_name="Người Mới Kết Nạp", admitted_on=_today(), full_member_on=None)
    response = committee_client.post(reverse("party:fee_month_add_missing", args=[month.pk]), follow=True)
    assert "Đã bổ sung 1 đảng viên" in response.content.decode()
    assert month.charges.count() == 4
    payment = services.fee_payment_record(
        actor=secretary, charge=_charge_of(month, member_user), amount=D(1000), paid_on=_today()
    )
    response = committee_client.post(reverse("party:fee_payment_delete", args=[payment.pk]))
    assert response.status_code == 302
    assert not FeePayment.objects.exists()


# --- query budgets ------------------------------------------------------------------------------------------------


def _grow(cell, secretary, months):
    def add(n):
        for _i in range(n):
            make_member(cell=cell, fee_base_amount=7_000_000)
        for fee_month in months:
            for charge in services.fee_month_add_missing(actor=secretary, fee_month=fee_month):
                services.fee_payment_record(actor=secretary, charge=charge, amount=D(1000), paid_on=_today())

    return add


def test_list_and_month_queries_do_not_grow_with_members(committee_client, cell, secretary, member_user):
    this = _open(secretary, cell)
    last = _open(secretary, cell, fees.previous_month(this.month))
    add = _grow(cell, secretary, [this, last])
    assert_constant_queries(lambda: committee_client.get(LIST), add, budget=20)
    assert_constant_queries(lambda: committee_client.get(_detail(this)), add, budget=20)
    assert_constant_queries(
        lambda: committee_client.get(reverse("party:fee_ledger", args=[this.pk])), add, budget=20
    )


def test_a_members_page_queries_do_not_grow_with_months(member_client, cell, secretary, member_user):
    opened = [_this_month()]

    def add(n):
        for _i in range(n):
            opened.append(fees.previous_month(opened[-1]))
            fee_month = services.open_month(cell, opened[-1])
            charge = fee_month.charges.get(member__user=member_user)
            services.fee_payment_record(actor=secretary, charge=charge, amount=D(1000), paid_on=_today())

    assert_constant_queries(lambda: member_client.get(MINE), add, budget=20)
