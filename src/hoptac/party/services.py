"""Writes of the party module's core: the cell's rules, committee positions, and the party roles that follow them.

Every write is ``<entity>_<action>(*, actor, ...)``: it checks the actor is on the cell's committee, validates,
saves and leaves the change to the audit triggers. The other parts of the module have their own services
modules (``services_meetings`` …) built on :func:`require_committee`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.accounts.models import Role, RoleAssignment
from hoptac.core.errors import DomainError

from .choices import OFF_ROLL, MemberStatus, Position
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


# Who else may write committee positions: the congress app registers its presidium (in session) here, so that an
# election's results reach the committee without the party module importing the congress app.
_position_authorities: list = []


def register_position_authority(check) -> None:
    """``check(actor, term, action) -> bool``: another body allowed to ``action`` ("assign" or "end") committee
    positions of ``term`` (a congress's presidium: those of the term it elects, and the hand-over)."""
    if check not in _position_authorities:
        _position_authorities.append(check)


def require_position_authority(actor, term: Term, action: str) -> None:
    if actor is not None and any(check(actor, term, action) for check in _position_authorities):
        return
    require_committee(actor, term.cell_id)


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


def open_positions(today: date):
    """Committee positions held on ``today``: started, and not ended before that day."""
    return CommitteePosition.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def member_sync_roles(member: PartyMember, *, today: date | None = None) -> None:
    """Make the linked user's party roles match, today, the member's standing and committee positions.

    A member on the roll holds ``party_member`` of the cell; a position held today adds the committee role (a
    position starting later, or ended before today, does not — the daily job :func:`roles_sync_all` moves the
    roles on the days positions start and end). A member who left the roll also leaves the committee (their open
    positions end the day the status began); a suspended member keeps the seat on record but holds no party
    role while suspended (đình chỉ sinh hoạt: no part in the cell's work). The security stamp is untouched: role
    checks read the assignments on every request, so access ends at once.
    """
    today = today or timezone.localdate()
    if member.status in OFF_ROLL:
        CommitteePosition.objects.filter(member=member, ends_on__isnull=True).update(
            ends_on=member.status_since or today
        )
    if member.user_id is None:
        return
    user = member.user
    wanted: set[str] = set()
    if member.status not in OFF_ROLL and member.status != MemberStatus.SUSPENDED:
        wanted.add(roles.PARTY_MEMBER)
        held_today = open_positions(today).filter(member=member).values_list("position", flat=True)
        wanted.update(POSITION_ROLES[p] for p in held_today)
    party_type = ContentType.objects.get_for_model(PartyCell)
    held = RoleAssignment.objects.filter(
        user=user, role__code__in=roles.PARTY_ROLES, scope_type=party_type, scope_id=member.cell_id
    )
    held.exclude(role__code__in=wanted).delete()
    for code in wanted:
        _role_assignment(user, code, member.cell_id)
    user.forget_roles()


def roles_sync_all(*, today: date | None = None) -> int:
    """Re-sync every linked member's party roles (daily: positions that start or end today take effect)."""
    today = today or timezone.localdate()
    members = PartyMember.objects.filter(user__isnull=False).select_related("user")
    for member in members:
        member_sync_roles(member, today=today)
    return len(members)


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
    """Put a member on the committee (e.g. after the congress elects them); their party role follows. The cell
    committee, or a body registered with :func:`register_position_authority` (a congress's presidium)."""
    require_position_authority(actor, term, "assign")
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
    """End a committee position (the last day held is ``ends_on``); refused when the cell would be left with
    nobody on its committee able to log in — the committee runs the module, and only the database could then
    set one up again."""
    require_position_authority(actor, position.term, "end")
    if position.ends_on is not None:
        raise DomainError(_("Chức vụ này đã kết thúc."), code="already_ended")
    if ends_on < position.starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), code="dates")
    with transaction.atomic():
        # Two people ending the last two positions at once: the second waits and then sees the first's end.
        list(
            CommitteePosition.objects.select_for_update()
            .filter(term__cell_id=position.term.cell_id)
            .values("pk")
        )
        after = max(timezone.localdate(), ends_on + timedelta(days=1))
        others = (
            open_positions(after)
            .filter(term__cell_id=position.term.cell_id, member__user__isnull=False)
            .exclude(pk=position.pk)
            .exclude(member__status__in=[*OFF_ROLL, MemberStatus.SUSPENDED])
        )
        if not others.exists():
            raise DomainError(
                _(
                    "Không thể kết thúc: chi bộ sẽ không còn ai trong chi ủy có tài khoản để quản lý phân hệ. Hãy "
                    "ghi nhận người được bầu (hoặc chỉ định) thay thế trước."
                ),
                code="last_committee_member",
            )
        position.ends_on = ends_on
        position.save(update_fields=["ends_on"])
        member_sync_roles(position.member)
    return position


def term_create(*, actor, cell: PartyCell, name: str, starts_on: date, ends_on: date | None = None) -> Term:
    require_committee(actor, cell)
    term = Term(cell=cell, name=name, starts_on=starts_on, ends_on=ends_on)
    term.full_clean()
    term.save()
    return term
