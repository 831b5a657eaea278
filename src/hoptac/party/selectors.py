"""Reads of the party module's core that depend on who asks (every query starts from ``restrict``)."""

from __future__ import annotations

from django.db.models import Count, Q

from hoptac.core.permissions import restrict

from .choices import OFF_ROLL, MemberStatus
from .models import CommitteePosition, Notice, PartyCell, PartyMember, Term


def cell_overview(*, user, cell: PartyCell) -> dict:
    """Terms, newest first, each with its committee positions (current first), as the person may see them."""
    terms = list(restrict(Term.objects.filter(cell=cell), user))
    positions = list(
        restrict(CommitteePosition.objects.filter(term__cell=cell), user)
        .select_related("member", "term")
        .order_by("term_id", "ends_on", "position", "starts_on")
    )
    by_term: dict[int, list[CommitteePosition]] = {}
    for position in positions:
        by_term.setdefault(position.term_id, []).append(position)
    return {
        "terms": [(term, by_term.get(term.pk, [])) for term in terms],
        "current_term": terms[0] if terms else None,
    }


def eligible_for_committee(cell: PartyCell):
    """Full members on the roll (probationary members can neither vote nor stand — Quyết định 190-QĐ/TW)."""
    return (
        PartyMember.objects.filter(cell=cell, full_member_on__isnull=False)
        .exclude(status__in=OFF_ROLL)
        .order_by("name_sort", "pk")
    )


def member_counts(cell: PartyCell) -> dict:
    on_roll = Q(cell=cell) & ~Q(status__in=OFF_ROLL)
    return PartyMember.objects.aggregate(
        total=Count("pk", filter=on_roll),
        full=Count("pk", filter=on_roll & Q(full_member_on__isnull=False)),
        probationary=Count("pk", filter=on_roll & Q(full_member_on__isnull=True)),
        exempted=Count("pk", filter=on_roll & Q(status=MemberStatus.EXEMPTED)),
        transferred=Count("pk", filter=on_roll & Q(status=MemberStatus.TEMPORARILY_TRANSFERRED)),
    )


def home_summary(*, user, cell: PartyCell) -> dict:
    """What the module's home shows the person: their record, the next meeting and their open tasks, the latest
    notices; and, for the committee, the meeting warnings and the cell's head counts."""
    from .selectors_meetings import meeting_warnings_for_home

    summary = {
        "me": PartyMember.objects.filter(user=user, cell=cell).first(),
        "meetings_home": meeting_warnings_for_home(cell, user),
        "notices": list(restrict(Notice.objects.filter(cell=cell), user).order_by("-published_at")[:5]),
    }
    if cell.pk in _committee(user):
        summary["counts"] = member_counts(cell)
    return summary


def _committee(user) -> set[int]:
    from .policies import committee_cells

    return committee_cells(user)


def committee_user_ids(cell_id: int) -> list[int]:
    """Active log-ins holding a committee role of the cell (the recipients of the committee's reminders)."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import RoleAssignment

    from .policies import COMMITTEE_ROLES

    return sorted(
        set(
            RoleAssignment.objects.filter(
                role__code__in=COMMITTEE_ROLES,
                scope_type=ContentType.objects.get_for_model(PartyCell),
                scope_id=cell_id,
                user__is_active=True,
            ).values_list("user_id", flat=True)
        )
    )
