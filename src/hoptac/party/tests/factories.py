"""Factories for party tests: cells, members (with or without a log-in), committee positions."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.contenttypes.models import ContentType

from hoptac.accounts.models import Role, RoleAssignment, User
from hoptac.party.models import CommitteePosition, PartyCell, PartyMember, Term

from .personas import cell as test_cell

_seq = itertools.count(1)


def other_cell() -> PartyCell:
    found, _created = PartyCell.objects.get_or_create(
        name="Chi bộ Ban Kế hoạch Hỗ trợ",
        defaults={"superior_committee": "Đảng ủy Cơ quan Liên minh HTX Việt Nam"},
    )
    return found


def make_member(
    *,
    cell: PartyCell | None = None,
    full_name: str | None = None,
    admitted_on: date = date(2010, 3, 3),
    full_member_on: date | None = date(2011, 3, 3),
    date_of_birth: date = date(1985, 6, 1),
    gender: str = "male",
    with_user: bool = False,
    roles: tuple[str, ...] = ("party_member",),
    **fields,
) -> PartyMember:
    """A member of ``cell`` (the test cell by default); ``with_user`` gives them a log-in holding ``roles``."""
    n = next(_seq)
    cell = cell or test_cell()
    user = None
    if with_user:
        user = User.objects.create_user(
            username=f"dangvien{n}",
            email=f"dangvien{n}@example.vn",
            password="mat-khau-thu-nghiem-2026",
            full_name=full_name or f"Đảng Viên Số {n}",
        )
        for code in roles:
            RoleAssignment.objects.create(
                user=user,
                role=Role.objects.get(code=code),
                scope_type=ContentType.objects.get_for_model(PartyCell),
                scope_id=cell.pk,
            )
    fields.setdefault("fee_base_amount", 10_000_000)
    return PartyMember.objects.create(
        cell=cell,
        user=user,
        full_name=full_name or f"Đảng Viên Số {n}",
        admitted_on=admitted_on,
        full_member_on=full_member_on,
        date_of_birth=date_of_birth,
        gender=gender,
        **fields,
    )


def make_term(
    cell: PartyCell | None = None, name: str = "2025–2030", starts_on: date = date(2025, 8, 19)
) -> Term:
    term, _created = Term.objects.get_or_create(
        cell=cell or test_cell(), name=name, defaults={"starts_on": starts_on}
    )
    return term


def make_position(member: PartyMember, position: str = "committee_member", term: Term | None = None):
    return CommitteePosition.objects.create(
        term=term or make_term(member.cell), member=member, position=position, starts_on=date(2025, 8, 19)
    )
