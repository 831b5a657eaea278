"""Builders of the preparation tests: a congress called through the services, in the state asked for (preparing,
with its summoned list, in session with everyone present, closed)."""

from __future__ import annotations

import itertools
from datetime import date

from hoptac.congress import services_congress as services
from hoptac.congress.models import Congress
from hoptac.party.models import PartyMember
from hoptac.party.tests.personas import cell as test_cell

from .factories import make_members

_terms = itertools.count(1)
HELD_ON = date(2025, 8, 19)


def me(user) -> PartyMember:
    return PartyMember.objects.get(user=user)


def term_name() -> str:
    return f"Nhiệm kỳ chuẩn bị {next(_terms)}"


def congress(
    secretary,
    *,
    state: str = "preparing",
    members: int = 0,
    summons: bool | None = None,
    held_on: date = HELD_ON,
    cell=None,
    **options,
) -> Congress:
    """A congress of the test cell called by ``secretary`` (its convening committee), with ``members`` more full
    members. ``summons`` draws the summoned list (default: from "in_session" on); "in_session" marks everyone
    present and opens it; "closed" closes it as well."""
    cell = cell or test_cell()
    if members:
        make_members(members, cell=cell)
    row = services.congress_create(
        actor=secretary,
        cell=cell,
        title="Đại hội Chi bộ nhiệm kỳ 2025–2030",
        held_on=held_on,
        place="Hội trường Viện",
        term_name=term_name(),
        term_starts_on=held_on,
        convening=[me(secretary)],
        **options,
    )
    if summons or (summons is None and state != "preparing"):
        services.summons_refresh(actor=secretary, congress=row)
    if state in ("in_session", "closed"):
        all_present(secretary, row)
        row = services.congress_open(actor=secretary, congress=row)
    if state == "closed":
        row = services.congress_close(actor=secretary, congress=row)
    return row


def all_present(secretary, row: Congress) -> None:
    entries = {s.member_id: ("present", "") for s in row.summons.all()}
    services.attendance_record(actor=secretary, congress=row, entries=entries)


def present_count(row: Congress) -> int:
    from hoptac.congress.selectors_congress import present_voters

    return present_voters(row)
