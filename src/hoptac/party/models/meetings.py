"""Cell meetings (sinh hoạt chi bộ): schedule, notice and documents, attendance, minutes, conclusions, tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.models import Versioned

from ..choices import ConclusionKind, MeetingKind, MeetingQuality, MeetingState, Presence
from .cell import PartyCell


@audited()
class Meeting(Versioned, models.Model):
    """One meeting of the cell; its minutes are the fields below plus agenda items, attendance and conclusions.

    The totals (full, probationary, exempted, transferred out) are frozen when the minutes are closed, so a
    later change of a member's status does not rewrite an old record (Hướng dẫn 12-HD/BTCTW, minutes' content).
    """

    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("loại sinh hoạt"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("nội dung chính"), max_length=255)
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    ends_at = models.DateTimeField(_("thời gian kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=200)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    notified_at = models.DateTimeField(_("thông báo lúc"), null=True, blank=True)
    chair = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chủ trì"),
    )
    minute_taker = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thư ký"),
    )
    guests = models.CharField(_("khách mời"), max_length=500, blank=True)
    summary = models.TextField(_("diễn biến chung"), max_length=20000, blank=True)
    quality = models.CharField(
        _("tự đánh giá chất lượng buổi sinh hoạt"), max_length=10, choices=MeetingQuality.choices, blank=True
    )
    minutes_read_out = models.BooleanField(_("biên bản đã được đọc lại trước khi bế mạc"), default=False)
    # Frozen when the minutes are closed.
    total_full = models.PositiveSmallIntegerField(_("tổng số đảng viên chính thức"), null=True, blank=True)
    total_probationary = models.PositiveSmallIntegerField(_("tổng số đảng viên dự bị"), null=True, blank=True)
    total_exempted = models.PositiveSmallIntegerField(_("số đảng viên miễn sinh hoạt"), null=True, blank=True)
    total_transferred = models.PositiveSmallIntegerField(
        _("số đảng viên chuyển sinh hoạt tạm thời"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("chốt biên bản lúc"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=500, blank=True)
    reopen_reason = models.CharField(_("lý do mở lại biên bản"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt chi bộ")
        verbose_name_plural = _("buổi sinh hoạt chi bộ")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["cell", "starts_at"], name="party_meeting_cell_start")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="party_meeting_title_not_empty"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="party_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%d/%m/%Y}: {self.title}"


@audited()
class AgendaItem(models.Model):
    """An item on the agenda; after the meeting it carries the speakers' opinions (the minutes' body)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=255)
    presenter = models.CharField(_("người trình bày"), max_length=120, blank=True)
    discussion = models.TextField(_("ý kiến phát biểu"), max_length=20000, blank=True)

    class Meta:
        verbose_name = _("nội dung sinh hoạt")
        verbose_name_plural = _("nội dung sinh hoạt")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class MeetingDocument(models.Model):
    """A document for the meeting (draft resolution, report …); members see it once published."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="party/meetings/%Y/")
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu sinh hoạt")
        verbose_name_plural = _("tài liệu sinh hoạt")
        ordering = ["meeting", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class Attendance(models.Model):
    """Whether a member attended; an absence with reason names it (the minutes list absentees by name)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField(_("điểm danh"), max_length=30, choices=Presence.choices)
    reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["meeting", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="party_attendance_once"),
            models.CheckConstraint(
                condition=~Q(presence="absent_with_reason") | ~Q(reason=""),
                name="party_attendance_reason_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_presence_display()}"


@audited()
class Conclusion(models.Model):
    """A conclusion or resolution of the meeting, with the vote counts when it was voted on."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    kind = models.CharField(
        _("loại"), max_length=20, choices=ConclusionKind.choices, default=ConclusionKind.CONCLUSION
    )
    text = models.TextField(_("nội dung"), max_length=10000)
    votes_for = models.PositiveSmallIntegerField(_("tán thành"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("ý kiến khác"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("kết luận, nghị quyết")
        verbose_name_plural = _("kết luận, nghị quyết")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="resolution") | Q(votes_for__isnull=False),
                name="party_resolution_has_votes",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


@audited()
class FollowUpTask(models.Model):
    """A task the cell assigned — from a meeting's conclusions or a supervision's findings — with owner and deadline."""

    cell = models.ForeignKey(PartyCell, on_delete=models.CASCADE, related_name="tasks")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    supervision = models.ForeignKey(
        "party.SupervisionItem", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(_("công việc"), max_length=255)
    owner = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("người phụ trách")
    )
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result = models.CharField(_("kết quả"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("công việc sau sinh hoạt")
        verbose_name_plural = _("công việc sau sinh hoạt")
        ordering = ["done_on", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class Notice(models.Model):
    """A notice of the cell to its members (a meeting's notice, or any announcement of the committee)."""

    cell = models.ForeignKey(PartyCell, on_delete=models.CASCADE, related_name="notices")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), max_length=10000, blank=True)
    published_at = models.DateTimeField(_("đăng lúc"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("thông báo của chi bộ")
        verbose_name_plural = _("thông báo của chi bộ")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
