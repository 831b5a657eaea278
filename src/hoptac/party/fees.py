"""Party fee arithmetic (Quyết định 342-QĐ/TW, 28/12/2010) — pure, no database.

* The monthly amount: 1% of the salary subject to social insurance, 0.5% of a pension, or a fixed amount for
  members without either (the rates and the fixed default are the cell's rules, ``CellRules``). Amounts are
  exact :class:`~decimal.Decimal` products rounded **half up** to a whole đồng (2 450,5 → 2 451; 2 450,4 →
  2 450).
* A month's collected total is split into the share the cell keeps and the share sent up. The kept share is
  the total × the kept rate **rounded down** to a whole đồng; the sent-up share is the rest, so the two always
  sum to the total and any rounding đồng goes up to the superior committee.
* Arrears: what is still owed, month by month (a month paid in full owes nothing; overpayment is refused by
  the services, so a balance is never negative there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

DONG = Decimal(1)
SALARY = "salary"
PENSION = "pension"
FIXED = "fixed"
BASES = (SALARY, PENSION, FIXED)


class FeeInputError(ValueError):
    """A value the computation cannot use (negative, not a number, a rate outside 0–1, an unknown basis)."""


class MissingBasisError(FeeInputError):
    """A salary or pension basis without the amount it is a percentage of."""


@dataclass(frozen=True)
class Quote:
    """A month's charge and what it was computed from (the charge keeps this snapshot)."""

    basis: str
    base_amount: Decimal | None
    rate: Decimal | None
    amount: Decimal


def _number(value, name: str) -> Decimal:
    # bool is an int; float would carry binary noise (0.1 + 0.2) into money — both refused.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise FeeInputError(f"{name}: expected int or Decimal, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise FeeInputError(f"{name}: not a finite number")
    return number


def _money(value, name: str) -> Decimal:
    number = _number(value, name)
    if number < 0:
        raise FeeInputError(f"{name}: must not be negative")
    return number


def _share(value, name: str) -> Decimal:
    number = _number(value, name)
    if not 0 <= number <= 1:
        raise FeeInputError(f"{name}: must be between 0 and 1")
    return number


def round_dong(value: Decimal) -> Decimal:
    """A whole đồng, half up (the rule of the fee ledger)."""
    try:
        return Decimal(value).quantize(DONG, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - guarded by _number
        raise FeeInputError("not a number") from exc


def monthly_amount(
    basis: str,
    *,
    base_amount=None,
    fixed_amount=None,
    salary_rate=Decimal("0.01"),
    pension_rate=Decimal("0.005"),
    fixed_default=Decimal("5000"),
) -> Quote:
    """The member's monthly fee from their basis.

    ``salary``/``pension``: ``base_amount`` × the rate, half up to a whole đồng; a missing ``base_amount``
    raises :class:`MissingBasisError` (0 is a valid base and gives 0). ``fixed``: the member's own
    ``fixed_amount`` when set, else the cell's ``fixed_default`` (both whole đồng).
    """
    if basis in (SALARY, PENSION):
        rate = _share(salary_rate if basis == SALARY else pension_rate, f"{basis}_rate")
        if base_amount is None:
            raise MissingBasisError(f"{basis}: the base amount is missing")
        base = _money(base_amount, "base_amount")
        return Quote(basis, base, rate, round_dong(base * rate))
    if basis == FIXED:
        chosen = fixed_default if fixed_amount is None else fixed_amount
        if chosen is None:
            raise MissingBasisError("fixed: neither the member's amount nor the cell's default is set")
        return Quote(basis, None, None, round_dong(_money(chosen, "fixed_amount")))
    raise FeeInputError(f"unknown basis {basis!r}")


def split_collected(total, kept_share) -> tuple[Decimal, Decimal]:
    """(kept, sent up) of a month's collected ``total``: kept rounded down, the rest sent up."""
    total = _money(total, "total")
    if total != total.to_integral_value():
        raise FeeInputError("total: must be a whole number of đồng")
    share = _share(kept_share, "kept_share")
    kept = (total * share).quantize(DONG, rounding=ROUND_FLOOR)
    return kept, total - kept


def rate_text(rate) -> str:
    """0.01 → "1%", 0.005 → "0,5%" (Vietnamese decimal comma); None → ""."""
    if rate is None:
        return ""
    percent = (Decimal(rate) * 100).normalize()
    text = f"{percent:f}".replace(".", ",")
    return f"{text}%"


def balance(due, paid) -> Decimal:
    """What is left to pay of one month (negative when overpaid — the services never let that happen)."""
    return _money(due, "due") - _money(paid, "paid")


def arrears(rows: Iterable[tuple[object, object]]) -> Decimal:
    """The sum owed over (due, paid) rows — months paid in full or more count 0."""
    return sum((max(Decimal(0), balance(due, paid)) for due, paid in rows), Decimal(0))


# --- months -----------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return next_month(day) - timedelta(days=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def previous_month(day: date) -> date:
    return date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def last_months(today: date, count: int) -> list[date]:
    """The first days of the ``count`` months ending with ``today``'s, oldest first."""
    months = [month_start(today)]
    for _i in range(count - 1):
        months.append(previous_month(months[-1]))
    return months[::-1]
