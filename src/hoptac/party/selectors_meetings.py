"""Reads of the cell's meetings and notices, always through :func:`hoptac.core.permissions.restrict`: the
committee sees every meeting of its cell; a member sees meetings once notified, published documents, and after
the meeting its attendance and conclusions. Objects not visible answer 404.

Also the committee's warnings (quarters without a thematic meeting, months without a regular one, meetings
too short) and :func:`meeting_warnings_for_home` for the module's home page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict

from . import rules_meetings
from .choices import MeetingState, MemberStatus, Presence
from .models import (
    AgendaItem,
    Attendance,
    Conclusion,
    FollowUpTask,
    Meeting,
    MeetingDocument,
    Notice,
    PartyCell,
)
from .policies import is_committee
from .services import rules_for
from .services_meetings import is_required, roll_for


def meeting_list(*, user, cell: PartyCell, year: int | None = None):
    """The meetings the user may see, newest first, with their agenda size and documents count."""
    rows = restrict(Meeting.objects.filter(cell=cell), user, VIEW).annotate(
        agenda_count=Count("agenda", distinct=True)
    )
    if year:
        rows = rows.filter(starts_at__year=year)
    return rows.order_by("-starts_at", "-id")


def meeting_get(*, user, pk: int) -> Meeting:
    """One meeting with everything its page shows, each part restricted to what the user may see."""
    base = Meeting.objects.select_related("cell", "chair", "minute_taker", "created_by").prefetch_related(
        Prefetch("agenda", queryset=restrict(AgendaItem.objects.all(), user, VIEW)),
        Prefetch(
            "documents",
            queryset=restrict(MeetingDocument.objects.select_related("uploaded_by"), user, VIEW),
        ),
        Prefetch(
            "conclusions",
            queryset=restrict(Conclusion.objects.all(), user, VIEW).order_by("position", "id"),
        ),
        Prefetch(
            "tasks",
            queryset=restrict(FollowUpTask.objects.select_related("owner"), user, VIEW).order_by(
                "due_on", "id"
            ),
        ),
    )
    return get_visible_or_404(base, user, VIEW, pk=pk)


def document_get(*, user, meeting_pk: int, pk: int) -> MeetingDocument:
    return get_visible_or_404(
        MeetingDocument.objects.select_related("meeting"), user, VIEW, pk=pk, meeting_id=meeting_pk
    )


def notice_list(*, user, cell: PartyCell):
    return (
        restrict(Notice.objects.filter(cell=cell), user, VIEW)
        .select_related("meeting", "published_by")
        .order_by("-published_at", "-id")
    )


# --- the roll ------------------------------------------------------------------------------------------------


@dataclass
class RollRow:
    member: object
    required: bool
    presence: str = ""
    reason: str = ""
    status_note: str = ""

    @property
    def present(self) -> bool:
        return self.presence == Presence.PRESENT


@dataclass
class RollSummary:
    rows: list[RollRow]
    recorded: bool
    present: int = 0
    absent_with_reason: list[RollRow] = field(default_factory=list)
    absent_without_reason: list[RollRow] = field(default_factory=list)
    not_required: list[RollRow] = field(default_factory=list)
    quorum: rules_meetings.Quorum | None = None
    totals: dict[str, int] = field(default_factory=dict)


def meeting_roll(meeting: Meeting, *, rules=None) -> RollSummary:
    """The roll with each member's attendance, the totals (frozen ones once closed) and the quorum."""
    from .services_meetings import roll_totals

    members = roll_for(meeting)
    recorded = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    rows = []
    for member in members:
        attendance = recorded.get(member.pk)
        note = member.get_status_display() if member.status != MemberStatus.ACTIVE else ""
        rows.append(
            RollRow(
                member=member,
                required=is_required(member),
                presence=attendance.presence if attendance else "",
                reason=attendance.reason if attendance else "",
                status_note=note,
            )
        )
    summary = RollSummary(rows=rows, recorded=bool(recorded))
    summary.present = sum(1 for r in rows if r.present)
    summary.absent_with_reason = [r for r in rows if r.presence == Presence.ABSENT_WITH_REASON]
    summary.absent_without_reason = [r for r in rows if r.presence == Presence.ABSENT_WITHOUT_REASON]
    summary.not_required = [r for r in rows if not r.required]
    if meeting.state == MeetingState.CLOSED and meeting.total_full is not None:
        summary.totals = {
            "full": meeting.total_full,
            "probationary": meeting.total_probationary or 0,
            "exempted": meeting.total_exempted or 0,
            "transferred": meeting.total_transferred or 0,
        }
    else:
        summary.totals = roll_totals(members)
    if recorded:
        rules = rules or rules_for(meeting.cell)
        summary.quorum = rules_meetings.quorum_for_roll(
            (
                rules_meetings.RollEntry(
                    probationary=r.member.is_probationary, required=r.required, present=r.present
                )
                for r in rows
            ),
            share=rules.quorum_share,
            strictly_more=rules.quorum_strictly_more,
            counts_probationary=rules.quorum_counts_probationary,
        )
    return summary


# --- warnings ------------------------------------------------------------------------------------------------


def _facts(cell: PartyCell, today: date) -> list[rules_meetings.MeetingFact]:
    rows = Meeting.objects.filter(
        cell=cell, starts_at__date__gte=date(today.year - 1, 1, 1) - timedelta(days=1)
    ).values_list("kind", "starts_at", "state")
    return [rules_meetings.MeetingFact(kind, timezone.localdate(at), state) for kind, at, state in rows]


def _since(cell: PartyCell) -> date | None:
    """From when the warnings count: the cell's founding, or else its first meeting recorded here — the
    platform cannot know of meetings held before it was used (none recorded at all: every period is warned)."""
    if cell.founded_on is not None:
        return cell.founded_on
    first = Meeting.objects.filter(cell=cell).aggregate(first=Min("starts_at"))["first"]
    return timezone.localdate(first) if first else None


def warnings(cell: PartyCell, *, today: date | None = None) -> dict[str, list[str]]:
    """Quarters without a thematic meeting and months without a regular one (one query)."""
    today = today or timezone.localdate()
    facts = _facts(cell, today)
    quarters = rules_meetings.quarters_without_thematic(facts, today=today, since=_since(cell))
    months = rules_meetings.months_without_regular(facts, today=today, since=_since(cell))
    return {
        "quarters": [
            _(
                "Quý %(quarter)s/%(year)s chưa có buổi sinh hoạt chuyên đề "
                "(Hướng dẫn 12-HD/BTCTW: ít nhất mỗi quý một lần)."
            )
            % {"quarter": q, "year": y}
            for y, q in quarters
        ],
        "months": [
            _("Tháng %(month)s/%(year)s chưa có buổi sinh hoạt thường kỳ.") % {"month": m, "year": y}
            for y, m in months
        ],
    }


def short_meeting_minutes(meeting: Meeting, rules) -> int | None:
    return rules_meetings.too_short(
        meeting.kind,
        meeting.starts_at,
        meeting.ends_at,
        regular_min=rules.meeting_minutes_min,
        combined_min=rules.combined_meeting_minutes_min,
    )


def meeting_warnings_for_home(cell: PartyCell, user, *, today: date | None = None) -> dict:
    """What the module's home page shows of the meetings, for ``user`` of ``cell``:

    * ``upcoming``: the next meeting the user may see (not cancelled, starting today or later), or None;
    * ``open_tasks``: the user's own follow-up tasks not yet done (their member record's);
    * ``quarters`` and ``months``: the committee's warnings (empty lists for a member).

    A constant number of queries, whatever the number of meetings.
    """
    today = today or timezone.localdate()
    upcoming = (
        restrict(Meeting.objects.filter(cell=cell), user, VIEW)
        .filter(starts_at__date__gte=today)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at", "id")
        .first()
    )
    open_tasks = list(
        restrict(FollowUpTask.objects.filter(cell=cell), user, VIEW)
        .filter(owner__user=user, done_on__isnull=True)
        .order_by("due_on", "id")[:10]
    )
    result = {"upcoming": upcoming, "open_tasks": open_tasks, "quarters": [], "months": []}
    if is_committee(user, cell.pk):
        result.update(warnings(cell, today=today))
    return result


def late_documents(meeting: Meeting, rules, *, now=None) -> list[MeetingDocument]:
    """The meeting's documents members had later than the rule's days ahead (Hướng dẫn 42-HD/BTCTW) — counted from
    the later of publication and the notice —, and those still unpublished once that deadline has passed."""
    now = now or timezone.now()
    return [
        d
        for d in meeting.documents.all()
        if rules_meetings.published_late(
            d.published_at,
            meeting.starts_at,
            days_ahead=rules.documents_days_ahead,
            notified_at=meeting.notified_at,
            now=now,
        )
    ]
