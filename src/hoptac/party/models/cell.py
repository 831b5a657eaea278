"""The cell, the rules it runs by (configurable where the regulations are unconfirmed), its terms and committee."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited

from ..choices import Position

SHARE = {"max_digits": 5, "decimal_places": 4, "validators": [MinValueValidator(0), MaxValueValidator(1)]}


@audited()
class PartyCell(models.Model):
    """A party cell (chi bộ) — the institute's, under the committee of the Alliance's agencies."""

    name = models.CharField(_("tên chi bộ"), max_length=200, unique=True)
    superior_committee = models.CharField(_("cấp ủy cấp trên trực tiếp"), max_length=200)
    # Quy định 366 / HD 21: the 20% quota is counted per grassroots organisation; a cell under a grassroots
    # committee (this institute's) only warns. A grassroots cell (chi bộ cơ sở) would block by default.
    is_grassroots = models.BooleanField(_("là chi bộ cơ sở"), default=False)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)

    class Meta:
        verbose_name = _("chi bộ")
        verbose_name_plural = _("chi bộ")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="party_cell_name_not_empty")]

    def __str__(self) -> str:
        return self.name


@audited()
class CellRules(models.Model):
    """The cell's rules as data: every value whose source is unconfirmed (M/L) or configurable by the regulation.

    Each field's help text names the document that sets the shipped default, so a later regulation changes a
    value here, not the code (shared/domain/party-rules.md).
    """

    cell = models.OneToOneField(PartyCell, on_delete=models.CASCADE, related_name="rules")
    # §3 Quorum (L): "more than half of the full members required to attend".
    quorum_share = models.DecimalField(
        _("tỷ lệ tối thiểu có mặt"),
        default=Decimal("0.5"),
        help_text=_("Chưa có văn bản xác nhận (mức L). Mặc định: quá nửa số đảng viên chính thức phải dự."),
        **SHARE,
    )
    quorum_strictly_more = models.BooleanField(
        _("phải vượt quá tỷ lệ (quá nửa)"), default=True, help_text=_("Bỏ chọn để chấp nhận đúng bằng tỷ lệ.")
    )
    quorum_counts_probationary = models.BooleanField(
        _("tính cả đảng viên dự bị"), default=False, help_text=_("Mặc định chỉ tính đảng viên chính thức.")
    )
    # §3 Hướng dẫn 42-HD/BTCTW (H): materials at least one day ahead; 90 / 120 minutes.
    documents_days_ahead = models.PositiveSmallIntegerField(
        _("số ngày gửi tài liệu trước"),
        default=1,
        help_text=_("Hướng dẫn 42-HD/BTCTW (28/10/2025): ít nhất 1 ngày."),
    )
    meeting_minutes_min = models.PositiveSmallIntegerField(
        _("thời lượng tối thiểu (phút)"),
        default=90,
        help_text=_("Chỉ thị 50-CT/TW (23/7/2025): ít nhất 90 phút."),
    )
    combined_meeting_minutes_min = models.PositiveSmallIntegerField(
        _("thời lượng tối thiểu khi kết hợp chuyên đề (phút)"),
        default=120,
        help_text=_("Chỉ thị 50-CT/TW (23/7/2025): ít nhất 120 phút."),
    )
    # §1 Quota (H for HD 21-HD/BTCTW 2019; L for 366): excellent ≤ 20% of good; advisory at cell level.
    excellent_quota_share = models.DecimalField(
        _("tỷ lệ xuất sắc tối đa so với số hoàn thành tốt"),
        default=Decimal("0.20"),
        help_text=_("Hướng dẫn 21-HD/BTCTW (2019); chưa xác nhận trong Quy định 366-QĐ/TW (mức L)."),
        **SHARE,
    )
    excellent_quota_blocking = models.BooleanField(
        _("chặn đề xuất vượt tỷ lệ"),
        default=False,
        help_text=_("Ở chi bộ trực thuộc đảng ủy cơ sở, mặc định chỉ cảnh báo."),
    )
    # §1 Conditions for "excellent" (M): 100% tasks on time, ≥ 30% exceeding requirements.
    excellent_exceeding_share = models.DecimalField(
        _("tỷ lệ nhiệm vụ vượt yêu cầu để xuất sắc"),
        default=Decimal("0.30"),
        help_text=_("Hướng dẫn 43-HD/BTCTW (mức M): ít nhất 30% nhiệm vụ vượt yêu cầu."),
        **SHARE,
    )
    # §5 Quyết định 342-QĐ/TW (H): 1% of salary, 0.5% of pension; the cell keeps 30–50%.
    fee_salary_rate = models.DecimalField(
        _("tỷ lệ đảng phí theo lương"),
        default=Decimal("0.01"),
        help_text=_("Quyết định 342-QĐ/TW: 1%."),
        **SHARE,
    )
    fee_pension_rate = models.DecimalField(
        _("tỷ lệ đảng phí theo lương hưu"),
        default=Decimal("0.005"),
        help_text=_("Quyết định 342-QĐ/TW: 0,5%."),
        **SHARE,
    )
    fee_fixed_default = models.DecimalField(
        _("mức cố định mặc định (đồng/tháng)"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("5000"),
        validators=[MinValueValidator(0)],
        help_text=_("Quyết định 342-QĐ/TW: mức cố định cho đảng viên không có lương; chi bộ điều chỉnh."),
    )
    fee_kept_share = models.DecimalField(
        _("tỷ lệ chi bộ được giữ lại"),
        default=Decimal("0.30"),
        help_text=_("Quyết định 342-QĐ/TW: chi bộ trực thuộc đảng ủy cơ sở giữ lại 30–50%, nộp lên 50–70%."),
        **SHARE,
    )
    probation_months = models.PositiveSmallIntegerField(
        _("thời gian dự bị (tháng)"), default=12, help_text=_("Điều lệ Đảng: 12 tháng.")
    )
    probation_reminder_days = models.PositiveSmallIntegerField(
        _("nhắc trước hạn chuyển chính thức (ngày)"), default=30
    )
    badge_milestones = models.CharField(
        _("mốc Huy hiệu Đảng (năm tuổi Đảng)"),
        max_length=100,
        default="30,40,45,50,55,60,65,70,75,80,85,90",
        help_text=_("Các mốc cách nhau bằng dấu phẩy."),
    )
    badge_reminder_days = models.PositiveSmallIntegerField(_("nhắc trước mốc Huy hiệu (ngày)"), default=90)

    class Meta:
        verbose_name = _("quy định áp dụng của chi bộ")
        verbose_name_plural = _("quy định áp dụng của chi bộ")
        constraints = [
            models.CheckConstraint(condition=Q(fee_kept_share__lte=1), name="party_rules_kept_share_le_one"),
        ]

    def __str__(self) -> str:
        return str(_("Quy định áp dụng — %(cell)s") % {"cell": self.cell})

    def milestones(self) -> list[int]:
        return sorted({int(part) for part in self.badge_milestones.split(",") if part.strip().isdigit()})

    def clean(self):
        parts = [p.strip() for p in self.badge_milestones.split(",") if p.strip()]
        if not parts or not all(p.isdigit() and 0 < int(p) <= 100 for p in parts):
            raise ValidationError(
                {
                    "badge_milestones": _(
                        "Nhập các số năm từ 1 đến 100, cách nhau bằng dấu phẩy, ví dụ: 30,40,45."
                    )
                }
            )


@audited()
class Term(models.Model):
    """A term of the cell (nhiệm kỳ), e.g. 2022–2025 (Quy định 294-QĐ/TW pilots five-year terms)."""

    cell = models.ForeignKey(PartyCell, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("nhiệm kỳ"), max_length=50)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "name"], name="party_term_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="party_term_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Nhiệm kỳ %(name)s") % {"name": self.name})

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")})


@audited()
class CommitteePosition(models.Model):
    """A member's place on the cell committee over a span of a term; the party roles follow these rows."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="positions")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="positions")
    position = models.CharField(_("chức vụ"), max_length=20, choices=Position.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("căn cứ (quyết định, kết quả bầu)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chức vụ trong chi ủy")
        verbose_name_plural = _("chức vụ trong chi ủy")
        ordering = ["term", "position", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="party_position_dates_ordered",
            ),
            # One secretary at a time (and one deputy, by QĐ 190's single deputy ballot) — open rows only.
            models.UniqueConstraint(
                fields=["term", "position"],
                condition=Q(ends_on__isnull=True) & Q(position__in=["secretary", "deputy_secretary"]),
                name="party_position_one_open_leader",
            ),
            models.UniqueConstraint(
                fields=["term", "member"],
                condition=Q(ends_on__isnull=True),
                name="party_position_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} — {self.member}"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
        if (
            self.position in (Position.SECRETARY, Position.DEPUTY_SECRETARY)
            and self.ends_on is None
            and self.term_id
        ):
            taken = CommitteePosition.objects.filter(
                term_id=self.term_id, position=self.position, ends_on__isnull=True
            ).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError(
                    _("Nhiệm kỳ này đang có %(position)s: hãy ghi nhận kết thúc chức vụ của người đó trước.")
                    % {"position": self.get_position_display()}
                )
        if (
            self.ends_on is None
            and self.term_id
            and self.member_id
            and (
                CommitteePosition.objects.filter(
                    term_id=self.term_id, member_id=self.member_id, ends_on__isnull=True
                )
                .exclude(pk=self.pk)
                .exists()
            )
        ):
            raise ValidationError(_("Đảng viên này đang giữ một chức vụ trong chi ủy nhiệm kỳ này."))
