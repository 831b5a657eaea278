"""Builders of the counting tests: a congress with its summoned members, a counting committee with log-ins, and
one election being voted on with its candidates (no services of the other parts needed)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from hoptac.congress import rules
from hoptac.congress.models import Candidate, Congress, Election, Summons

from .factories import give_duty, make_congress, make_members

_terms = itertools.count(1)


@dataclass
class Count:
    congress: Congress
    election: Election
    candidates: list[Candidate]
    counters: list = field(default_factory=list)  # users on the counting committee
    members: list = field(default_factory=list)  # every member summoned


def counting(
    *,
    created_by=None,
    candidates: int = 3,
    seats: int = 1,
    summoned: int = 10,
    counters: int = 2,
    head: bool = False,
    double_entry: bool = True,
    kind: str = "secretary",
    style: str | None = None,
    state: str = "voting",
    cell=None,
    counter_members: list | None = None,
) -> Count:
    """A congress of the test cell with ``summoned`` members summoned, ``counters`` of them (with log-ins) on its
    counting committee (the first is its head when ``head``) — plus ``counter_members`` given the duty too — and
    one election of ``seats`` seats with ``candidates`` names, in ``state`` with the style the list calls for."""
    counter_rows = make_members(counters, cell=cell, with_user=True)
    counter_rows = [*(counter_members or []), *counter_rows]
    names = make_members(candidates, cell=cell)
    others = make_members(max(0, summoned - len(counter_rows) - candidates), cell=cell)
    creator = created_by or counter_rows[0].user
    congress = make_congress(cell=cell, created_by=creator, term_name=f"Nhiệm kỳ thử {next(_terms)}")
    if not double_entry:
        Congress.objects.filter(pk=congress.pk).update(double_entry=False)
        congress.refresh_from_db()
    members = [*counter_rows, *names, *others][:summoned]
    Summons.objects.bulk_create(
        [Summons(congress=congress, member=m, status="summoned", attendance="present") for m in members]
    )
    for index, member in enumerate(counter_rows):
        give_duty(congress, member, "counting", is_head=head and index == 0)
    election = Election.objects.create(
        congress=congress,
        kind=kind,
        seats=seats,
        state=state,
        style=style or rules.ballot_style(seats, candidates).value,
        summoned=len(members) if state != "nominating" else None,  # recorded when the vote opens
    )
    rows = [
        Candidate.objects.create(election=election, member=m, source="convening", position=i)
        for i, m in enumerate(names, start=1)
    ]
    return Count(
        congress=congress,
        election=election,
        candidates=rows,
        counters=[m.user for m in counter_rows],
        members=members,
    )
