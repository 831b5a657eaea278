"""The yearly inspection and supervision plan (kiểm tra, giám sát), its subjects, findings and conclusions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited

from ..choices import SupervisionKind, SupervisionState
from .cell import PartyCell


@audited()
class SupervisionPlan(models.Model):
    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="supervision_plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    adopted_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    document = models.CharField(_("số kế hoạch"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "year"], name="party_supervision_plan_per_year")
        ]

    def __str__(self) -> str:
        return self.title


@audited()
class SupervisionItem(models.Model):
    """One inspection or supervision in the plan: of a member, or of a topic (a resolution's execution …)."""

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("hình thức"), max_length=20, choices=SupervisionKind.choices)
    subject_member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisions",
        verbose_name=_("đảng viên được kiểm tra, giám sát"),
    )
    topic = models.CharField(_("nội dung"), max_length=500)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    responsible = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SupervisionState.choices, default=SupervisionState.PLANNED
    )
    findings = models.TextField(_("kết quả kiểm tra, giám sát"), max_length=20000, blank=True)
    conclusion = models.TextField(_("kết luận"), max_length=20000, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["plan", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="concluded") | (~Q(conclusion="") & Q(concluded_on__isnull=False)),
                name="party_supervision_concluded_has_conclusion",
            ),
        ]

    def __str__(self) -> str:
        return self.topic
