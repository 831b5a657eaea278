"""Party fees (Quyết định 342-QĐ/TW): each month's charge per member, payments, and the share sent up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited

from ..choices import FeeBasis
from .cell import PartyCell

MONEY = {"max_digits": 14, "decimal_places": 0, "validators": [MinValueValidator(0)]}


@audited()
class FeeMonth(models.Model):
    """A month of the cell's fee ledger; charges are computed when it is opened, frozen when it is closed."""

    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="fee_months")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    kept_share = models.DecimalField(_("tỷ lệ giữ lại"), max_digits=5, decimal_places=4)
    remitted_on = models.DateField(_("ngày nộp lên cấp trên"), null=True, blank=True)
    remitted_amount = models.DecimalField(_("số đã nộp lên"), null=True, blank=True, **MONEY)
    closed_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("sổ đảng phí tháng")
        verbose_name_plural = _("sổ đảng phí tháng")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "month"], name="party_fee_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="party_fee_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"


@audited()
class FeeCharge(models.Model):
    """What one member owes for one month, with the basis it was computed from (a snapshot)."""

    fee_month = models.ForeignKey(FeeMonth, on_delete=models.CASCADE, related_name="charges")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="fee_charges")
    basis = models.CharField(_("căn cứ"), max_length=10, choices=FeeBasis.choices)
    base_amount = models.DecimalField(_("tiền lương căn cứ"), null=True, blank=True, **MONEY)
    rate = models.DecimalField(_("tỷ lệ"), max_digits=5, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("số phải nộp"), **MONEY)

    class Meta:
        verbose_name = _("đảng phí phải nộp")
        verbose_name_plural = _("đảng phí phải nộp")
        ordering = ["fee_month", "member__name_sort"]
        constraints = [models.UniqueConstraint(fields=["fee_month", "member"], name="party_fee_charge_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.fee_month}: {self.amount}"


@audited()
class FeePayment(models.Model):
    """Money a member paid towards a month's charge (several payments may settle one month)."""

    charge = models.ForeignKey(FeeCharge, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("số tiền"), **MONEY)
    paid_on = models.DateField(_("ngày nộp"))
    receipt = models.CharField(_("số biên lai"), max_length=60, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("khoản nộp đảng phí")
        verbose_name_plural = _("khoản nộp đảng phí")
        ordering = ["charge", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="party_fee_payment_positive")]

    def __str__(self) -> str:
        return f"{self.charge.member}: {self.amount} ({self.paid_on:%d/%m/%Y})"
