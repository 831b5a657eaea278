"""Support requests: a cooperative's need, carried from intake to a confirmed result (issue 4).

A request's ``state`` only changes through :mod:`hoptac.support.workflow` (one service function per transition,
each locking the row and checking state and role). Every transition leaves a :class:`RequestEvent`, the
timeline both the cooperative and the staff read (internal events are hidden from the cooperative).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoptac.core.audit import audited
from hoptac.core.models import DerivedColumns, Versioned

from .choices import OPEN_STATES, Category, Channel, DeclinedBy, EventKind, Priority, Stage, State, WorkKind

NUMBER_PATTERN = r"^YC-[0-9]{4}-[0-9]{6}$"


@audited(exclude=["updated_at", "search_text"])
class SupportRequest(DerivedColumns, Versioned, models.Model):
    number = models.CharField(_("số yêu cầu"), max_length=16, null=True, blank=True, editable=False)  # noqa: DJ001
    cooperative = models.ForeignKey(
        "registry.Cooperative",
        verbose_name=_("hợp tác xã"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    # The cooperative's province when the request was made: the province that endorses it. Kept on the row so
    # the province's queue is one indexed scan, not a join over 100,000 cooperatives.
    province = models.ForeignKey(
        "places.Province", verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("lĩnh vực hỗ trợ"), max_length=30, choices=Category.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    description = models.TextField(_("nội dung cần hỗ trợ"), max_length=10_000)
    desired_date = models.DateField(_("mong muốn hoàn thành trước"), null=True, blank=True)
    priority = models.CharField(
        _("mức ưu tiên"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, blank=True)

    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    endorsed_at = models.DateTimeField(_("ngày tỉnh xác nhận"), null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_on_behalf = models.BooleanField(_("Viện xác nhận thay tỉnh"), default=False)
    accepted_at = models.DateTimeField(_("ngày Viện tiếp nhận"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên gia phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_support_requests",
    )
    assignee_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("đơn vị phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    started_at = models.DateTimeField(_("ngày bắt đầu thực hiện"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("ngày xử lý xong"), null=True, blank=True)
    outcome = models.TextField(_("kết quả"), blank=True, max_length=10_000)
    deliverables = models.TextField(_("sản phẩm bàn giao"), blank=True, max_length=5_000)
    closed_at = models.DateTimeField(_("ngày đóng"), null=True, blank=True)
    auto_closed = models.BooleanField(_("tự động đóng"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("mức hài lòng"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("nhận xét của hợp tác xã"), blank=True, max_length=2_000)
    declined_by = models.CharField(_("bên từ chối"), max_length=10, choices=DeclinedBy.choices, blank=True)
    decline_reason = models.TextField(_("lý do từ chối"), blank=True, max_length=2_000)

    # SLA of the current stage (working days, see workdays): when it started, when it falls due, what was sent.
    stage_started_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("hạn xử lý bước hiện tại"), null=True, blank=True)
    sla_warned = models.BooleanField(default=False)
    sla_breach_notified = models.BooleanField(default=False)
    # The creating form's one-time token: a second POST of the same form (a double tap on a slow phone) finds
    # the request the first one made instead of numbering a duplicate.
    creation_token = models.UUIDField(null=True, blank=True, editable=False)
    # Folded number, title and cooperative name (core.text.fold), trigram-indexed: the list's search box.
    search_text = models.TextField(editable=False, default="", db_default="")

    class Meta:
        verbose_name = _("yêu cầu hỗ trợ")
        verbose_name_plural = pgettext_lazy("plural", "yêu cầu hỗ trợ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="support_request_number_unique"),
            models.UniqueConstraint(fields=["creation_token"], name="support_request_creation_token_unique"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__regex=NUMBER_PATTERN),
                name="support_number_format",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[State.DRAFT, State.WITHDRAWN]) | Q(number__isnull=False),
                name="support_number_once_submitted",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="support_rating_1_5"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED])
                | Q(assignee__isnull=False)
                | Q(assignee_unit__isnull=False),
                name="support_assigned_has_assignee",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.DECLINED) | (~Q(declined_by="") & ~Q(decline_reason="")),
                name="support_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.CLOSED) | Q(auto_closed=True) | Q(rating__isnull=False),
                name="support_closed_rated_or_auto",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="support_title_required"),
        ]
        indexes = [
            # Queues: by state (and province), newest first; the keyset key is (-created_at, -id).
            # created_by is included so the read-all roles' draft rule (not a draft, or my own) is answered from
            # the index: the per-state counts stay index-only scans.
            models.Index(
                fields=["state", "-created_at", "-id"], include=["created_by"], name="support_state_recent"
            ),
            models.Index(
                fields=["province", "state", "-created_at", "-id"],
                include=["created_by"],
                name="support_province_state",
            ),
            models.Index(fields=["province", "-created_at", "-id"], name="support_province_recent"),
            models.Index(fields=["cooperative", "-created_at"], name="support_cooperative_recent"),
            # The filter bar's per-state counts with a category filter (all provinces, or one).
            models.Index(
                fields=["category", "state", "-created_at", "-id"],
                include=["created_by"],
                name="support_category_state",
            ),
            models.Index(fields=["province", "category", "state"], name="support_province_category"),
            # The overdue filter within a province: requests in an SLA stage by due date, answered from the index.
            models.Index(
                fields=["province", "due_date"],
                include=["state", "created_by"],
                name="support_province_sla_due",
                condition=Q(state__in=["submitted", "endorsed", "assigned", "in_progress"]),
            ),
            # Figures by period (counts_by, durations_by).
            models.Index(fields=["submitted_at"], name="support_submitted"),
            models.Index(
                fields=["resolved_at"], name="support_resolved", condition=Q(resolved_at__isnull=False)
            ),
            models.Index(fields=["assignee", "state"], name="support_assignee_state"),
            models.Index(fields=["assignee_unit", "state"], name="support_unit_state"),
            models.Index(fields=["-created_at", "-id"], name="support_recent"),
            models.Index(fields=["due_date"], name="support_open_due", condition=Q(state__in=OPEN_STATES)),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="support_search_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('Bản nháp')} — {self.title}"

    derived_from = ("number", "title", "cooperative")
    derived_columns = ("search_text",)

    def refresh_derived(self) -> None:
        from hoptac.core.text import fold

        self.search_text = fold(" ".join(filter(None, [self.number, self.title, self.cooperative.name])))

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def stage(self) -> str | None:
        from .choices import STAGE_OF_STATE

        return STAGE_OF_STATE.get(self.state)

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.due_date is not None and self.stage is not None and self.due_date < today


@audited()
class RequestCounter(models.Model):
    """The last number given in a year: one row per year, locked by the creating transaction (gap-free)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số yêu cầu")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


@audited()
class RequestEvent(models.Model):
    """One line of the timeline: a transition, with who, when, and the note the actor wrote."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="timeline_events")
    kind = models.CharField(_("sự kiện"), max_length=30, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: the system (automatic closing)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Hidden from the cooperative (e.g. a reassignment between experts).
    internal = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("diễn biến yêu cầu")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="support_event_request")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"


@audited()
class Comment(models.Model):
    """The conversation: ``internal`` notes are for the province and the institute, never the cooperative."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung"), max_length=5_000)
    internal = models.BooleanField(_("ghi chú nội bộ"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trao đổi")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"], name="support_comment_request")]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="support_comment_body")]

    def __str__(self) -> str:
        return self.body[:60]


@audited()
class WorkLogEntry(models.Model):
    """Work done on a request: what, when, how long, by whom (effort per staff member is summed from here)."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="work_log")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại công việc"), max_length=20, choices=WorkKind.choices)
    date = models.DateField(_("ngày"))
    hours = models.DecimalField(
        _("số giờ"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(24)],
    )
    description = models.TextField(_("nội dung"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký công việc")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["request", "date"], name="support_worklog_request"),
            models.Index(fields=["author", "date"], name="support_worklog_author"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="support_worklog_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.hours} h"


@audited()
class Attachment(models.Model):
    """A file of a request, stored under MEDIA_ROOT/support (outside the web root), served by a checked view."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("tên tệp"), max_length=255)
    stored_file = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    internal = models.BooleanField(_("chỉ nội bộ"), default=False)

    class Meta:
        verbose_name = _("tệp đính kèm")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


@audited()
class SlaPolicy(models.Model):
    """Working days allowed for a stage; ``category`` empty = every category without its own row."""

    category = models.CharField(_("lĩnh vực hỗ trợ"), max_length=30, choices=Category.choices, blank=True)
    stage = models.CharField(_("bước"), max_length=20, choices=Stage.choices)
    working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = pgettext_lazy("plural", "thời hạn xử lý")
        constraints = [
            models.UniqueConstraint(fields=["category", "stage"], name="support_sla_unique"),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="support_sla_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display() or _('Mọi lĩnh vực')} — {self.get_stage_display()}"
