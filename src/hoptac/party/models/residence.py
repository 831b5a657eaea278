"""Yearly written feedback from the member's residence organisation (Quy định 213-QĐ/TW)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited

from ..choices import ResidenceAssessment


@audited()
class ResidenceFeedback(models.Model):
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.CASCADE, related_name="residence_feedback"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    received_on = models.DateField(_("ngày nhận"))
    organisation = models.CharField(_("tổ chức đảng nơi cư trú"), max_length=200)
    content = models.TextField(_("nội dung nhận xét"), max_length=5000)
    assessment = models.CharField(_("đánh giá"), max_length=10, choices=ResidenceAssessment.choices)
    file = models.FileField(_("tệp phiếu nhận xét"), upload_to="party/residence/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nhận xét của nơi cư trú")
        verbose_name_plural = _("nhận xét của nơi cư trú")
        ordering = ["-year", "member__name_sort"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="party_residence_once_a_year")]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"
