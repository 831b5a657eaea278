"""The testing center's catalogue (matrices, parameters) and the regulations its results are judged against.

Regulations are data, not code (shared/domain/environment-standards.md): a :class:`Regulation` has
:class:`LimitSet` s (a table, a column, a group), each with one :class:`Limit` per parameter; a limit's numbers
are :class:`LimitInterval` rows. The same shape covers both kinds of set:

* ``limits`` (pass/fail, QCVN 14:2008 columns A/B): at most one interval per limit, with no class — "≤ 50" is
  ``upper=50``, "< 3" is ``upper=3, upper_inclusive=False``, "5–9" is ``lower=5, upper=9``, "≥ 6" is ``lower=6``.
* ``classes`` (graded, QCVN 08:2023 Table 2): the set's :class:`LimitClass` es are ordered best first; a class
  has one or more intervals per parameter ("< 6 or > 8.5" is two), or none when the regulation does not
  decide it by a number (DO class D, TSS classes C/D) — the limit's note says what it requires instead.

A limit with no interval at all is a requirement the number alone cannot decide; the judge answers
``undetermined``. Everything an administrator needs to add a regulation is a row of these tables — the later
screens write them; :mod:`hoptac.lab.judging` reads them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.models import Versioned

from .choices import (
    Condition,
    Confidence,
    LimitSetKind,
    PaymentStatus,
    ResultStatus,
    SampleState,
)

BOUND_DIGITS = {"max_digits": 16, "decimal_places": 6}


@audited()
class Matrix(models.Model):
    """A kind of sample (nền mẫu): surface water, domestic wastewater, soil …"""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nền mẫu")
        verbose_name_plural = _("nền mẫu")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="lab_matrix_code_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="lab_matrix_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class Parameter(Versioned, models.Model):
    """A test the center offers (chỉ tiêu), with its method, detection limit, price and turnaround.

    ``unit`` is the unit results are entered in; empty for dimensionless parameters (pH). A regulation's limit
    carries its own unit, and the judge refuses to compare when the two differ.
    """

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    unit = models.CharField(
        _("đơn vị"), max_length=40, blank=True, help_text=_("Để trống nếu không có đơn vị.")
    )
    method = models.CharField(_("phương pháp thử"), max_length=200, help_text=_("Ví dụ: TCVN 6492:2011."))
    detection_limit = models.DecimalField(_("giới hạn phát hiện"), null=True, blank=True, **BOUND_DIGITS)
    accredited = models.BooleanField(
        _("được công nhận (VILAS)"),
        default=False,
        help_text=_(
            "Phương pháp nằm trong phạm vi công nhận VILAS của phòng thí nghiệm; được đánh dấu trên phiếu."
        ),
    )
    price = models.DecimalField(_("đơn giá (đồng)"), max_digits=14, decimal_places=0, default=0)
    turnaround_days = models.PositiveSmallIntegerField(_("thời gian trả kết quả (ngày làm việc)"), default=5)
    matrices = models.ManyToManyField(
        Matrix, through="ParameterMatrix", related_name="parameters", verbose_name=_("nền mẫu")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="lab_parameter_code_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="lab_parameter_name_not_empty"),
            models.CheckConstraint(condition=~Q(method=""), name="lab_parameter_method_not_empty"),
            models.CheckConstraint(condition=Q(price__gte=0), name="lab_parameter_price_not_negative"),
            models.CheckConstraint(
                condition=Q(detection_limit__isnull=True) | Q(detection_limit__gt=0),
                name="lab_parameter_detection_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(turnaround_days__gte=1), name="lab_parameter_turnaround_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@audited()
class ParameterMatrix(models.Model):
    """A parameter is offered for a matrix (its pick list when ordering a sample)."""

    parameter = models.ForeignKey(Parameter, on_delete=models.CASCADE, verbose_name=_("chỉ tiêu"))
    matrix = models.ForeignKey(Matrix, on_delete=models.PROTECT, verbose_name=_("nền mẫu"))

    class Meta:
        verbose_name = _("chỉ tiêu theo nền mẫu")
        verbose_name_plural = _("chỉ tiêu theo nền mẫu")
        constraints = [
            models.UniqueConstraint(fields=["parameter", "matrix"], name="lab_parameter_matrix_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter_id} / {self.matrix_id}"


@audited()
class Regulation(Versioned, models.Model):
    """A national technical regulation (QCVN) or standard; old and new ones stay usable side by side."""

    code = models.CharField(
        _("số hiệu"), max_length=60, unique=True, help_text=_("Ví dụ: QCVN 14:2008/BTNMT.")
    )
    title = models.CharField(_("tên"), max_length=300)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("được thay thế bởi"),
    )
    source = models.TextField(_("nguồn"), help_text=_("Văn bản ban hành và nơi lấy số liệu."))
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy chuẩn")
        verbose_name_plural = _("quy chuẩn")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="lab_regulation_code_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="lab_regulation_title_not_empty"),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="lab_regulation_confidence_valid"
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("id")), name="lab_regulation_not_superseded_by_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_superseded(self) -> bool:
        """Applying a superseded regulation is allowed (facilities keep the old one for years); screens warn."""
        return self.superseded_by_id is not None

    def clean(self) -> None:
        super().clean()
        if self.pk is not None and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("Một quy chuẩn không thể thay thế chính nó.")})


@audited()
class LimitSet(Versioned, models.Model):
    """One table, column or group of a regulation ("A", "B", "Bảng 1", "Bảng 2", "Nhóm A")."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="limit_sets", verbose_name=_("quy chuẩn")
    )
    name = models.CharField(_("tên"), max_length=60)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=LimitSetKind.choices)
    coefficient_name = models.CharField(
        _("hệ số"),
        max_length=20,
        blank=True,
        help_text=_(
            "Tên hệ số nhân giới hạn chọn theo từng mẫu (ví dụ K: Cmax = C × K); để trống nếu không có."
        ),
    )
    source = models.TextField(_("nguồn"), blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("bộ giới hạn")
        verbose_name_plural = _("bộ giới hạn")
        ordering = ["regulation", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "name"], name="lab_limit_set_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="lab_limit_set_name_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=LimitSetKind.values), name="lab_limit_set_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=[*Confidence.values, ""]), name="lab_limit_set_confidence_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation.code} — {self.name}"

    @property
    def is_graded(self) -> bool:
        return self.kind == LimitSetKind.CLASSES


@audited()
class LimitClass(models.Model):
    """A quality class of a graded set (A, B, C, D), ``position`` 1 being the best."""

    limit_set = models.ForeignKey(
        LimitSet, on_delete=models.CASCADE, related_name="classes", verbose_name=_("bộ giới hạn")
    )
    label = models.CharField(_("hạng"), max_length=20)
    position = models.PositiveSmallIntegerField(_("thứ tự (1 = tốt nhất)"))
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("hạng chất lượng")
        verbose_name_plural = _("hạng chất lượng")
        ordering = ["limit_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["limit_set", "label"], name="lab_limit_class_label_unique"),
            models.UniqueConstraint(fields=["limit_set", "position"], name="lab_limit_class_position_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="lab_limit_class_label_not_empty"),
        ]

    def __str__(self) -> str:
        return self.label


@audited()
class Limit(Versioned, models.Model):
    """What a limit set requires of one parameter: its unit, whether the coefficient applies, and a note.

    The numbers are the limit's intervals. ``coefficient_applies`` is per parameter because regulations exempt
    some: QCVN 14:2008/BTNMT §2.1 does not apply K to pH and total coliforms.
    """

    limit_set = models.ForeignKey(
        LimitSet, on_delete=models.CASCADE, related_name="limits", verbose_name=_("bộ giới hạn")
    )
    parameter = models.ForeignKey(
        Parameter, on_delete=models.PROTECT, related_name="limits", verbose_name=_("chỉ tiêu")
    )
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    coefficient_applies = models.BooleanField(_("áp dụng hệ số"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("giới hạn")
        verbose_name_plural = _("giới hạn")
        ordering = ["limit_set", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["limit_set", "parameter"], name="lab_limit_parameter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.limit_set_id} / {self.parameter_id}"

    def clean(self) -> None:
        super().clean()
        if self.coefficient_applies and self.limit_set_id and not self.limit_set.coefficient_name:
            raise ValidationError(
                {"coefficient_applies": _("Bộ giới hạn này không có hệ số; hãy khai báo tên hệ số trước.")}
            )


@audited()
class LimitInterval(models.Model):
    """One interval of a limit: a lower and/or an upper bound, each inclusive ("≤", "≥") or strict ("<", ">").

    In a pass/fail set a limit has at most one interval and no class; in a graded set each interval belongs to
    one class, and a class may need several ("< 6 or > 8.5").
    """

    limit = models.ForeignKey(
        Limit, on_delete=models.CASCADE, related_name="intervals", verbose_name=_("giới hạn")
    )
    limit_class = models.ForeignKey(
        LimitClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="intervals",
        verbose_name=_("hạng"),
    )
    lower = models.DecimalField(_("cận dưới"), null=True, blank=True, **BOUND_DIGITS)
    lower_inclusive = models.BooleanField(_("tính cả cận dưới (≥)"), default=True)
    upper = models.DecimalField(_("cận trên"), null=True, blank=True, **BOUND_DIGITS)
    upper_inclusive = models.BooleanField(_("tính cả cận trên (≤)"), default=True)

    class Meta:
        verbose_name = _("khoảng giới hạn")
        verbose_name_plural = _("khoảng giới hạn")
        # Lower bounds ascending, "below …" (no lower bound) first: "< 6" before "> 8.5".
        ordering = ["limit", "limit_class__position", F("lower").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lower__isnull=False) | Q(upper__isnull=False), name="lab_interval_has_a_bound"
            ),
            models.CheckConstraint(
                condition=Q(lower__isnull=True)
                | Q(upper__isnull=True)
                | Q(lower__lt=F("upper"))
                | Q(lower=F("upper"), lower_inclusive=True, upper_inclusive=True),
                name="lab_interval_bounds_ordered",
            ),
            # A pass/fail limit is one interval; several would be ambiguous.
            models.UniqueConstraint(
                fields=["limit"],
                condition=Q(limit_class__isnull=True),
                name="lab_interval_one_per_plain_limit",
            ),
        ]

    def __str__(self) -> str:
        from .judging import Interval

        return Interval(self.lower, self.lower_inclusive, self.upper, self.upper_inclusive).text()

    def clean(self) -> None:
        super().clean()
        if self.lower is None and self.upper is None:
            raise ValidationError(_("Cần ít nhất một cận (cận dưới hoặc cận trên)."))
        both = self.lower is not None and self.upper is not None
        if both and (
            self.lower > self.upper
            or (self.lower == self.upper and not (self.lower_inclusive and self.upper_inclusive))
        ):
            raise ValidationError(_("Cận dưới phải nhỏ hơn cận trên."))
        if not self.limit_id:
            return
        limit_set = self.limit.limit_set
        if limit_set.is_graded:
            if self.limit_class_id is None:
                raise ValidationError({"limit_class": _("Bộ giới hạn phân hạng: hãy chọn hạng.")})
            if self.limit_class.limit_set_id != limit_set.pk:
                raise ValidationError({"limit_class": _("Hạng này thuộc bộ giới hạn khác.")})
        elif self.limit_class_id is not None:
            raise ValidationError({"limit_class": _("Bộ giới hạn đạt/không đạt không có hạng.")})


# --- samples --------------------------------------------------------------------------------------------------


@audited()
class SampleCounter(models.Model):
    """The last sample code given in a year: one row per year, locked by the registering transaction (gap-free)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã mẫu")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


@audited()
class Sample(Versioned, models.Model):
    """A sample order (phiếu yêu cầu thử nghiệm): what was sampled, where, by whom, its chain of custody, the
    parameters requested and the regulation its results are judged against — that regulation's limits frozen on
    the sample as :class:`SampleLimit` rows when applied. Changed only through :mod:`hoptac.lab.services`."""

    code = models.CharField(_("mã mẫu"), max_length=20, unique=True, editable=False)
    # The order form's one-time token: a form posted twice (a double tap, a retried request) registers one sample.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    cooperative = models.ForeignKey(
        "registry.Cooperative",
        on_delete=models.PROTECT,
        related_name="lab_samples",
        verbose_name=_("hợp tác xã"),
    )
    support_request = models.ForeignKey(
        "support.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_samples",
        verbose_name=_("yêu cầu hỗ trợ"),
    )
    matrix = models.ForeignKey(
        Matrix, on_delete=models.PROTECT, related_name="samples", verbose_name=_("nền mẫu")
    )
    sampling_place = models.CharField(_("nơi lấy mẫu"), max_length=300)
    sampled_at = models.DateTimeField(_("thời điểm lấy mẫu"), null=True, blank=True)
    sampler = models.CharField(_("người lấy mẫu"), max_length=200, blank=True)
    sampler_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lấy mẫu (tài khoản)"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SampleState.choices, default=SampleState.REGISTERED
    )
    registered_at = models.DateTimeField(_("thời điểm đăng ký"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đăng ký")
    )
    # Chain of custody.
    received_at = models.DateTimeField(_("thời điểm nhận mẫu"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhận mẫu"),
    )
    condition = models.CharField(
        _("tình trạng mẫu khi nhận"), max_length=20, choices=Condition.choices, blank=True
    )
    condition_note = models.TextField(_("ghi chú tình trạng mẫu"), blank=True)
    # The regulation applied; its limits are frozen as SampleLimit rows, the names kept as text.
    regulation = models.ForeignKey(
        Regulation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quy chuẩn"),
    )
    limit_set = models.ForeignKey(
        LimitSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bộ giới hạn"),
    )
    regulation_code = models.CharField(_("số hiệu quy chuẩn áp dụng"), max_length=60, blank=True)
    limit_set_name = models.CharField(_("bộ giới hạn áp dụng"), max_length=60, blank=True)
    coefficient = models.DecimalField(_("hệ số K"), max_digits=8, decimal_places=4, default=Decimal("1"))
    regulation_applied_at = models.DateTimeField(_("thời điểm áp dụng quy chuẩn"), null=True, blank=True)
    quote = models.DecimalField(_("báo giá (đồng)"), max_digits=14, decimal_places=0, default=0)
    payment_status = models.CharField(
        _("thanh toán"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    due_date = models.DateField(_("hạn trả kết quả"), null=True, blank=True)
    paid_at = models.DateTimeField(_("thời điểm ghi nhận thanh toán"), null=True, blank=True)
    payment_reference = models.CharField(
        _("số chứng từ thanh toán"),
        max_length=60,
        blank=True,
        help_text=_("Số phiếu thu, hóa đơn hoặc mã giao dịch."),
    )
    payment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận thanh toán"),
    )
    cancelled_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Set when an issued report is being amended: the reason printed on the next version.
    amendment_reason = models.TextField(_("lý do sửa đổi phiếu kết quả"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mẫu thử nghiệm")
        verbose_name_plural = _("mẫu thử nghiệm")
        ordering = ["-registered_at", "-id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="lab_sample_state_due"),
            # The newest-first order of the "Tất cả" list and deep keyset pages (bench: 350 ms → 1 ms at 200,000).
            models.Index(fields=["registered_at", "id"], name="lab_sample_registered"),
            # Part of a code typed in the search box ("00045", "2026-0004"); codes are stored in capitals.
            GinIndex(OpClass("code", name="gin_trgm_ops"), name="lab_sample_code_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=SampleState.values), name="lab_sample_state_valid"),
            models.CheckConstraint(
                condition=Q(payment_status__in=PaymentStatus.values), name="lab_sample_payment_valid"
            ),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="lab_sample_coefficient_positive"),
            models.CheckConstraint(condition=Q(quote__gte=0), name="lab_sample_quote_not_negative"),
            models.CheckConstraint(
                condition=Q(state=SampleState.REGISTERED)
                | Q(state=SampleState.CANCELLED)
                | Q(received_at__isnull=False, received_by__isnull=False),
                name="lab_sample_received_has_custody",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def applied_regulation_superseded(self) -> bool:
        """The applied regulation has since been superseded (allowed; screens and reports warn)."""
        return self.regulation is not None and self.regulation.is_superseded


@audited()
class SampleParameter(models.Model):
    """A parameter requested on a sample, with the price and turnaround at the time of the order."""

    sample = models.ForeignKey(
        Sample, on_delete=models.CASCADE, related_name="parameters", verbose_name=_("mẫu")
    )
    parameter = models.ForeignKey(
        Parameter, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ tiêu")
    )
    price = models.DecimalField(_("đơn giá (đồng)"), max_digits=14, decimal_places=0)
    turnaround_days = models.PositiveSmallIntegerField(_("thời gian trả kết quả (ngày làm việc)"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu yêu cầu")
        verbose_name_plural = _("chỉ tiêu yêu cầu")
        ordering = ["sample", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "parameter"], name="lab_sample_parameter_unique"),
            models.CheckConstraint(condition=Q(price__gte=0), name="lab_sample_parameter_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sample_id} / {self.parameter_id}"


@audited()
class SampleLimit(models.Model):
    """A limit frozen on a sample when its regulation was applied: a copy, so a later edit of the regulation never
    changes how this sample is judged. ``rule`` is :func:`hoptac.lab.judging.Rule` as JSON (see
    :func:`rule_to_json`)."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="limits", verbose_name=_("mẫu"))
    parameter = models.ForeignKey(
        Parameter, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ tiêu")
    )
    regulation_code = models.CharField(_("số hiệu quy chuẩn"), max_length=60)
    limit_set_name = models.CharField(_("bộ giới hạn"), max_length=60)
    kind = models.CharField(_("loại"), max_length=10, choices=LimitSetKind.choices)
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    coefficient_applies = models.BooleanField(_("áp dụng hệ số"), default=False)
    rule = models.JSONField(_("giới hạn"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("giới hạn áp dụng cho mẫu")
        verbose_name_plural = _("giới hạn áp dụng cho mẫu")
        ordering = ["sample", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "parameter"], name="lab_sample_limit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sample_id} / {self.parameter_id}"

    def as_rule(self):
        return rule_from_json(self.rule)


def _interval_json(interval) -> dict:
    return {
        "lower": None if interval.lower is None else str(interval.lower),
        "lower_inclusive": interval.lower_inclusive,
        "upper": None if interval.upper is None else str(interval.upper),
        "upper_inclusive": interval.upper_inclusive,
    }


def _interval_from_json(data: dict):
    from .judging import Interval

    return Interval(
        None if data["lower"] is None else Decimal(data["lower"]),
        data["lower_inclusive"],
        None if data["upper"] is None else Decimal(data["upper"]),
        data["upper_inclusive"],
    )


def rule_to_json(rule) -> dict:
    """A judge's :class:`~hoptac.lab.judging.Rule` as JSON (decimals as text, nothing lost)."""
    return {
        "kind": rule.kind,
        "unit": rule.unit,
        "coefficient_applies": rule.coefficient_applies,
        "interval": None if rule.interval is None else _interval_json(rule.interval),
        "classes": [
            {"label": c.label, "intervals": [_interval_json(i) for i in c.intervals]} for c in rule.classes
        ],
        "note": rule.note,
    }


def rule_from_json(data: dict):
    from .judging import ClassRule, Rule

    return Rule(
        data["kind"],
        data["unit"],
        data["coefficient_applies"],
        None if data["interval"] is None else _interval_from_json(data["interval"]),
        tuple(
            ClassRule(c["label"], tuple(_interval_from_json(i) for i in c["intervals"]))
            for c in data["classes"]
        ),
        data["note"],
    )


@audited()
class Result(models.Model):
    """The result of one requested parameter: the value as typed, who entered it, who verified or returned it."""

    sample_parameter = models.OneToOneField(
        SampleParameter, on_delete=models.CASCADE, related_name="result", verbose_name=_("chỉ tiêu yêu cầu")
    )
    raw_value = models.CharField(_("kết quả (như đã nhập)"), max_length=100)
    reading_kind = models.CharField(_("loại kết quả"), max_length=20)
    value = models.DecimalField(_("giá trị"), null=True, blank=True, **BOUND_DIGITS)
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    method = models.CharField(_("phương pháp thử"), max_length=200)
    uncertainty = models.CharField(_("độ không đảm bảo đo"), max_length=60, blank=True)
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kiểm nghiệm viên"),
    )
    entered_at = models.DateTimeField(_("thời điểm nhập"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người soát xét"),
    )
    reviewed_at = models.DateTimeField(_("thời điểm soát xét"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.ENTERED
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("kết quả thử nghiệm")
        verbose_name_plural = _("kết quả thử nghiệm")
        ordering = ["sample_parameter"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResultStatus.values), name="lab_result_status_valid"
            ),
            # Four eyes: the reviewer is never the analyst (the service says so in words; the table insists).
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True) | ~Q(reviewer=F("analyst")), name="lab_result_four_eyes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sample_parameter_id}: {self.raw_value}"

    def reading(self):
        from .judging import Reading

        return Reading(self.reading_kind, self.value)


@audited()
class Package(Versioned, models.Model):
    """A named group of a matrix's parameters ordered together ("Nước thải sinh hoạt — QCVN 14:2008 cột B"); the
    order form offers it next to the single parameters. Prices stay per parameter."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên gói"), max_length=200)
    matrix = models.ForeignKey(
        Matrix, on_delete=models.PROTECT, related_name="packages", verbose_name=_("nền mẫu")
    )
    parameters = models.ManyToManyField(
        Parameter, through="PackageParameter", related_name="packages", verbose_name=_("chỉ tiêu")
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("gói chỉ tiêu")
        verbose_name_plural = _("gói chỉ tiêu")
        ordering = ["matrix__position", "position", "name"]

    def __str__(self) -> str:
        return self.name


@audited()
class PackageParameter(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, verbose_name=_("gói chỉ tiêu"))
    parameter = models.ForeignKey(Parameter, on_delete=models.PROTECT, verbose_name=_("chỉ tiêu"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu trong gói")
        verbose_name_plural = _("chỉ tiêu trong gói")
        ordering = ["package", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["package", "parameter"], name="lab_package_parameter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.package_id} / {self.parameter_id}"


@audited()
class ReportCounter(models.Model):
    """The last test-report number of a year (core.numbering)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số phiếu kết quả")
        verbose_name_plural = _("bộ đếm số phiếu kết quả")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


@audited(exclude=["pdf", "content"])  # the history records who issued; the file itself never changes
class TestReport(models.Model):
    """An issued test report (phiếu kết quả thử nghiệm), one row per version. Immutable once written — the
    database refuses UPDATE and DELETE (migration 0004). An amendment is a new row with the same ``number``, the
    next ``version``, ``amends`` pointing at the version it replaces and the reason; the replaced version stays
    readable and counts as superseded because a later version exists.

    ``content`` is everything the PDF prints, frozen at issue (see :mod:`hoptac.lab.reports`); ``pdf`` is the
    rendered file, served as issued. ``verification_code`` is what the public verification page looks up."""

    __test__ = False  # not a pytest test class despite the name

    sample = models.ForeignKey(
        Sample, on_delete=models.PROTECT, related_name="reports", verbose_name=_("mẫu")
    )
    number = models.CharField(_("số phiếu"), max_length=30)
    version = models.PositiveSmallIntegerField(_("lần ban hành"), default=1)
    amends = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("thay thế phiếu"),
    )
    amendment_reason = models.TextField(_("lý do sửa đổi"), blank=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"))
    issue_date = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ban hành")
    )
    verification_code = models.CharField(_("mã xác thực"), max_length=20, unique=True)
    overall_verdict = models.CharField(_("kết luận chung"), max_length=20, blank=True)
    content = models.JSONField(_("nội dung"))
    pdf = models.BinaryField(_("tệp PDF"))
    pdf_sha256 = models.CharField(_("mã băm SHA-256 của tệp PDF"), max_length=64)

    class Meta:
        verbose_name = _("phiếu kết quả thử nghiệm")
        verbose_name_plural = _("phiếu kết quả thử nghiệm")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="lab_report_number_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="lab_report_version_positive"),
            models.CheckConstraint(
                condition=Q(version=1, amends__isnull=True) | Q(version__gt=1, amends__isnull=False),
                name="lab_report_amendment_links_previous",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(amendment_reason=""), name="lab_report_amendment_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} (v{self.version})"


class VerificationThrottle(models.Model):
    """Unknown codes asked on the public verification page from one client address in the current window. Kept
    in PostgreSQL, not a process cache, so every app server counts the same guesses (README: the application keeps
    no state in its processes). Rows of past windows are removed by the hourly housekeeping."""

    audit_exempt = "a counter of failed guesses per address, not a record anyone edits; purged hourly"

    address = models.CharField(_("địa chỉ truy cập"), max_length=64, primary_key=True)
    window_start = models.DateTimeField(_("đầu khoảng tính"))
    failures = models.PositiveIntegerField(_("số lần sai"), default=0)

    class Meta:
        verbose_name = _("giới hạn tra cứu phiếu kết quả")
        verbose_name_plural = _("giới hạn tra cứu phiếu kết quả")

    def __str__(self) -> str:
        return f"{self.address}: {self.failures}"
