"""Admission of new members: an outstanding candidate's way to full membership, step by step."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.models import Versioned

from ..choices import AdmissionStage, Gender
from .cell import PartyCell


@audited()
class AdmissionCase(Versioned, models.Model):
    """One person the cell is developing into a member (phát triển đảng viên).

    ``stage`` is the last step reached; each step is an :class:`AdmissionStep` with date, responsible person and
    document. Admission creates the :class:`PartyMember` (probationary) and links it here; the probation's due
    date is ``admitted_on`` + the cell's probation months.
    """

    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="admissions")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    date_of_birth = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    workplace = models.CharField(_("đơn vị công tác, chức vụ"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản đăng nhập"),
    )
    stage = models.CharField(
        _("bước hiện tại"), max_length=20, choices=AdmissionStage.choices, default=AdmissionStage.CANDIDATE
    )
    introducers = models.ManyToManyField(
        "party.PartyMember", blank=True, related_name="introduced", verbose_name=_("đảng viên giới thiệu")
    )
    member = models.OneToOneField(
        "party.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admission",
        verbose_name=_("đảng viên"),
    )
    admitted_on = models.DateField(_("ngày kết nạp"), null=True, blank=True)
    probation_due_on = models.DateField(_("hạn xét chuyển chính thức"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ phát triển đảng viên")
        verbose_name_plural = _("hồ sơ phát triển đảng viên")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="party_admission_name_not_empty"),
            models.CheckConstraint(
                condition=Q(stage__in=["candidate", "training", "vetting", "withdrawn"])
                | (Q(admitted_on__isnull=False) & Q(probation_due_on__isnull=False)),
                name="party_admission_dates_when_admitted",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


@audited()
class AdmissionStep(models.Model):
    """A step reached on an admission case, with who was responsible and the document (resolution, certificate)."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("bước"), max_length=20, choices=AdmissionStage.choices)
    happened_on = models.DateField(_("ngày"))
    responsible = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người phụ trách"),
    )
    document = models.CharField(_("văn bản (nghị quyết, giấy chứng nhận…)"), max_length=200, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="party/admission/%Y/", blank=True)
    note = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bước phát triển đảng viên")
        verbose_name_plural = _("bước phát triển đảng viên")
        ordering = ["case", "happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_stage_display()}"
