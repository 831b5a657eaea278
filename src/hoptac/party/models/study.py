"""Resolutions and directives of superior bodies, their study by the members; commendations and criticisms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited

from ..choices import DirectiveKind, EssayAssessment, RecognitionKind
from .cell import PartyCell


@audited()
class Directive(models.Model):
    """A resolution, directive or conclusion of a superior body the cell must study (học tập, quán triệt)."""

    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="directives")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DirectiveKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    study_deadline = models.DateField(_("hạn học tập, quán triệt"), null=True, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="party/directives/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nghị quyết, chỉ thị")
        verbose_name_plural = _("nghị quyết, chỉ thị")
        ordering = ["-issued_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="party_directive_title_not_empty")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title


@audited()
class StudySession(models.Model):
    """A session where the cell studies a directive — usually during a meeting (then linked to it)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="sessions")
    meeting = models.ForeignKey(
        "party.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="study_sessions"
    )
    held_on = models.DateField(_("ngày học tập"))
    presenter = models.CharField(_("báo cáo viên"), max_length=120, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("buổi học tập nghị quyết")
        verbose_name_plural = _("buổi học tập nghị quyết")
        ordering = ["directive", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.directive} ({self.held_on:%d/%m/%Y})"


@audited()
class StudyRecord(models.Model):
    """One member's study of one directive: attended a session, self-study, the study essay and its assessment."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="records")
    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="study_records")
    attended = models.BooleanField(_("dự học tập"), default=False)
    self_study = models.BooleanField(_("tự nghiên cứu"), default=False)
    essay_submitted_on = models.DateField(_("ngày nộp bài thu hoạch"), null=True, blank=True)
    essay_assessment = models.CharField(
        _("đánh giá bài thu hoạch"), max_length=10, choices=EssayAssessment.choices, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kết quả học tập nghị quyết")
        verbose_name_plural = _("kết quả học tập nghị quyết")
        ordering = ["directive", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "member"], name="party_study_once"),
            models.CheckConstraint(
                condition=Q(essay_assessment="") | Q(essay_submitted_on__isnull=False),
                name="party_study_assessed_after_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.directive}"


@audited()
class Recognition(models.Model):
    """A commendation, reminder, criticism or discipline of a member, with reason and date (fed into evaluation)."""

    member = models.ForeignKey("party.PartyMember", on_delete=models.CASCADE, related_name="recognitions")
    kind = models.CharField(_("hình thức"), max_length=20, choices=RecognitionKind.choices)
    decided_on = models.DateField(_("ngày"))
    reason = models.CharField(_("lý do"), max_length=500)
    decided_by = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    document = models.CharField(_("văn bản"), max_length=200, blank=True)
    # Quy định 366: a discipline forces "not complete" unless the member found and remedied the fault themselves.
    self_remedied = models.BooleanField(_("tự phát hiện, khắc phục"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("khen thưởng, nhắc nhở, phê bình")
        verbose_name_plural = _("khen thưởng, nhắc nhở, phê bình")
        ordering = ["-decided_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="party_recognition_reason_given")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member} ({self.decided_on:%d/%m/%Y})"
