"""A cell congress (đại hội chi bộ) and its elections (Quyết định 190-QĐ/TW).

* :class:`Congress` — term, date, place, the convening committee, documents with versions, the summoned members
  (:class:`Summons`, computed from the party module's member statuses), the service bodies approved by show of
  hands (:class:`BodyVote`, :class:`Duty`) and the adopted resolution (its targets are the party module's
  ``TermTarget`` rows, source "congress").
* :class:`Election` — one round of one secret ballot (committee, secretary, deputy, delegates) with its
  :class:`Candidate` s; a further round is a new Election pointing at the previous one.
* :class:`Ballot` — one paper ballot as accepted, from its :class:`BallotEntry` s (entered twice by two
  members of the counting committee by default; a mismatch is flagged until a re-reading settles it).

Once an election is closed its ballots, entries, candidates and the election row itself are immutable: the
database refuses any INSERT, UPDATE or DELETE touching them (migrations 0002, 0003). Every row is audited with who
and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import audited
from hoptac.core.models import Versioned

from .choices import (
    Attendance,
    Body,
    CandidateSource,
    CongressState,
    DocumentKind,
    ElectionKind,
    ElectionState,
    EntryState,
    Style,
    SummonsStatus,
)


@audited()
class Congress(Versioned, models.Model):
    cell = models.ForeignKey("party.PartyCell", on_delete=models.PROTECT, related_name="congresses")
    term = models.OneToOneField(
        "party.Term",
        on_delete=models.PROTECT,
        related_name="congress",
        verbose_name=_("nhiệm kỳ được bầu"),
        help_text=_("Nhiệm kỳ mà đại hội bầu chi ủy, bí thư, phó bí thư."),
    )
    title = models.CharField(_("tên đại hội"), max_length=255)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=CongressState.choices, default=CongressState.PREPARING
    )
    convening_committee = models.ManyToManyField(
        "party.PartyMember", blank=True, related_name="+", verbose_name=_("chi ủy triệu tập")
    )
    double_entry = models.BooleanField(
        _("nhập mỗi phiếu hai lần"),
        default=True,
        help_text=_(
            "Hai thành viên Ban Kiểm phiếu nhập độc lập; phiếu chỉ được tính khi hai lần nhập khớp nhau."
        ),
    )
    full_members = models.PositiveSmallIntegerField(
        _("số đảng viên chính thức khi khai mạc"),
        null=True,
        blank=True,
        help_text=_("Ghi khi đại hội khai mạc; quyết định các cuộc bầu chi bộ tổ chức."),
    )
    deputy_needed = models.BooleanField(
        _("bầu phó bí thư"),
        default=True,
        help_text=_("Với chi bộ dưới 9 đảng viên chính thức: có bầu phó bí thư không."),
    )
    opened_at = models.DateTimeField(_("khai mạc lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("bế mạc lúc"), null=True, blank=True)
    resolution = models.TextField(_("nghị quyết đại hội"), max_length=20000, blank=True)
    resolution_votes_for = models.PositiveSmallIntegerField(_("tán thành nghị quyết"), null=True, blank=True)
    resolution_votes_against = models.PositiveSmallIntegerField(_("không tán thành"), null=True, blank=True)
    resolution_adopted_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đại hội chi bộ")
        verbose_name_plural = _("đại hội chi bộ")
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="congress_title_not_empty")]

    def __str__(self) -> str:
        return self.title


@audited()
class CongressDocument(models.Model):
    """A congress document (political report, the committee's self-review, draft resolution) — each upload of the
    same kind is the next version; earlier versions stay readable."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="congress/documents/%Y/")
    note = models.CharField(_("ghi chú thay đổi"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu đại hội")
        verbose_name_plural = _("tài liệu đại hội")
        ordering = ["congress", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "version"], name="congress_document_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


@audited()
class Summons(models.Model):
    """One member of the cell on the congress's list: summoned or not (and why), and their attendance.

    Computed from the party module's statuses when the list is drawn up; attendance (and an approved reason for
    an absence) moves a member out of the summoned count as Điều 30 says. Probationary members attend without
    voting or standing.
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="summons")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("tư cách"), max_length=30, choices=SummonsStatus.choices)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    attendance = models.CharField(_("điểm danh"), max_length=30, choices=Attendance.choices, blank=True)
    absence_reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đảng viên được triệu tập")
        verbose_name_plural = _("danh sách triệu tập")
        ordering = ["congress", "member__name_sort"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="congress_summons_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


@audited()
class BodyVote(models.Model):
    """The congress's show-of-hands approval of one service body (presidium, secretariat, counting committee)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="body_votes")
    body = models.CharField(_("cơ quan giúp việc"), max_length=20, choices=Body.choices)
    votes_for = models.PositiveSmallIntegerField(_("tán thành"))
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"), default=0)
    votes_other = models.PositiveSmallIntegerField(_("ý kiến khác"), default=0)
    approved_at = models.DateTimeField(_("biểu quyết lúc"))

    class Meta:
        verbose_name = _("biểu quyết cơ quan giúp việc")
        verbose_name_plural = _("biểu quyết cơ quan giúp việc")
        constraints = [models.UniqueConstraint(fields=["congress", "body"], name="congress_body_vote_once")]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.votes_for}"


@audited()
class Duty(models.Model):
    """A member's duty on this congress's presidium, secretariat or counting committee: gives a role scoped to
    this congress only (scope kind "congress")."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="duties")
    body = models.CharField(_("cơ quan giúp việc"), max_length=20, choices=Body.choices)
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="+")
    is_head = models.BooleanField(_("trưởng ban / chủ tịch"), default=False)

    class Meta:
        verbose_name = _("thành viên cơ quan giúp việc")
        verbose_name_plural = _("thành viên cơ quan giúp việc")
        ordering = ["congress", "body", "-is_head", "member__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "body", "member"], name="congress_duty_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.member}"


@audited()
class Election(Versioned, models.Model):
    """One round of one secret ballot. A further round (tie at the cut-off, too few elected) is a new row with
    ``previous`` set and ``round`` + 1."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="elections")
    kind = models.CharField(_("cuộc bầu"), max_length=20, choices=ElectionKind.choices)
    round = models.PositiveSmallIntegerField(_("lần bầu"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_round"
    )
    seats = models.PositiveSmallIntegerField(_("số lượng cần bầu"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ElectionState.choices, default=ElectionState.NOMINATING
    )
    style = models.CharField(_("kiểu phiếu"), max_length=10, choices=Style.choices, blank=True)
    list_decision = models.CharField(
        _("quyết định của đại hội về danh sách"),
        max_length=500,
        blank=True,
        help_text=_(
            "Ví dụ: đại hội biểu quyết chấp thuận danh sách có số dư vượt 30%, hoặc tổ chức bầu lần tiếp."
        ),
    )
    voting_opened_at = models.DateTimeField(_("bắt đầu bỏ phiếu lúc"), null=True, blank=True)
    issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    not_returned = models.PositiveSmallIntegerField(_("số phiếu không thu về"), null=True, blank=True)
    summoned = models.PositiveSmallIntegerField(_("số đảng viên được triệu tập"), null=True, blank=True)
    valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    invalid = models.PositiveSmallIntegerField(_("số phiếu không hợp lệ"), null=True, blank=True)
    appointed_by_superior = models.BooleanField(
        _("cấp ủy cấp trên chỉ định"),
        default=False,
        help_text=_("Sau ba lần bầu không bầu được bí thư, cấp ủy cấp trên chỉ định (Quyết định 190-QĐ/TW)."),
    )
    closed_at = models.DateTimeField(_("kết thúc kiểm phiếu lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The counting committee as it was when the count closed: [{"name": ..., "is_head": ...}] (for the minutes).
    counting_committee = models.JSONField(
        _("Ban Kiểm phiếu khi kết thúc kiểm phiếu"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = _("cuộc bầu cử")
        ordering = ["congress", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "round"], name="congress_election_round_once"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="congress_election_seats_positive"),
            models.CheckConstraint(
                condition=~Q(state="closed")
                | (Q(issued__isnull=False) & Q(not_returned__isnull=False) & Q(summoned__isnull=False)),
                name="congress_election_closed_has_totals",
            ),
            models.CheckConstraint(
                # Coalesce: full_clean() checks an unsaved row whose counts are still NULL.
                condition=~Q(state="closed")
                | Q(issued=Coalesce("valid", 0) + Coalesce("invalid", 0) + Coalesce("not_returned", 0)),
                name="congress_election_closed_totals_add_up",
            ),
        ]

    def __str__(self) -> str:
        text = self.get_kind_display()
        return f"{text} (lần {self.round})" if self.round > 1 else text


@audited()
class Candidate(models.Model):
    """A name on an election's list, where it came from, and — once the count is closed — its votes."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("nguồn giới thiệu"), max_length=20, choices=CandidateSource.choices)
    approvals = models.PositiveSmallIntegerField(_("số tán thành đưa vào danh sách"), null=True, blank=True)
    present = models.PositiveSmallIntegerField(_("số có mặt khi biểu quyết"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự trên phiếu"), default=0)
    withdrawn = models.BooleanField(_("đã rút"), default=False)
    withdrawal_decision = models.CharField(_("quyết định của đại hội cho rút"), max_length=500, blank=True)
    votes = models.PositiveSmallIntegerField(_("số phiếu bầu"), null=True, blank=True)
    elected = models.BooleanField(_("trúng cử"), default=False)
    tied = models.BooleanField(_("bằng phiếu ở ngưỡng"), default=False)

    class Meta:
        verbose_name = _("người ứng cử, được đề cử")
        verbose_name_plural = _("danh sách bầu cử")
        ordering = ["election", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="congress_candidate_once"),
            models.CheckConstraint(
                condition=Q(source="convening") | (Q(approvals__isnull=False) & Q(present__isnull=False)),
                name="congress_nomination_has_approval",
            ),
            models.CheckConstraint(
                condition=~Q(withdrawn=True) | ~Q(withdrawal_decision=""),
                name="congress_withdrawal_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return str(self.member)


@audited()
class Ballot(models.Model):
    """One paper ballot (numbered as the counting committee sorts them), as accepted from its entries."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    number = models.PositiveSmallIntegerField(_("số thứ tự phiếu"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=EntryState.choices, default=EntryState.PENDING
    )
    stamped = models.BooleanField(_("có dấu của Ban Kiểm phiếu"), default=True)
    names_added = models.BooleanField(_("có ghi thêm tên"), default=False)
    marks = models.JSONField(_("đánh dấu"), default=dict, blank=True)  # candidate id (str) → rules.Mark value
    valid = models.BooleanField(_("hợp lệ"), null=True)
    invalid_reason = models.CharField(_("lý do không hợp lệ"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="congress_ballot_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.election} — {self.number}"


@audited()
class BallotEntry(models.Model):
    """One reading of one paper ballot by one member of the counting committee (never edited: a re-reading is a
    new entry)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="entries")
    reading = models.PositiveSmallIntegerField(_("lần nhập"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    stamped = models.BooleanField(_("có dấu"), default=True)
    names_added = models.BooleanField(_("có ghi thêm tên"), default=False)
    marks = models.JSONField(_("đánh dấu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lần nhập phiếu")
        verbose_name_plural = _("lần nhập phiếu")
        ordering = ["ballot", "reading"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "reading"], name="congress_entry_reading_once")
        ]

    def __str__(self) -> str:
        return f"{self.ballot} #{self.reading}"
