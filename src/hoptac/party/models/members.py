"""Members of the cell: their party record, their status over time, and their party badges."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.fields import SortKeyField
from hoptac.core.models import DerivedColumns, Versioned
from hoptac.core.text import fold, sort_key

from ..choices import FeeBasis, Gender, MemberStatus, ReviewForm, TheoryLevel
from .cell import PartyCell


@audited()
class PartyMember(DerivedColumns, Versioned, models.Model):
    """A member of the cell (đảng viên), probationary until ``full_member_on`` is set.

    ``user`` links the person's log-in when they have one (retired members may not); the party roles of that
    user follow the member's standing (services keep them in step). ``status`` is the open
    :class:`MemberStatusPeriod`'s status, kept here for lists and for the congress's summoned count.
    """

    derived_from = ("full_name",)
    derived_columns = ("name_folded", "name_sort")

    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
        verbose_name=_("tài khoản đăng nhập"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, default="")
    name_sort = SortKeyField()
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    education = models.CharField(_("trình độ chuyên môn"), max_length=120, blank=True)
    theory_level = models.CharField(
        _("trình độ lý luận chính trị"), max_length=20, choices=TheoryLevel.choices, blank=True
    )
    professional_title = models.CharField(_("chức danh chuyên môn"), max_length=120, blank=True)
    institute_position = models.CharField(_("chức vụ tại Viện"), max_length=120, blank=True)
    is_unit_leader = models.BooleanField(
        _("giữ chức vụ lãnh đạo, quản lý"), default=False, help_text=_("Dùng Mẫu 2A khi tự kiểm điểm.")
    )
    residence_address = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    residence_organisation = models.CharField(_("chi bộ/tổ chức đảng nơi cư trú"), max_length=200, blank=True)
    residence_exempt = models.BooleanField(
        _("miễn nhận xét nơi cư trú"),
        default=False,
        help_text=_("Quy định 213-QĐ/TW: đảng viên công tác xa dài ngày, học tập tập trung…"),
    )
    residence_exempt_reason = models.CharField(_("lý do miễn"), max_length=200, blank=True)
    admitted_on = models.DateField(_("ngày vào Đảng"))
    full_member_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=30, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_since = models.DateField(_("tình trạng từ ngày"), null=True, blank=True)
    review_form = models.CharField(
        _("mẫu tự kiểm điểm"), max_length=2, choices=ReviewForm.choices, default=ReviewForm.FORM_2B
    )
    fee_basis = models.CharField(
        _("căn cứ đảng phí"), max_length=10, choices=FeeBasis.choices, default=FeeBasis.SALARY
    )
    fee_base_amount = models.DecimalField(
        _("tiền lương/lương hưu làm căn cứ (đồng/tháng)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    fee_fixed_amount = models.DecimalField(
        _("mức đảng phí cố định (đồng/tháng)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Để trống để dùng mức cố định mặc định của chi bộ."),
    )

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["name_sort", "id"]
        indexes = [
            models.Index(fields=["cell", "status"], name="party_member_cell_status"),
            GinIndex(OpClass("name_folded", name="gin_trgm_ops"), name="party_member_name_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="party_member_name_not_empty"),
            models.UniqueConstraint(
                Upper("card_number"), condition=~Q(card_number=""), name="party_member_card_unique"
            ),
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True) | Q(full_member_on__gte=F("admitted_on")),
                name="party_member_full_after_admitted",
            ),
            models.CheckConstraint(
                condition=Q(admitted_on__gt=F("date_of_birth")), name="party_member_admitted_after_birth"
            ),
            models.CheckConstraint(
                condition=~Q(fee_basis__in=["salary", "pension"])
                | Q(fee_base_amount__isnull=False)
                | Q(status__in=["transferred_out", "deceased", "removed"]),
                name="party_member_fee_base_when_rated",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def refresh_derived(self) -> None:
        self.name_folded = fold(self.full_name)
        self.name_sort = sort_key(self.full_name)

    @property
    def is_probationary(self) -> bool:
        return self.full_member_on is None

    @property
    def on_roll(self) -> bool:
        return self.status not in {MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED}


@audited()
class MemberStatusPeriod(models.Model):
    """A span of a member's status, with the document that decided it (a decision, a transfer letter …)."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="status_periods")
    status = models.CharField(_("tình trạng"), max_length=30, choices=MemberStatus.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    document = models.CharField(_("văn bản, quyết định"), max_length=200, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="party/status/%Y/", blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tình trạng sinh hoạt")
        verbose_name_plural = _("tình trạng sinh hoạt")
        ordering = ["member", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="party_status_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(ends_on__isnull=True), name="party_status_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()} ({self.starts_on:%d/%m/%Y})"


@audited()
class BadgeAward(models.Model):
    """A party badge awarded for N years of membership (Huy hiệu Đảng)."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="badges")
    years = models.PositiveSmallIntegerField(_("số năm tuổi Đảng"))
    awarded_on = models.DateField(_("ngày trao"))
    decision = models.CharField(_("quyết định"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Huy hiệu Đảng")
        verbose_name_plural = _("Huy hiệu Đảng")
        ordering = ["member", "years"]
        constraints = [
            models.UniqueConstraint(fields=["member", "years"], name="party_badge_unique_milestone"),
        ]

    def __str__(self) -> str:
        return str(_("Huy hiệu %(years)s năm tuổi Đảng") % {"years": self.years})
