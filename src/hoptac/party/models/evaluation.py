"""Yearly evaluation of members and of the cell (Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW), and term targets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.models import Versioned

from ..choices import EvaluationStep, Level, ReviewForm, TargetComparison, TargetMode, TargetSource
from .cell import PartyCell, Term

SCORE = {"max_digits": 4, "decimal_places": 1}


@audited()
class EvaluationYear(models.Model):
    """The cell's evaluation round for one year, and the cell's own level decided by the superior committee."""

    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="evaluation_years")
    year = models.PositiveSmallIntegerField(_("năm"))
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    cell_level = models.CharField(_("xếp loại chi bộ"), max_length=20, choices=Level.choices, blank=True)
    cell_level_decided_on = models.DateField(_("ngày cấp trên quyết định"), null=True, blank=True)
    cell_level_decision = models.CharField(_("quyết định của cấp trên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = _("đợt đánh giá, xếp loại")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["cell", "year"], name="party_evaluation_year_once")]

    def __str__(self) -> str:
        return str(_("Đánh giá, xếp loại năm %(year)s") % {"year": self.year})


@audited()
class MemberEvaluation(Versioned, models.Model):
    """One member's evaluation for a year: self-review (score 30 + 70), comments, the cell's vote, the decision.

    ``facts`` keeps what the platform knew when the form was prefilled (meetings attended, study records,
    commendations, residence feedback), so the record shows what the member and the cell saw.
    """

    round = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="evaluations")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="evaluations")
    form = models.CharField(_("mẫu"), max_length=2, choices=ReviewForm.choices)
    step = models.CharField(
        _("bước"), max_length=20, choices=EvaluationStep.choices, default=EvaluationStep.DRAFT
    )
    facts = models.JSONField(_("dữ liệu tự động điền"), default=dict, blank=True)
    # Self-review.
    general_score = models.DecimalField(
        _("điểm tiêu chí chung (tối đa 30)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        **SCORE,
    )
    task_score = models.DecimalField(
        _("điểm kết quả thực hiện nhiệm vụ (tối đa 70)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(70)],
        **SCORE,
    )
    tasks_total = models.PositiveSmallIntegerField(_("số nhiệm vụ được giao"), null=True, blank=True)
    tasks_on_time = models.PositiveSmallIntegerField(
        _("số nhiệm vụ hoàn thành đúng hạn"), null=True, blank=True
    )
    tasks_exceeding = models.PositiveSmallIntegerField(_("số nhiệm vụ vượt yêu cầu"), null=True, blank=True)
    strengths = models.TextField(_("ưu điểm"), max_length=10000, blank=True)
    shortcomings = models.TextField(_("hạn chế, khuyết điểm và nguyên nhân"), max_length=10000, blank=True)
    remedies = models.TextField(_("phương hướng, biện pháp khắc phục"), max_length=10000, blank=True)
    self_level = models.CharField(_("tự xếp loại"), max_length=20, choices=Level.choices, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Comments.
    cell_comment = models.TextField(_("nhận xét của chi bộ"), max_length=10000, blank=True)
    unit_leader_comment = models.TextField(_("nhận xét của lãnh đạo đơn vị"), max_length=10000, blank=True)
    forced_not_complete = models.CharField(
        _("trường hợp buộc xếp loại không hoàn thành"),
        max_length=500,
        blank=True,
        help_text=_("Quy định 366-QĐ/TW: ghi rõ căn cứ nếu có (bị kỷ luật trong năm, suy thoái…)."),
    )
    # The cell's proposal by vote.
    proposed_level = models.CharField(_("chi bộ đề xuất"), max_length=20, choices=Level.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("số tán thành"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(_("số đảng viên biểu quyết"), null=True, blank=True)
    proposed_on = models.DateField(_("ngày biểu quyết"), null=True, blank=True)
    # The superior committee's decision and the notice to the member.
    decided_level = models.CharField(
        _("cấp trên quyết định"), max_length=20, choices=Level.choices, blank=True
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision = models.CharField(_("số quyết định"), max_length=200, blank=True)
    notified_at = models.DateTimeField(_("thông báo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đánh giá, xếp loại đảng viên")
        verbose_name_plural = _("đánh giá, xếp loại đảng viên")
        ordering = ["round", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="party_evaluation_once"),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(votes_total__isnull=True)
                | Q(votes_for__lte=models.F("votes_total")),
                name="party_evaluation_votes_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.round.year}"

    @property
    def score(self) -> Decimal | None:
        if self.general_score is None or self.task_score is None:
            return None
        return self.general_score + self.task_score


@audited()
class TermTarget(models.Model):
    """A target of the term ("over 70% good"): entered by the committee, or written by a congress's resolution.

    ``mode`` says whether members at a better level count towards it (default) or only this level; the
    comparison is "at least" or "more than" the share. A target that conflicts with a rule (the seed article's
    30% excellent against the 20% quota) is kept and flagged on screen, not refused.
    """

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(_("chỉ tiêu"), max_length=255)
    level = models.CharField(_("mức xếp loại"), max_length=20, choices=Level.choices)
    mode = models.CharField(
        _("cách tính"), max_length=10, choices=TargetMode.choices, default=TargetMode.AT_LEAST_LEVEL
    )
    comparison = models.CharField(
        _("so sánh"), max_length=3, choices=TargetComparison.choices, default=TargetComparison.AT_LEAST
    )
    share = models.DecimalField(
        _("tỷ lệ (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(
        _("nguồn"), max_length=20, choices=TargetSource.choices, default=TargetSource.COMMITTEE
    )
    source_note = models.CharField(_("căn cứ"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("chỉ tiêu nhiệm kỳ")
        verbose_name_plural = _("chỉ tiêu nhiệm kỳ")
        ordering = ["term", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="party_target_share_range"
            ),
        ]

    def __str__(self) -> str:
        return self.label
