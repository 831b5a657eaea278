"""Writes of the party module's core: the cell's rules, committee positions, and the party roles that follow them.

Every write is ``<entity>_<action>(*, actor, ...)``: it checks the actor is on the cell's committee, validates,
saves and leaves the change to the audit triggers. The other parts of the module have their own services
modules (``services_meetings`` …) built on :func:`require_committee`.
"""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.accounts.models import Role, RoleAssignment
from hoptac.core.errors import DomainError

from .choices import OFF_ROLL, Position
from .models import CellRules, CommitteePosition, PartyCell, PartyMember, Term
from .policies import committee_cells

NOT_COMMITTEE = _("Chỉ chi ủy của chi bộ mới được thực hiện việc này.")
POSITION_ROLES = {
    Position.SECRETARY: roles.CELL_SECRETARY,
    Position.DEPUTY_SECRETARY: roles.CELL_DEPUTY_SECRETARY,
    Position.COMMITTEE_MEMBER: roles.CELL_COMMITTEE_MEMBER,
}


def require_committee(actor, cell: PartyCell | int) -> None:
    """Refuse unless ``actor`` sits on the committee of ``cell`` (the one check every party write starts with)."""
    cell_id = cell if isinstance(cell, int) else cell.pk
    if actor is None or cell_id not in committee_cells(actor):
        raise DomainError(NOT_COMMITTEE, code="not_committee")


def rules_for(cell: PartyCell) -> CellRules:
    """The cell's rules; created with the shipped defaults (each naming its document) on first use."""
    rules, _created = CellRules.objects.get_or_create(cell=cell)
    return rules


def rules_update(*, actor, rules: CellRules, data: dict) -> CellRules:
    require_committee(actor, rules.cell_id)
    for field, value in data.items():
        setattr(rules, field, value)
    rules.full_clean()
    rules.save()
    return rules


def _role_assignment(user, code: str, cell_id: int) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.objects.get(code=code),
        scope_type=ContentType.objects.get_for_model(PartyCell),
        scope_id=cell_id,
    )
    return assignment


def member_sync_roles(member: PartyMember, *, today: date | None = None) -> None:
    """Make the linked user's party roles match the member's standing and open committee positions.

    A member on the roll holds ``party_member`` of the cell; an open position adds the committee role. A member
    who left the roll (transferred out, deceased) or whose position ended loses the roles — the security stamp
    is untouched: role checks read the assignments on every request, so access ends at once.
    """
    if member.user_id is None:
        return
    user = member.user
    today = today or date.today()
    wanted: set[str] = set()
    if member.status in OFF_ROLL:
        # Off the roll: no seat on the committee either (ended the day the status began).
        CommitteePosition.objects.filter(member=member, ends_on__isnull=True).update(
            ends_on=member.status_since or today
        )
    else:
        wanted.add(roles.PARTY_MEMBER)
        open_positions = CommitteePosition.objects.filter(
            member=member, starts_on__lte=today, ends_on__isnull=True
        ).values_list("position", flat=True)
        wanted.update(POSITION_ROLES[p] for p in open_positions)
    party_type = ContentType.objects.get_for_model(PartyCell)
    held = RoleAssignment.objects.filter(
        user=user, role__code__in=roles.PARTY_ROLES, scope_type=party_type, scope_id=member.cell_id
    )
    held.exclude(role__code__in=wanted).delete()
    for code in wanted:
        _role_assignment(user, code, member.cell_id)
    user.forget_roles()


def member_link_user(*, actor, member: PartyMember, user) -> PartyMember:
    """Link a log-in to the member (or unlink with ``user=None``); the party roles follow at once."""
    require_committee(actor, member.cell_id)
    with transaction.atomic():
        previous = member.user
        if user is not None and PartyMember.objects.filter(user=user).exclude(pk=member.pk).exists():
            raise DomainError(_("Tài khoản này đã gắn với một đảng viên khác."), code="user_taken")
        member.user = user
        member.save(update_fields=["user"])
        if previous is not None and previous != user:
            RoleAssignment.objects.filter(
                user=previous,
                role__code__in=roles.PARTY_ROLES,
                scope_type=ContentType.objects.get_for_model(PartyCell),
                scope_id=member.cell_id,
            ).delete()
            previous.forget_roles()
        member_sync_roles(member)
    return member


def position_assign(
    *, actor, term: Term, member: PartyMember, position: str, starts_on: date, decision: str = ""
) -> CommitteePosition:
    """Put a member on the committee (e.g. after the congress elects them); their party role follows."""
    require_committee(actor, term.cell_id)
    if member.cell_id != term.cell_id:
        raise DomainError(_("Đảng viên này không thuộc chi bộ."), code="other_cell")
    if member.is_probationary:
        raise DomainError(_("Đảng viên dự bị không được bầu vào chi ủy."), code="probationary")
    if member.status in OFF_ROLL:
        raise DomainError(_("Đảng viên này không còn sinh hoạt tại chi bộ."), code="off_roll")
    with transaction.atomic():
        row = CommitteePosition(
            term=term, member=member, position=position, starts_on=starts_on, decision=decision
        )
        row.full_clean()
        row.save()
        member_sync_roles(member)
    return row


def position_end(*, actor, position: CommitteePosition, ends_on: date) -> CommitteePosition:
    require_committee(actor, position.term.cell_id)
    if position.ends_on is not None:
        raise DomainError(_("Chức vụ này đã kết thúc."), code="already_ended")
    if ends_on < position.starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), code="dates")
    with transaction.atomic():
        position.ends_on = ends_on
        position.save(update_fields=["ends_on"])
        member_sync_roles(position.member, today=ends_on)
    return position


def term_create(*, actor, cell: PartyCell, name: str, starts_on: date, ends_on: date | None = None) -> Term:
    require_committee(actor, cell)
    term = Term(cell=cell, name=name, starts_on=starts_on, ends_on=ends_on)
    term.full_clean()
    term.save()
    return term
