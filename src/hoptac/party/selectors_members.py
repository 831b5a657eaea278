"""Reads of the members part, always through ``restrict`` (policies.py): invisible rows answer 404.

Every list costs a fixed number of queries whatever its length (STYLE.md habit 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from hoptac.core.pagination import KeysetPage, keyset_paginate
from hoptac.core.permissions import VIEW, get_visible_or_404, restrict
from hoptac.core.text import fold

from . import badges
from .choices import ADMISSION_FINAL, OFF_ROLL, AdmissionStage, MemberStatus
from .models import (
    AdmissionCase,
    AdmissionStep,
    BadgeAward,
    CellRules,
    CommitteePosition,
    MemberStatusPeriod,
    PartyCell,
    PartyMember,
)

KIND_FULL = "chinh-thuc"
KIND_PROBATIONARY = "du-bi"
KINDS = (KIND_FULL, KIND_PROBATIONARY)
ON_ROLL = "dang-sinh-hoat"  # every status but transferred out and deceased: the default filter
ALL = "tat-ca"
MEMBER_PAGE_SIZE = 50


def members_of(*, user, cell: PartyCell) -> QuerySet[PartyMember]:
    return restrict(PartyMember.objects.filter(cell=cell), user, VIEW)


@dataclass
class MemberFilters:
    status: str = ON_ROLL
    kind: str = ""
    query: str = ""


def member_page(
    *, user, cell: PartyCell, filters: MemberFilters, after: str | None = None, before: str | None = None
) -> KeysetPage:
    """One page of members (keyset on the Vietnamese sort key), filtered by status, full/probationary, name."""
    qs = members_of(user=user, cell=cell).select_related("user")
    if filters.status == ON_ROLL:
        qs = qs.exclude(status__in=OFF_ROLL)
    elif filters.status in MemberStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.kind == KIND_FULL:
        qs = qs.filter(full_member_on__isnull=False)
    elif filters.kind == KIND_PROBATIONARY:
        qs = qs.filter(full_member_on__isnull=True)
    folded = fold(filters.query)
    for word in folded.split()[:8]:
        qs = qs.filter(name_folded__contains=word)
    return keyset_paginate(
        qs,
        after=after,
        before=before,
        per_page=MEMBER_PAGE_SIZE,
        keys=("name_sort", "id"),
        filtered=bool(folded),
    )


def member_counts(*, user, cell: PartyCell) -> dict[str, int]:
    """How many members per status, and full/probationary among those on the roll — one query."""
    qs = members_of(user=user, cell=cell).order_by()
    aggregates = {f"s_{value}": Count("id", filter=Q(status=value)) for value in MemberStatus.values}
    on_roll = ~Q(status__in=OFF_ROLL)
    aggregates["full"] = Count("id", filter=on_roll & Q(full_member_on__isnull=False))
    aggregates["probationary"] = Count("id", filter=on_roll & Q(full_member_on__isnull=True))
    row = qs.aggregate(**aggregates)
    counts = {value: row[f"s_{value}"] for value in MemberStatus.values}
    counts[ON_ROLL] = sum(v for k, v in counts.items() if k not in OFF_ROLL)
    counts[ALL] = sum(counts[v] for v in MemberStatus.values)
    counts[KIND_FULL] = row["full"]
    counts[KIND_PROBATIONARY] = row["probationary"]
    return counts


def member_get(*, user, cell: PartyCell, pk: int) -> PartyMember:
    """A member of the cell the user may see (the committee: any; a member: only themself), else 404."""
    return get_visible_or_404(PartyMember.objects.filter(cell=cell).select_related("user"), user, VIEW, pk=pk)


def own_member(*, user, cell: PartyCell) -> PartyMember | None:
    """The logged-in person's own member record in the cell (None when the log-in is not linked to one)."""
    return members_of(user=user, cell=cell).filter(user=user).select_related("user").first()


@dataclass
class MemberRecord:
    member: PartyMember
    periods: list[MemberStatusPeriod]
    badges: list[BadgeAward]
    positions: list[CommitteePosition]
    case: AdmissionCase | None
    case_steps: list[AdmissionStep]
    badge_status: badges.BadgeStatus
    probation_due_on: date | None
    rules: CellRules


def member_record(*, user, member: PartyMember, rules: CellRules, today: date) -> MemberRecord:
    """Everything of the member page, in a fixed number of queries; each part through its own policy."""
    periods = list(
        restrict(MemberStatusPeriod.objects.filter(member=member), user, VIEW)
        .select_related("recorded_by")
        .order_by("-starts_on", "-id")
    )
    awards = list(restrict(BadgeAward.objects.filter(member=member), user, VIEW).order_by("years"))
    positions = list(
        restrict(CommitteePosition.objects.filter(member=member), user, VIEW)
        .select_related("term")
        .order_by("-starts_on")
    )
    # Admission cases are the committee's (policies: committee only); a member sees none of theirs.
    case = restrict(AdmissionCase.objects.filter(member=member), user, VIEW).first() if member.pk else None
    steps = (
        list(case.steps.select_related("responsible", "recorded_by").order_by("happened_on", "id"))
        if case
        else []
    )
    status = badges.badge_status(
        member.admitted_on,
        today,
        rules.milestones(),
        awarded=[a.years for a in awards],
        reminder_days=rules.badge_reminder_days,
    )
    due = None
    if member.is_probationary:
        due = (case.probation_due_on if case else None) or badges.probation_due(
            member.admitted_on, rules.probation_months
        )
    return MemberRecord(member, periods, awards, positions, case, steps, status, due, rules)


def status_period_get(*, user, cell: PartyCell, pk: int) -> MemberStatusPeriod:
    return get_visible_or_404(
        MemberStatusPeriod.objects.filter(member__cell=cell).select_related("member"), user, VIEW, pk=pk
    )


# ------------------------------------------------------------------------------------------------ badges


@dataclass
class BadgeRow:
    member: PartyMember
    status: badges.BadgeStatus
    awards: list[BadgeAward]


def badge_overview(*, user, cell: PartyCell, rules: CellRules, today: date) -> dict[str, list[BadgeRow]]:
    """Members on the roll whose next milestone falls within the reminder window ("upcoming"), those with a
    milestone reached but not awarded ("overdue"), and every award recorded ("awarded"); two queries."""
    members = list(
        members_of(user=user, cell=cell)
        .exclude(status__in=OFF_ROLL)
        .filter(full_member_on__isnull=False)
        .prefetch_related(Prefetch("badges", queryset=BadgeAward.objects.order_by("years")))
        .order_by("admitted_on", "name_sort", "id")
    )
    milestones = rules.milestones()
    upcoming, overdue, awarded = [], [], []
    for member in members:
        awards = list(member.badges.all())
        status = badges.badge_status(
            member.admitted_on,
            today,
            milestones,
            awarded=[a.years for a in awards],
            reminder_days=rules.badge_reminder_days,
        )
        row = BadgeRow(member, status, awards)
        if status.overdue:
            overdue.append(row)
        if status.upcoming:
            upcoming.append(row)
        if awards:
            awarded.append(row)
    upcoming.sort(key=lambda r: r.status.upcoming.due_on)
    return {"upcoming": upcoming, "overdue": overdue, "awarded": awarded}


# -------------------------------------------------------------------------------------------- admission

OPEN = "dang-xem-xet"
STAGE_FILTERS = (OPEN, *AdmissionStage.values, ALL)


def admission_cases(*, user, cell: PartyCell, stage: str) -> QuerySet[AdmissionCase]:
    qs = restrict(AdmissionCase.objects.filter(cell=cell), user, VIEW).select_related("member")
    if stage == OPEN:
        qs = qs.exclude(stage__in=ADMISSION_FINAL)
    elif stage in AdmissionStage.values:
        qs = qs.filter(stage=stage)
    last_step = AdmissionStep.objects.order_by("-happened_on", "-id")
    return qs.prefetch_related(Prefetch("steps", queryset=last_step, to_attr="steps_desc")).order_by(
        "full_name", "id"
    )


def admission_counts(*, user, cell: PartyCell) -> dict[str, int]:
    rows = (
        restrict(AdmissionCase.objects.filter(cell=cell), user, VIEW)
        .order_by()
        .values("stage")
        .annotate(n=Count("id"))
    )
    counts = {row["stage"]: row["n"] for row in rows}
    counts[OPEN] = sum(n for s, n in counts.items() if s not in ADMISSION_FINAL)
    counts[ALL] = sum(n for s, n in counts.items() if s in AdmissionStage.values)
    return counts


@dataclass
class ProbationRow:
    full_name: str
    due_on: date
    state: str  # "soon" | "overdue"
    case: AdmissionCase | None
    member: PartyMember | None


def probation_reminders(*, user, cell: PartyCell, rules: CellRules, today: date) -> list[ProbationRow]:
    """Probationary members whose due date is within the reminder window or past, with or without a case."""
    rows: list[ProbationRow] = []
    probationary = list(
        members_of(user=user, cell=cell)
        .exclude(status__in=OFF_ROLL)
        .filter(full_member_on__isnull=True)
        .select_related("admission")
        .order_by("admitted_on", "id")
    )
    visible_cases = set(
        restrict(AdmissionCase.objects.filter(cell=cell), user, VIEW).values_list("pk", flat=True)
    )
    for member in probationary:
        case = getattr(member, "admission", None)
        if case is not None and case.pk not in visible_cases:
            case = None
        if case is not None and case.stage != AdmissionStage.PROBATIONARY:
            continue
        due = (case.probation_due_on if case else None) or badges.probation_due(
            member.admitted_on, rules.probation_months
        )
        state = badges.probation_reminder(due, today, rules.probation_reminder_days)
        if state:
            rows.append(ProbationRow(member.full_name, due, state, case, member))
    rows.sort(key=lambda r: r.due_on)
    return rows


def admission_get(*, user, cell: PartyCell, pk: int) -> AdmissionCase:
    return get_visible_or_404(
        AdmissionCase.objects.filter(cell=cell).select_related("member", "user"), user, VIEW, pk=pk
    )


def admission_steps(*, user, case: AdmissionCase) -> list[AdmissionStep]:
    return list(
        restrict(AdmissionStep.objects.filter(case=case), user, VIEW)
        .select_related("responsible", "recorded_by")
        .order_by("happened_on", "id")
    )


def admission_step_get(*, user, cell: PartyCell, pk: int) -> AdmissionStep:
    return get_visible_or_404(AdmissionStep.objects.filter(case__cell=cell), user, VIEW, pk=pk)


def responsible_choices(*, user, cell: PartyCell) -> QuerySet[PartyMember]:
    """Members who may be named responsible for a step or introducers: full members on the roll."""
    return members_of(user=user, cell=cell).exclude(status__in=OFF_ROLL).filter(full_member_on__isnull=False)


def require_cell(cell: PartyCell | None) -> PartyCell:
    if cell is None:
        raise Http404
    return cell
