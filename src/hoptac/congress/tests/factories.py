"""Factories for congress tests: a cell with N full members (some with log-ins), a congress, its duties."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType

from hoptac.accounts.models import Role, RoleAssignment
from hoptac.congress.models import Congress, Duty
from hoptac.party.tests.factories import make_member, make_term
from hoptac.party.tests.personas import cell as test_cell


def make_members(n: int, *, cell=None, with_user: bool = False, **fields) -> list:
    """``n`` full members of the cell, with distinct Vietnamese names."""
    given = [
        "An",
        "Bình",
        "Chi",
        "Dũng",
        "Giang",
        "Hà",
        "Khánh",
        "Lan",
        "Minh",
        "Nga",
        "Phong",
        "Quân",
        "Sơn",
        "Thảo",
    ]
    return [
        make_member(
            cell=cell,
            full_name=f"Nguyễn Văn {given[i % len(given)]} {i // len(given) or ''}".strip(),
            with_user=with_user,
            **fields,
        )
        for i in range(n)
    ]


def make_congress(
    *, cell=None, created_by, term_name: str = "2025–2030", held_on: date = date(2025, 8, 19)
) -> Congress:
    cell = cell or test_cell()
    term = make_term(cell, name=term_name, starts_on=held_on)
    return Congress.objects.create(
        cell=cell,
        term=term,
        title=f"Đại hội Chi bộ nhiệm kỳ {term_name}",
        held_on=held_on,
        place="Hội trường Viện",
        created_by=created_by,
    )


def give_duty(congress: Congress, member, body: str, *, is_head: bool = False) -> Duty:
    """A duty and the matching congress-scoped role for the member's log-in (as the services grant it)."""
    duty = Duty.objects.create(congress=congress, body=body, member=member, is_head=is_head)
    code = {
        "presidium": "congress_presidium",
        "secretariat": "congress_secretariat",
        "counting": "congress_counter",
    }[body]
    if member.user_id:
        RoleAssignment.objects.get_or_create(
            user=member.user,
            role=Role.objects.get(code=code),
            scope_type=ContentType.objects.get_for_model(Congress),
            scope_id=congress.pk,
        )
        member.user.forget_roles()
    return duty
