"""Reads of the study part: directives and their study, commendations and criticisms, supervision, residence
feedback. Every read that depends on who asks starts from :func:`hoptac.core.permissions.restrict`; an object
the person may not see answers 404.

Two reads serve the yearly evaluation (issue 6 §10) and take no user — the evaluation part calls them for a
member it has already fetched through its own visibility check:

* :func:`recognitions_for` ``(member, year) -> RecognitionSummary``
* :func:`residence_feedback_for` ``(member, year) -> ResidenceStatus``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from hoptac.core.permissions import VIEW, restrict

from .choices import OFF_ROLL, FeeBasis, MemberStatus, RecognitionKind
from .models import (
    Directive,
    FollowUpTask,
    Meeting,
    PartyMember,
    Recognition,
    ResidenceFeedback,
    StudyRecord,
    StudySession,
    SupervisionItem,
    SupervisionPlan,
)

# --------------------------------------------------------------------------------------------- members


def roll(cell) -> QuerySet[PartyMember]:
    """Members on the cell's roll (not transferred out, not deceased), in Vietnamese name order."""
    return PartyMember.objects.filter(cell=cell).exclude(status__in=OFF_ROLL).order_by("name_sort", "id")


def working_members(cell) -> QuerySet[PartyMember]:
    """Members who owe a yearly residence feedback (Quy định 213-QĐ/TW): working members of the cell.

    Working = on the roll, in active standing (not exempted from activities, temporarily transferred or
    suspended — another organisation or nobody follows them this year) and not living on a pension.
    """
    return roll(cell).filter(status=MemberStatus.ACTIVE).exclude(fee_basis=FeeBasis.PENSION)


def own_member(user, cell) -> PartyMember | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return PartyMember.objects.filter(user=user, cell=cell).first()


def member_of_cell_or_404(*, user, cell, pk: int) -> PartyMember:
    return get_object_or_404(restrict(PartyMember.objects.filter(cell=cell), user, VIEW), pk=pk)


# --------------------------------------------------------------------------------------------- directives


def directive_list(*, user, cell) -> QuerySet[Directive]:
    return restrict(Directive.objects.filter(cell=cell), user, VIEW).order_by("-issued_on", "-id")


def directive_get(*, user, cell, pk: int) -> Directive:
    return get_object_or_404(directive_list(user=user, cell=cell), pk=pk)


def sessions_of(*, user, directive: Directive) -> list[StudySession]:
    return list(
        restrict(StudySession.objects.filter(directive=directive), user, VIEW)
        .select_related("meeting")
        .order_by("held_on", "id")
    )


def session_get(*, user, cell, pk: int) -> StudySession:
    return get_object_or_404(
        restrict(StudySession.objects.filter(directive__cell=cell), user, VIEW).select_related(
            "directive", "meeting"
        ),
        pk=pk,
    )


def meetings_for_sessions(*, user, cell) -> QuerySet[Meeting]:
    """Meetings a study session may be linked to: the cell's, not cancelled, newest first."""
    return (
        restrict(Meeting.objects.filter(cell=cell), user, VIEW)
        .exclude(state="cancelled")
        .order_by("-starts_at", "-id")
    )


def records_of(*, user, directive: Directive) -> dict[int, StudyRecord]:
    """The study records of ``directive`` the person may see (the committee: all; a member: their own), by member."""
    rows = restrict(StudyRecord.objects.filter(directive=directive), user, VIEW)
    return {r.member_id: r for r in rows}


def own_records(*, user, cell) -> dict[int, StudyRecord]:
    """The person's own study records in the cell, by directive id (the member's view of the list)."""
    rows = restrict(StudyRecord.objects.filter(member__user=user, member__cell=cell), user, VIEW)
    return {r.directive_id: r for r in rows}


def _pct(part: int, total: int) -> Decimal | None:
    if total == 0:
        return None
    return (Decimal(100) * part / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class StudySummary:
    """Counts and shares of one directive's study over the members on the roll (shares are None with no member)."""

    total: int
    attended: int
    self_studied: int
    studied: int
    essays: int
    assessed: int
    overdue: bool
    not_studied: list = field(default_factory=list)

    @property
    def attended_pct(self):
        return _pct(self.attended, self.total)

    @property
    def self_studied_pct(self):
        return _pct(self.self_studied, self.total)

    @property
    def studied_pct(self):
        return _pct(self.studied, self.total)

    @property
    def essays_pct(self):
        return _pct(self.essays, self.total)

    @property
    def assessed_pct(self):
        return _pct(self.assessed, self.total)


def study_summary(
    members, records: dict[int, StudyRecord], *, deadline: date | None, today: date
) -> StudySummary:
    """Pure: the dashboard of a directive's study. A member has *studied* when they attended a session or studied
    on their own; past the deadline, those who have not are listed (the committee's warning)."""
    members = list(members)
    attended = self_studied = studied = essays = assessed = 0
    not_studied = []
    for member in members:
        record = records.get(member.pk)
        done = False
        if record is not None:
            attended += record.attended
            self_studied += record.self_study
            essays += record.essay_submitted_on is not None
            assessed += bool(record.essay_assessment)
            done = record.attended or record.self_study
        studied += done
        if not done:
            not_studied.append(member)
    overdue = deadline is not None and today > deadline
    return StudySummary(
        total=len(members),
        attended=attended,
        self_studied=self_studied,
        studied=studied,
        essays=essays,
        assessed=assessed,
        overdue=overdue and bool(not_studied),
        not_studied=not_studied if overdue else [],
    )


# --------------------------------------------------------------------------------------------- recognitions


def recognition_list(*, user, cell, year: int | None) -> QuerySet[Recognition]:
    rows = restrict(Recognition.objects.filter(member__cell=cell), user, VIEW).select_related("member")
    if year is not None:
        rows = rows.filter(decided_on__year=year)
    return rows.order_by("-decided_on", "-id")


def recognition_get(*, user, cell, pk: int) -> Recognition:
    return get_object_or_404(recognition_list(user=user, cell=cell, year=None), pk=pk)


@dataclass(frozen=True)
class RecognitionSummary:
    """A member's commendations and reminders/criticisms/discipline of one year.

    ``counts`` has every :class:`~hoptac.party.choices.RecognitionKind` code as a key (0 when none);
    ``items`` are the rows, oldest first; ``unremedied_discipline`` is True when a discipline was not
    self-detected and remedied (Quy định 366-QĐ/TW: then the member cannot be rated above "not complete").
    """

    counts: dict[str, int]
    items: list[Recognition]

    @property
    def commendations(self) -> int:
        return self.counts[RecognitionKind.COMMENDATION]

    @property
    def negatives(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind != RecognitionKind.COMMENDATION)

    @property
    def unremedied_discipline(self) -> bool:
        return any(r.kind == RecognitionKind.DISCIPLINE and not r.self_remedied for r in self.items)


def recognitions_for(member: PartyMember, year: int) -> RecognitionSummary:
    """``recognitions_for(member, year) -> RecognitionSummary`` — for the evaluation's self-review prefill.

    No visibility check: the caller fetched ``member`` through its own. One query.
    """
    items = list(
        Recognition.objects.filter(member=member, decided_on__year=year).order_by("decided_on", "id")
    )
    counts = dict.fromkeys(RecognitionKind.values, 0)
    for item in items:
        counts[item.kind] += 1
    return RecognitionSummary(counts=counts, items=items)


# --------------------------------------------------------------------------------------------- supervision


def plan_for_year(*, user, cell, year: int) -> SupervisionPlan | None:
    return (
        restrict(SupervisionPlan.objects.filter(cell=cell, year=year), user, VIEW)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=SupervisionItem.objects.select_related("subject_member", "responsible").order_by(
                    "starts_on", "id"
                ),
            ),
            Prefetch("items__tasks", queryset=FollowUpTask.objects.order_by("done_on", "due_on", "id")),
        )
        .first()
    )


def plan_years(*, user, cell) -> list[int]:
    return list(
        restrict(SupervisionPlan.objects.filter(cell=cell), user, VIEW)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def plan_get(*, user, cell, pk: int) -> SupervisionPlan:
    return get_object_or_404(restrict(SupervisionPlan.objects.filter(cell=cell), user, VIEW), pk=pk)


def item_get(*, user, cell, pk: int) -> SupervisionItem:
    return get_object_or_404(
        restrict(SupervisionItem.objects.filter(plan__cell=cell), user, VIEW).select_related(
            "plan", "subject_member", "responsible"
        ),
        pk=pk,
    )


def item_tasks(item: SupervisionItem) -> list[FollowUpTask]:
    return list(item.tasks.select_related("owner").order_by("done_on", "due_on", "id"))


def task_get(*, user, cell, pk: int) -> FollowUpTask:
    return get_object_or_404(
        restrict(
            FollowUpTask.objects.filter(cell=cell, supervision__isnull=False), user, VIEW
        ).select_related("supervision"),
        pk=pk,
    )


# --------------------------------------------------------------------------------------------- residence

RECEIVED = "received"
MISSING = "missing"
EXEMPT = "exempt"
NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class ResidenceStatus:
    """Where a member stands with one year's residence feedback (Quy định 213-QĐ/TW).

    ``status``: ``"received"`` (``feedback`` holds the row), ``"exempt"`` (``exempt_reason`` says why),
    ``"missing"`` (a working member without feedback) or ``"not_required"`` (not a working member: retired,
    exempted from activities, transferred, suspended).
    """

    member: PartyMember
    status: str
    feedback: ResidenceFeedback | None = None
    exempt_reason: str = ""


def _status_of(member: PartyMember, feedback: ResidenceFeedback | None, working: bool) -> ResidenceStatus:
    if feedback is not None:
        return ResidenceStatus(member, RECEIVED, feedback)
    if member.residence_exempt:
        return ResidenceStatus(member, EXEMPT, None, member.residence_exempt_reason)
    return ResidenceStatus(member, MISSING if working else NOT_REQUIRED)


def _is_working(member: PartyMember) -> bool:
    return member.status == MemberStatus.ACTIVE and member.fee_basis != FeeBasis.PENSION


def residence_feedback_for(member: PartyMember, year: int) -> ResidenceStatus:
    """``residence_feedback_for(member, year) -> ResidenceStatus`` — for the evaluation's flow and prefill.

    No visibility check: the caller fetched ``member`` through its own. One query.
    """
    feedback = ResidenceFeedback.objects.filter(member=member, year=year).first()
    return _status_of(member, feedback, _is_working(member))


def residence_board(*, user, cell, year: int) -> list[ResidenceStatus]:
    """Every working member on the roll with their feedback status for ``year`` (two queries)."""
    members = list(restrict(working_members(cell), user, VIEW))
    feedback = {
        f.member_id: f
        for f in restrict(ResidenceFeedback.objects.filter(member__cell=cell, year=year), user, VIEW)
    }
    return [_status_of(m, feedback.get(m.pk), True) for m in members]


def residence_feedback_get(*, user, cell, pk: int) -> ResidenceFeedback:
    return get_object_or_404(
        restrict(ResidenceFeedback.objects.filter(member__cell=cell), user, VIEW).select_related("member"),
        pk=pk,
    )


def missing_residence_count(cell, year: int) -> int:
    """Working members, not exempt, without feedback for ``year`` (the reminder job's count)."""
    return working_members(cell).filter(residence_exempt=False).exclude(residence_feedback__year=year).count()
