"""The pure fee arithmetic (Quyết định 342-QĐ/TW): amounts by basis, rounding, shares, arrears, months."""

from datetime import date
from decimal import Decimal as D

import pytest

from hoptac.party import fees

RULES = {"salary_rate": D("0.01"), "pension_rate": D("0.005"), "fixed_default": D("5000")}


@pytest.mark.parametrize(
    ("basis", "base", "fixed", "expected", "rate"),
    [
        ("salary", 10_000_000, None, D(100_000), D("0.01")),
        ("salary", D("12345678"), None, D(123_457), D("0.01")),  # 123 456,78 → up
        ("salary", D("12345649"), None, D(123_456), D("0.01")),  # 123 456,49 → down
        ("salary", D("150"), None, D(2), D("0.01")),  # 1,5 → 2: half up, not to even
        ("salary", D("250"), None, D(3), D("0.01")),  # 2,5 → 3 (banker's rounding would give 2)
        ("salary", D("149"), None, D(1), D("0.01")),  # 1,49 → 1
        ("salary", 0, None, D(0), D("0.01")),  # zero salary: nothing owed
        ("pension", 7_500_000, None, D(37_500), D("0.005")),
        ("pension", D("4900100"), None, D(24_501), D("0.005")),  # 24 500,5 → 24 501
        ("pension", D("4900099"), None, D(24_500), D("0.005")),  # 24 500,495 → 24 500
        ("fixed", None, None, D(5000), None),
        ("fixed", None, D(20000), D(20000), None),
        ("fixed", None, D(0), D(0), None),  # a member's own 0 wins over the default
        ("fixed", 9_000_000, None, D(5000), None),  # a salary figure does not matter for a fixed basis
    ],
)
def test_monthly_amount(basis, base, fixed, expected, rate):
    quote = fees.monthly_amount(basis, base_amount=base, fixed_amount=fixed, **RULES)
    assert quote.amount == expected
    assert quote.rate == rate
    assert quote.basis == basis
    assert quote.amount == quote.amount.to_integral_value()


def test_huge_salary_is_exact():
    quote = fees.monthly_amount("salary", base_amount=D("99999999999999"), **RULES)
    assert quote.amount == D("1000000000000")  # 999 999 999 999,99 → up, no float rounding anywhere


def test_fixed_basis_keeps_no_base_nor_rate():
    quote = fees.monthly_amount("fixed", base_amount=9_000_000, **RULES)
    assert (quote.base_amount, quote.rate) == (None, None)


@pytest.mark.parametrize("basis", ["salary", "pension"])
def test_missing_basis_is_a_clear_error(basis):
    with pytest.raises(fees.MissingBasisError, match="base amount is missing"):
        fees.monthly_amount(basis, base_amount=None, **RULES)


def test_fixed_without_any_amount_is_a_clear_error():
    with pytest.raises(fees.MissingBasisError):
        fees.monthly_amount("fixed", fixed_amount=None, salary_rate=D("0.01"), fixed_default=None)


@pytest.mark.parametrize(
    ("rate", "expected"), [(D(0), D(0)), (D(1), D(8_000_000)), (0, D(0)), (1, D(8_000_000))]
)
def test_rates_zero_and_one(rate, expected):
    assert fees.monthly_amount("salary", base_amount=8_000_000, salary_rate=rate).amount == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"basis": "salary", "base_amount": -1},
        {"basis": "salary", "base_amount": 1.5},  # floats carry binary noise into money
        {"basis": "salary", "base_amount": "1000000"},
        {"basis": "salary", "base_amount": True},
        {"basis": "salary", "base_amount": D("NaN")},
        {"basis": "salary", "base_amount": D("Infinity")},
        {"basis": "salary", "base_amount": 1000, "salary_rate": D("1.01")},
        {"basis": "salary", "base_amount": 1000, "salary_rate": D("-0.01")},
        {"basis": "pension", "base_amount": 1000, "pension_rate": 0.005},
        {"basis": "fixed", "fixed_amount": -5000},
        {"basis": "wage", "base_amount": 1000},
        {"basis": "", "base_amount": 1000},
    ],
)
def test_bad_input_is_refused(kwargs):
    basis = kwargs.pop("basis")
    with pytest.raises(fees.FeeInputError):
        fees.monthly_amount(basis, **kwargs)


def test_errors_are_value_errors():
    assert issubclass(fees.FeeInputError, ValueError)
    assert issubclass(fees.MissingBasisError, fees.FeeInputError)


@pytest.mark.parametrize(
    ("total", "share", "kept", "sent_up"),
    [
        (D(1_000_000), D("0.30"), D(300_000), D(700_000)),
        (D(100_001), D("0.30"), D(30_000), D(70_001)),  # 30 000,3 kept → down; the đồng goes up
        (D(100_003), D("0.50"), D(50_001), D(50_002)),  # 50 001,5 → 50 001 kept (rounding goes up)
        (D(7), D("0.35"), D(2), D(5)),
        (D(1), D("0.5"), D(0), D(1)),
        (D(0), D("0.30"), D(0), D(0)),
        (D(123_457), D(0), D(0), D(123_457)),
        (D(123_457), D(1), D(123_457), D(0)),
        (999_999, D("0.3333"), D(333_299), D(666_700)),
    ],
)
def test_split_collected(total, share, kept, sent_up):
    got = fees.split_collected(total, share)
    assert got == (kept, sent_up)
    assert sum(got) == total


@pytest.mark.parametrize(
    ("total", "share"),
    [(D(-1), D("0.3")), (D("10.5"), D("0.3")), (D(10), D("1.2")), (D(10), D("-0.1")), (10.0, D("0.3"))],
)
def test_split_collected_refuses_bad_input(total, share):
    with pytest.raises(fees.FeeInputError):
        fees.split_collected(total, share)


def test_balance_and_arrears():
    assert fees.balance(D(100_000), D(40_000)) == D(60_000)
    assert fees.balance(D(100_000), D(100_000)) == 0
    rows = [(D(100_000), D(100_000)), (D(100_000), D(40_000)), (D(50_000), D(0)), (D(10), D(20))]
    assert fees.arrears(rows) == D(110_000)  # an overpaid month does not reduce another's debt
    assert fees.arrears([]) == 0
    with pytest.raises(fees.FeeInputError):
        fees.arrears([(D(-1), D(0))])


@pytest.mark.parametrize(
    ("rate", "text"),
    [(D("0.01"), "1%"), (D("0.005"), "0,5%"), (D("0.3000"), "30%"), (D(0), "0%"), (None, "")],
)
def test_rate_text(rate, text):
    assert fees.rate_text(rate) == text


def test_months():
    assert fees.month_start(date(2026, 3, 17)) == date(2026, 3, 1)
    assert fees.month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert fees.month_end(date(2026, 12, 5)) == date(2026, 12, 31)
    assert fees.next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert fees.previous_month(date(2026, 1, 31)) == date(2025, 12, 1)
    months = fees.last_months(date(2026, 3, 9), 12)
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1) and len(set(months)) == 12
