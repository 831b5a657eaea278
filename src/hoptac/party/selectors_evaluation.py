"""Reads of the yearly evaluation and the term targets, starting from ``restrict`` (who sees what is policies.py).

The facts prefilled into a member's self-review are read here, straight from the models of the other parts of
the cell's work (meetings and attendance, study records, commendations and criticisms, residence feedback), for
every member of a round at once: a handful of queries whatever the cell's size.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.http import Http404

from hoptac.core.permissions import VIEW, restrict

from .choices import OFF_ROLL, EvaluationStep, MemberStatus, Presence, RecognitionKind
from .models import (
    Attendance,
    Directive,
    EvaluationYear,
    Meeting,
    MemberEvaluation,
    PartyCell,
    PartyMember,
    Recognition,
    ResidenceFeedback,
    StudyRecord,
    Term,
    TermTarget,
)

HELD_STATES = ("held", "closed")


# ------------------------------------------------------------------------------------------------ rounds


def round_list(*, user, cell: PartyCell):
    """The cell's rounds, newest first, each with its count of evaluations per step."""
    counts = {
        f"n_{step}": Count("evaluations", filter=Q(evaluations__step=step)) for step in EvaluationStep.values
    }
    return restrict(EvaluationYear.objects.filter(cell=cell), user, VIEW).annotate(
        n_total=Count("evaluations"), **counts
    )


def round_get(*, user, cell: PartyCell, pk: int) -> EvaluationYear:
    """A round of ``cell`` (the cell the page works on: a person may sit on one cell's committee and be a plain
    member of another), else 404."""
    found = (
        restrict(EvaluationYear.objects.select_related("cell"), user, VIEW).filter(pk=pk, cell=cell).first()
    )
    if found is None:
        raise Http404
    return found


def round_evaluations(round_: EvaluationYear, *, user) -> list[MemberEvaluation]:
    return list(
        restrict(MemberEvaluation.objects.filter(round=round_), user, VIEW)
        .select_related("member")
        .order_by("member__name_sort", "member_id")
    )


def evaluation_get(*, user, pk: int) -> MemberEvaluation:
    """One evaluation the user may see (the committee: any of its cell; a member: their own), else 404."""
    found = (
        restrict(MemberEvaluation.objects.select_related("round__cell", "member"), user, VIEW)
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def my_evaluations(*, user) -> list[MemberEvaluation]:
    """The person's own evaluations, newest year first (what a member sees on the evaluation page)."""
    return list(
        restrict(MemberEvaluation.objects.select_related("round", "member"), user, VIEW)
        .filter(member__user=user)
        .order_by("-round__year")
    )


def round_levels(round_: EvaluationYear, *, field: str = "proposed_level", exclude_pk: int | None = None):
    """The non-empty level codes of ``field`` across the round (one per member), e.g. for the quota."""
    rows = MemberEvaluation.objects.filter(round=round_).exclude(**{field: ""})
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.order_by().values_list(field, flat=True))


def members_on_roll(cell: PartyCell, year: int):
    """Members evaluated for ``year``: on the cell's roll and admitted by the end of that year."""
    return (
        PartyMember.objects.filter(cell=cell, admitted_on__lte=date(year, 12, 31))
        .exclude(status__in=OFF_ROLL)
        .order_by("name_sort", "id")
    )


def voting_members_count(cell: PartyCell) -> int:
    """Who may vote on a proposal: full members on the roll, not suspended — probationary members have every
    right of a member except to vote, stand and elect (Điều lệ Đảng, Điều 5)."""
    return (
        PartyMember.objects.filter(cell=cell, full_member_on__isnull=False)
        .exclude(status__in=OFF_ROLL)
        .exclude(status=MemberStatus.SUSPENDED)
        .count()
    )


# ------------------------------------------------------------------------------------------------ facts


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def facts_for(cell: PartyCell, year: int, members: list[PartyMember]) -> dict[int, dict]:
    """What the platform knows of each member's ``year`` — the self-review's prefilled facts, by member id.

    * meetings: the cell's meetings held that year (held or closed minutes) and the member's attendance rows;
    * study: each directive studied that year (issued, due, or with a session that year) and the member's record;
    * recognitions: commendations, reminders, criticisms and disciplines decided that year;
    * residence: the residence organisation's feedback for that year, or the exemption (Quy định 213-QĐ/TW).
    """
    ids = [m.pk for m in members]
    meetings = Meeting.objects.filter(cell=cell, starts_at__year=year, state__in=HELD_STATES)
    held = meetings.count()
    attendance: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Presence.values, 0))
    for member_id, presence, n in (
        Attendance.objects.filter(meeting__in=meetings, member_id__in=ids)
        .order_by()
        .values_list("member_id", "presence")
        .annotate(n=Count("id"))
    ):
        attendance[member_id][presence] = n

    directives = list(
        Directive.objects.filter(cell=cell)
        .filter(Q(issued_on__year=year) | Q(study_deadline__year=year) | Q(sessions__held_on__year=year))
        .distinct()
        .order_by("issued_on", "id")
    )
    records = {
        (r.member_id, r.directive_id): r
        for r in StudyRecord.objects.filter(directive__in=directives, member_id__in=ids)
    }

    recognitions: dict[int, list[Recognition]] = defaultdict(list)
    for r in Recognition.objects.filter(member_id__in=ids, decided_on__year=year).order_by(
        "decided_on", "id"
    ):
        recognitions[r.member_id].append(r)

    feedback = {f.member_id: f for f in ResidenceFeedback.objects.filter(member_id__in=ids, year=year)}

    facts: dict[int, dict] = {}
    for member in members:
        seen = attendance.get(member.pk) or dict.fromkeys(Presence.values, 0)
        study = []
        for d in directives:
            r = records.get((member.pk, d.pk))
            study.append(
                {
                    "directive": str(d),
                    "directive_id": d.pk,
                    "recorded": r is not None,
                    "attended": bool(r and r.attended),
                    "self_study": bool(r and r.self_study),
                    "essay_submitted_on": _iso(r.essay_submitted_on) if r else None,
                    "essay_assessment": r.essay_assessment if r else "",
                }
            )
        own = recognitions.get(member.pk, [])
        by_kind = dict.fromkeys(RecognitionKind.values, 0)
        for r in own:
            by_kind[r.kind] += 1
        f = feedback.get(member.pk)
        if f is not None:
            residence = {
                "status": "received",
                "received_on": _iso(f.received_on),
                "organisation": f.organisation,
                "assessment": f.assessment,
            }
        elif member.residence_exempt:
            residence = {"status": "exempt", "reason": member.residence_exempt_reason}
        else:
            residence = {"status": "missing"}
        facts[member.pk] = {
            "year": year,
            "meetings": {
                "held": held,
                "present": seen[Presence.PRESENT],
                "absent_with_reason": seen[Presence.ABSENT_WITH_REASON],
                "absent_without_reason": seen[Presence.ABSENT_WITHOUT_REASON],
                "not_recorded": max(0, held - sum(seen.values())),
            },
            "study": study,
            "recognitions": by_kind,
            "recognition_items": [
                {
                    "kind": r.kind,
                    "decided_on": _iso(r.decided_on),
                    "reason": r.reason,
                    "self_remedied": r.self_remedied,
                }
                for r in own
            ],
            # Quy định 366-QĐ/TW: a discipline in the year forces "not complete" unless self-detected and remedied.
            "discipline_unremedied": any(
                r.kind == RecognitionKind.DISCIPLINE and not r.self_remedied for r in own
            ),
            "residence": residence,
        }
    return facts


# ------------------------------------------------------------------------------------------------ targets


def term_list(*, user, cell: PartyCell) -> list[Term]:
    return list(restrict(Term.objects.filter(cell=cell), user, VIEW).order_by("-starts_on", "-id"))


def target_get(*, user, cell: PartyCell, pk: int, action: str = VIEW) -> TermTarget:
    found = (
        restrict(TermTarget.objects.select_related("term__cell"), user, action)
        .filter(pk=pk, term__cell=cell)
        .first()
    )
    if found is None:
        raise Http404
    return found


def term_get(*, user, cell: PartyCell, pk: int) -> Term:
    found = restrict(Term.objects.select_related("cell"), user, VIEW).filter(pk=pk, cell=cell).first()
    if found is None:
        raise Http404
    return found


def term_years(term: Term, *, today: date) -> list[int]:
    """The evaluation years of a term: from its first year to its last (or the current year while it runs)."""
    last = term.ends_on.year if term.ends_on else today.year
    return list(range(term.starts_on.year, max(last, term.starts_on.year) + 1))


def levels_by_year(cell: PartyCell, years: list[int]) -> dict[int, dict]:
    """Per year: the level counted for each evaluated member (decided, else proposed) and which basis was used.

    ``basis`` is "decided" when every counted level is the superior's decision, "proposed" when none is, and
    "mixed" otherwise; ``pending`` counts the members with neither yet.
    """
    result: dict[int, dict] = {}
    rows = MemberEvaluation.objects.filter(round__cell=cell, round__year__in=years).values_list(
        "round__year", "decided_level", "proposed_level"
    )
    for year, decided, proposed in rows:
        entry = result.setdefault(year, {"levels": [], "decided": 0, "proposed": 0, "pending": 0})
        if decided:
            entry["levels"].append(decided)
            entry["decided"] += 1
        elif proposed:
            entry["levels"].append(proposed)
            entry["proposed"] += 1
        else:
            entry["pending"] += 1
    for entry in result.values():
        if entry["decided"] and not entry["proposed"]:
            entry["basis"] = "decided"
        elif entry["proposed"] and not entry["decided"]:
            entry["basis"] = "proposed"
        elif entry["levels"]:
            entry["basis"] = "mixed"
        else:
            entry["basis"] = "none"
    return result
