"""Writes of the party fee ledger (Quyết định 342-QĐ/TW): open a month, record payments, remit, close.

Every write is committee-only (:func:`~hoptac.party.services.require_committee`) and locks the month's row, so a
payment can never land in a month being closed, nor two payments overpay one charge. The amounts are computed by
the pure :mod:`hoptac.party.fees`; each charge keeps a snapshot of its basis, base amount and rate.

Decisions where the regulation is silent (see :func:`~hoptac.party.selectors_fees.members_charged` for who is
charged): a month cannot be opened before it begins; a closed month takes no payment, correction nor remittance
until the committee reopens it (recorded in the change history) — arrears of a closed month are collected by
reopening it, recording the payment and the extra amount sent up, and closing it again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.errors import DomainError
from hoptac.core.templatetags.hoptac import vnd

from . import fees
from .models import CellRules, FeeCharge, FeeMonth, FeePayment, PartyCell, PartyMember
from .selectors_fees import members_charged
from .services import require_committee, rules_for

CLOSED = _("Sổ đảng phí tháng %(month)s đã khóa; hãy mở lại sổ nếu cần sửa.")


def _closed(fee_month: FeeMonth) -> DomainError:
    return DomainError(CLOSED % {"month": f"{fee_month.month:%m/%Y}"}, code="closed")


def _whole_amount(value, *, allow_zero: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or not Decimal(value).is_finite():
        raise DomainError(_("Số tiền không hợp lệ."), code="amount")
    value = Decimal(value)
    if value < 0 or (value == 0 and not allow_zero):
        raise DomainError(
            _("Số tiền không được âm.") if allow_zero else _("Số tiền phải lớn hơn 0."), code="amount"
        )
    if value != value.to_integral_value():
        raise DomainError(_("Số tiền tính bằng đồng, không có phần lẻ."), code="amount")
    if value >= Decimal(10) ** 14:
        raise DomainError(_("Số tiền quá lớn."), code="amount")
    return value


def _not_future(day: date, today: date, label) -> None:
    if day > today:
        raise DomainError(
            _("%(what)s không được sau hôm nay (%(today)s).") % {"what": label, "today": f"{today:%d/%m/%Y}"},
            code="future",
        )


def _locked_month(fee_month: FeeMonth | int, *, actor, open_only: bool = True) -> FeeMonth:
    pk = fee_month if isinstance(fee_month, int) else fee_month.pk
    cell_id = FeeMonth.objects.filter(pk=pk).values_list("cell_id", flat=True).first()
    if cell_id is None:
        raise DomainError(_("Không tìm thấy sổ đảng phí tháng này."), code="missing")
    require_committee(actor, cell_id)
    locked = FeeMonth.objects.select_for_update().get(pk=pk)
    if open_only and locked.closed_at is not None:
        raise _closed(locked)
    return locked


# --- charges ----------------------------------------------------------------------------------------------------


def quote_for(member: PartyMember, rules: CellRules) -> fees.Quote:
    """The member's monthly fee under the cell's rules; a clear refusal when their basis is missing."""
    try:
        return fees.monthly_amount(
            member.fee_basis,
            base_amount=member.fee_base_amount,
            fixed_amount=member.fee_fixed_amount,
            salary_rate=rules.fee_salary_rate,
            pension_rate=rules.fee_pension_rate,
            fixed_default=rules.fee_fixed_default,
        )
    except fees.MissingBasisError as exc:
        raise DomainError(
            _(
                "Chưa có tiền lương/lương hưu làm căn cứ đảng phí của đồng chí %(name)s; "
                "hãy cập nhật hồ sơ đảng viên trước."
            )
            % {"name": member.full_name},
            code="basis_missing",
        ) from exc


def _add_charges(fee_month: FeeMonth, rules: CellRules) -> list[FeeCharge]:
    """Charges for the members owing this month who have none yet (existing charges are never changed)."""
    already = set(FeeCharge.objects.filter(fee_month=fee_month).values_list("member_id", flat=True))
    new = []
    for member in members_charged(fee_month.cell_id, fee_month.month):
        if member.pk in already:
            continue
        quote = quote_for(member, rules)
        charge = FeeCharge(
            fee_month=fee_month,
            member=member,
            basis=quote.basis,
            base_amount=quote.base_amount,
            rate=quote.rate,
            amount=quote.amount,
        )
        charge.full_clean(exclude=["fee_month", "member"], validate_unique=False, validate_constraints=False)
        new.append(charge)
    return FeeCharge.objects.bulk_create(new)


def open_month(cell: PartyCell, month: date) -> FeeMonth:
    """The month's ledger with one charge per member owing it (no permission check: services and the demo)."""
    month = fees.month_start(month)
    rules = rules_for(cell)
    try:
        with transaction.atomic():
            fee_month = FeeMonth(cell=cell, month=month, kept_share=rules.fee_kept_share)
            fee_month.full_clean(validate_unique=False, validate_constraints=False)
            fee_month.save()
            _add_charges(fee_month, rules)
    except IntegrityError as exc:
        raise DomainError(
            _("Sổ đảng phí tháng %(month)s đã được mở.") % {"month": f"{month:%m/%Y}"}, code="already_open"
        ) from exc
    return fee_month


def fee_month_open(*, actor, cell: PartyCell, month: date, today: date | None = None) -> FeeMonth:
    """Open ``month``'s ledger (committee): the kept share is copied from the cell's rules, and each member
    owing the month gets a charge computed from their basis. A month opens once; not before it begins."""
    require_committee(actor, cell)
    month = fees.month_start(month)
    today = today or timezone.localdate()
    if month > fees.month_start(today):
        raise DomainError(_("Chưa đến tháng %(month)s.") % {"month": f"{month:%m/%Y}"}, code="future")
    if FeeMonth.objects.filter(cell=cell, month=month).exists():
        raise DomainError(
            _("Sổ đảng phí tháng %(month)s đã được mở.") % {"month": f"{month:%m/%Y}"}, code="already_open"
        )
    return open_month(cell, month)


def fee_month_add_missing(*, actor, fee_month: FeeMonth) -> list[FeeCharge]:
    """Charges for members who owe the month but have none (admitted or back from a temporary transfer after
    it was opened). Safe to repeat: members already charged are left as they are."""
    with transaction.atomic():
        locked = _locked_month(fee_month, actor=actor)
        return _add_charges(locked, rules_for(locked.cell))


# --- payments ---------------------------------------------------------------------------------------------------


def fee_payment_record(
    *, actor, charge: FeeCharge, amount, paid_on: date, receipt: str = "", today: date | None = None
) -> FeePayment:
    """A payment against a month's charge; several may settle it, but never more than is owed."""
    today = today or timezone.localdate()
    amount = _whole_amount(amount)
    if not isinstance(paid_on, date):
        raise DomainError(_("Hãy nhập ngày nộp."), code="date")
    _not_future(paid_on, today, _("Ngày nộp"))
    with transaction.atomic():
        _locked_month(charge.fee_month_id, actor=actor)
        locked = FeeCharge.objects.select_for_update().get(pk=charge.pk)
        paid = locked.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        left = locked.amount - paid
        if left <= 0:
            raise DomainError(_("Tháng này đã nộp đủ đảng phí."), code="settled")
        if amount > left:
            raise DomainError(
                _("Số tiền %(amount)s vượt quá số còn phải nộp của tháng (%(left)s).")
                % {"amount": vnd(amount), "left": vnd(left)},
                code="overpaid",
            )
        payment = FeePayment(
            charge=locked, amount=amount, paid_on=paid_on, receipt=(receipt or "").strip(), received_by=actor
        )
        payment.full_clean()
        payment.save()
    return payment


def fee_payment_delete(*, actor, payment: FeePayment) -> FeeCharge:
    """Remove a payment entered by mistake (open months only; the change history keeps it)."""
    with transaction.atomic():
        _locked_month(payment.charge.fee_month_id, actor=actor)
        FeePayment.objects.filter(pk=payment.pk).delete()
    return payment.charge


# --- remittance and closing -------------------------------------------------------------------------------------


def collected(fee_month: FeeMonth) -> Decimal:
    return FeePayment.objects.filter(charge__fee_month=fee_month).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal(0)


def sent_up_share(fee_month: FeeMonth) -> Decimal:
    """The share of what was collected for the month that goes to the superior committee."""
    return fees.split_collected(collected(fee_month), fee_month.kept_share)[1]


def fee_month_remit(
    *, actor, fee_month: FeeMonth, amount, remitted_on: date, today: date | None = None
) -> FeeMonth:
    """Record what was sent up for the month and when (the total sent so far: a later record replaces it)."""
    today = today or timezone.localdate()
    amount = _whole_amount(amount, allow_zero=True)
    if not isinstance(remitted_on, date):
        raise DomainError(_("Hãy nhập ngày nộp lên cấp trên."), code="date")
    _not_future(remitted_on, today, _("Ngày nộp lên cấp trên"))
    with transaction.atomic():
        locked = _locked_month(fee_month, actor=actor)
        if remitted_on < locked.month:
            raise DomainError(
                _("Ngày nộp lên cấp trên không được trước tháng %(month)s.")
                % {"month": f"{locked.month:%m/%Y}"},
                code="date",
            )
        total = collected(locked)
        if amount > total:
            raise DomainError(
                _("Số nộp lên (%(amount)s) không được lớn hơn số đã thu của tháng (%(total)s).")
                % {"amount": vnd(amount), "total": vnd(total)},
                code="too_much",
            )
        locked.remitted_amount = amount
        locked.remitted_on = remitted_on
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save(update_fields=["remitted_amount", "remitted_on"])
    return locked


def fee_month_close(*, actor, fee_month: FeeMonth, now=None) -> FeeMonth:
    """Close the month's ledger once the remittance is recorded; its payments and charges are then frozen."""
    with transaction.atomic():
        locked = _locked_month(fee_month, actor=actor)
        if locked.remitted_on is None:
            raise DomainError(_("Hãy ghi số tiền nộp lên cấp trên trước khi khóa sổ."), code="not_remitted")
        locked.closed_at = now or timezone.now()
        locked.save(update_fields=["closed_at"])
    return locked


def fee_month_reopen(*, actor, fee_month: FeeMonth) -> FeeMonth:
    """Reopen a closed month (to collect its arrears, or correct it); the change history records who did."""
    with transaction.atomic():
        locked = _locked_month(fee_month, actor=actor, open_only=False)
        if locked.closed_at is None:
            raise DomainError(_("Sổ tháng này đang mở."), code="open")
        locked.closed_at = None
        locked.save(update_fields=["closed_at"])
    return locked
