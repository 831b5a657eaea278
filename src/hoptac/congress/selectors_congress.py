"""Reads of a congress and its preparation: lists and pages read through
:func:`hoptac.core.permissions.restrict` (invisible → 404), and the counts the other parts use.

For the elections and counting parts:

* :func:`summoned_count` — the members summoned (Quyết định 190-QĐ/TW, Điều 30): the base of the majority.
* :func:`counters_of` — ids of the members on the counting committee (they cannot be candidates).
* :func:`present_voters` — full members summoned and present (a show of hands needs more than half of them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict
from hoptac.party import targets as target_rules
from hoptac.party.choices import OFF_ROLL
from hoptac.party.models import PartyCell, PartyMember, TermTarget
from hoptac.party.services import rules_for

from . import summoning
from .choices import Attendance, Body, DocumentKind, SummonsStatus
from .models import BodyVote, Congress, CongressDocument, Duty, Summons

# --- counts used by the other parts ---------------------------------------------------------------------------


def summoned_count(congress: Congress | int) -> int:
    """The number of members summoned (Điều 30): the base of every election's majority."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    return Summons.objects.filter(congress_id=congress_id, status=SummonsStatus.SUMMONED).count()


def present_voters(congress: Congress | int) -> int:
    """Full members counted among the summoned and marked present: the hands of a show-of-hands vote."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    return Summons.objects.filter(
        congress_id=congress_id, status=SummonsStatus.SUMMONED, attendance=Attendance.PRESENT
    ).count()


def counters_of(congress: Congress | int) -> frozenset[int]:
    """Ids of the members (``PartyMember``) on this congress's counting committee."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    return frozenset(
        Duty.objects.filter(congress_id=congress_id, body=Body.COUNTING).values_list("member_id", flat=True)
    )


def eligible_members(cell: PartyCell | int) -> QuerySet[PartyMember]:
    """Full members on the cell's roll (the convening committee is picked among them)."""
    cell_id = cell if isinstance(cell, int) else cell.pk
    return (
        PartyMember.objects.filter(cell_id=cell_id, full_member_on__isnull=False)
        .exclude(status__in=OFF_ROLL)
        .order_by("name_sort", "id")
    )


def current_committee(cell: PartyCell | int, *, today: date | None = None) -> list[PartyMember]:
    """The members holding an open committee position today (the default convening committee)."""
    cell_id = cell if isinstance(cell, int) else cell.pk
    today = today or timezone.localdate()
    return list(
        PartyMember.objects.filter(
            cell_id=cell_id, positions__ends_on__isnull=True, positions__starts_on__lte=today
        )
        .exclude(status__in=OFF_ROLL)
        .distinct()
        .order_by("name_sort", "id")
    )


# --- the congress ---------------------------------------------------------------------------------------------


def congress_list(*, user, cell: PartyCell) -> QuerySet[Congress]:
    return (
        restrict(Congress.objects.all(), user, VIEW)
        .filter(cell=cell)
        .select_related("term")
        .annotate(summoned=Count("summons", filter=Q(summons__status=SummonsStatus.SUMMONED), distinct=True))
        .order_by("-held_on", "-id")
    )


def congress_get(*, user, cell: PartyCell, pk: int) -> Congress:
    congress = get_visible_or_404(
        Congress.objects.select_related("term", "cell").prefetch_related(
            Prefetch("convening_committee", queryset=PartyMember.objects.order_by("name_sort", "id"))
        ),
        user,
        VIEW,
        pk=pk,
    )
    if congress.cell_id != cell.pk:
        raise Http404
    return congress


def free_terms(cell: PartyCell):
    """The cell's terms without a congress (a congress elects one term)."""
    return cell.terms.filter(congress__isnull=True).order_by("-starts_on")


# --- documents ------------------------------------------------------------------------------------------------


@dataclass
class DocumentGroup:
    kind: str
    label: str
    versions: list = field(default_factory=list)

    @property
    def latest(self):
        return self.versions[0] if self.versions else None


def documents(*, user, congress: Congress) -> list[DocumentGroup]:
    """Every version of every kind, newest first, grouped by kind in the order of :class:`DocumentKind`."""
    rows = (
        restrict(CongressDocument.objects.all(), user, VIEW)
        .filter(congress=congress)
        .select_related("uploaded_by")
        .order_by("kind", "-version")
    )
    groups = {kind: DocumentGroup(kind, str(label)) for kind, label in DocumentKind.choices}
    for row in rows:
        groups[row.kind].versions.append(row)
    return [g for g in groups.values() if g.versions]


def document_get(*, user, cell: PartyCell, congress_pk: int, pk: int) -> CongressDocument:
    document = get_visible_or_404(
        CongressDocument.objects.select_related("congress"), user, VIEW, pk=pk, congress_id=congress_pk
    )
    if document.congress.cell_id != cell.pk:
        raise Http404
    return document


# --- the summoned members -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummonsSummary:
    total: int  # lines on the list (probationary members included)
    summoned: int  # counted (Điều 30)
    present: int  # everyone marked present
    present_voters: int  # full members summoned and present
    absent: int  # absent without reason (still counted when full members)
    not_called: int  # no attendance yet
    probationary: int
    excluded: list  # [(status, label, count)] in Điều 30's order, zero counts included


def summary(congress: Congress) -> SummonsSummary:
    """The roll's counts in one query (what the congress page and the roll call show)."""
    rows = Summons.objects.filter(congress=congress).order_by().values_list("status", "attendance")
    by_status: Counter = Counter()
    by_attendance: Counter = Counter()
    voters = 0
    for status, attendance in rows:
        by_status[status] += 1
        by_attendance[attendance] += 1
        if status == SummonsStatus.SUMMONED and attendance == Attendance.PRESENT:
            voters += 1
    labels = dict(SummonsStatus.choices)
    return SummonsSummary(
        total=sum(by_status.values()),
        summoned=by_status[SummonsStatus.SUMMONED],
        present=by_attendance[Attendance.PRESENT],
        present_voters=voters,
        absent=by_attendance[Attendance.ABSENT],
        not_called=by_attendance[Attendance.UNKNOWN],
        probationary=by_status[SummonsStatus.PROBATIONARY],
        excluded=[(s, labels[s], by_status[s]) for s in summoning.EXCLUDED],
    )


def summons_rows(*, user, congress: Congress) -> list[Summons]:
    """The lines the person may see (the committee and the duty holders: all; a member: their own)."""
    return list(
        restrict(Summons.objects.all(), user, VIEW)
        .filter(congress=congress)
        .select_related("member")
        .order_by("member__name_sort", "member_id")
    )


def own_line(*, user, congress: Congress) -> Summons | None:
    return (
        restrict(Summons.objects.all(), user, VIEW).filter(congress=congress, member__user_id=user.pk).first()
    )


def present_lines(congress: Congress) -> list[Summons]:
    """Lines of the members present (those a service body is picked from)."""
    return list(
        Summons.objects.filter(congress=congress, attendance=Attendance.PRESENT)
        .select_related("member")
        .order_by("member__name_sort", "member_id")
    )


# --- service bodies -------------------------------------------------------------------------------------------


@dataclass
class BodyRow:
    body: str
    label: str
    vote: BodyVote | None
    duties: list


def bodies(*, user, congress: Congress) -> list[BodyRow]:
    """The three service bodies in order, each with its show-of-hands vote and its members (head first)."""
    votes = {v.body: v for v in restrict(BodyVote.objects.all(), user, VIEW).filter(congress=congress)}
    duties = (
        restrict(Duty.objects.all(), user, VIEW)
        .filter(congress=congress)
        .select_related("member")
        .order_by("body", "-is_head", "member__name_sort", "id")
    )
    rows = {b: BodyRow(b, str(label), votes.get(b), []) for b, label in Body.choices}
    for duty in duties:
        rows[duty.body].duties.append(duty)
    return list(rows.values())


def duty_get(*, user, congress: Congress, pk: int) -> Duty:
    return get_visible_or_404(
        Duty.objects.select_related("congress", "member__user"), user, VIEW, pk=pk, congress_id=congress.pk
    )


# --- the resolution's targets ---------------------------------------------------------------------------------


def term_targets(*, user, congress: Congress) -> tuple[list[TermTarget], list]:
    """The term's targets (those of the resolution and any the committee entered) with each one's conflict flags
    (``row.flags``), and the conflicts found (:mod:`hoptac.party.targets`)."""
    rows = list(
        restrict(TermTarget.objects.all(), user, VIEW).filter(term_id=congress.term_id).order_by("id")
    )
    specs = [
        target_rules.Target(
            level=r.level, share=r.share, mode=r.mode, comparison=r.comparison, label=r.label, key=r.pk
        )
        for r in rows
    ]
    found = target_rules.conflicts(specs, ratio=rules_for(congress.cell).excellent_quota_share)
    flags = target_rules.conflicts_by_key(found)
    for row in rows:
        row.flags = flags.get(row.pk, [])
    return rows, found


def target_get(*, user, congress: Congress, pk: int) -> TermTarget:
    return get_visible_or_404(TermTarget.objects.all(), user, VIEW, pk=pk, term_id=congress.term_id)
