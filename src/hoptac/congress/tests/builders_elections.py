"""Builders of the elections tests (imported by the test_elections*, test_ballot_paper* and
test_counting_minutes* modules): a congress in a given state, the presidium, an election with its list, and a
closed count written through the ORM in the order the counting part writes it (the candidates' votes first,
then the election's totals and state) — the database refuses any change once an election is closed."""

from __future__ import annotations

import itertools

from django.utils import timezone

from hoptac.congress import rules
from hoptac.congress.models import Ballot, Candidate, Congress, Election, Summons
from hoptac.congress.selectors_congress import summoned_count
from hoptac.party.models import PartyMember
from hoptac.party.tests.factories import make_member

from .factories import give_duty, make_congress

_terms = itertools.count(1)

# Six names whose ballot order (given name, then family name) differs from their family-first order.
NAMES = ["Trần Thị Bình", "Hoàng Minh Đức", "Nguyễn Văn An", "Võ Thị Ánh", "Đỗ Văn Dũng", "Lê Văn An"]
GIVEN_ORDER = ["Lê Văn An", "Nguyễn Văn An", "Võ Thị Ánh", "Trần Thị Bình", "Đỗ Văn Dũng", "Hoàng Minh Đức"]
FAMILY_ORDER = ["Đỗ Văn Dũng", "Hoàng Minh Đức", "Lê Văn An", "Nguyễn Văn An", "Trần Thị Bình", "Võ Thị Ánh"]


def member_of(user) -> PartyMember:
    return PartyMember.objects.get(user=user)


def people(names=NAMES, **fields) -> list[PartyMember]:
    return [make_member(full_name=name, **fields) for name in names]


def congress(
    secretary, *, state: str = "in_session", presidium=True, term_name: str | None = None
) -> Congress:
    """A congress of the test cell (its own term), in ``state``; the secretary on its presidium by default."""
    row = make_congress(created_by=secretary, term_name=term_name or f"2025–2030 ({next(_terms)})")
    Congress.objects.filter(pk=row.pk).update(state=state)
    row.refresh_from_db()
    if presidium:
        give_duty(row, member_of(secretary), "presidium", is_head=True)
        secretary.forget_roles()
    return row


def present(congress_row, count: int, *, absent: int = 0) -> list[PartyMember]:
    """``count`` new full members summoned and marked present at the roll call (and ``absent`` summoned, absent
    without reason): the base of a show of hands or a nomination from the floor."""
    rows = [make_member(full_name=f"Có Mặt Số {i}") for i in range(count + absent)]
    Summons.objects.bulk_create(
        Summons(
            congress=congress_row,
            member=m,
            status="summoned",
            attendance="present" if i < count else "absent",
        )
        for i, m in enumerate(rows)
    )
    return rows


def election(
    congress_row, kind: str = "committee", *, seats: int = 3, members=(), round: int = 1, previous=None
):
    row = Election.objects.create(
        congress=congress_row, kind=kind, seats=seats, round=round, previous=previous
    )
    for i, member in enumerate(members, start=1):
        Candidate.objects.create(election=row, member=member, source="convening", position=i)
    return row


def open_vote(row: Election) -> Election:
    count = row.candidates.filter(withdrawn=False).count()
    Election.objects.filter(pk=row.pk).update(
        state="voting",
        style=str(rules.ballot_style(row.seats, count)),
        voting_opened_at=timezone.now(),
        summoned=summoned_count(row.congress),
    )
    row.refresh_from_db()
    return row


def close_count(
    row: Election,
    votes: dict[str, int],
    *,
    summoned: int,
    valid: int | None = None,
    not_returned: int = 0,
    invalid: dict[str, int] | None = None,
    closed_by=None,
    counting_committee: list | None = None,
) -> Election:
    """Close the count as the counting part does: invalid ballots recorded, each candidate's votes and result
    (rules.election_outcome), then the totals and the state. ``votes``: full name → votes; ``valid`` defaults
    to the summoned less the invalid and unreturned ballots; issued = valid + invalid + not returned."""
    if row.state == "nominating":
        row = open_vote(row)
    invalid = invalid or {}
    number = itertools.count(1)
    for reason, n in invalid.items():
        for _ in range(n):
            Ballot.objects.create(
                election=row, number=next(number), state="accepted", valid=False, invalid_reason=reason
            )
    candidates = list(
        row.candidates.filter(withdrawn=False).select_related("member").order_by("position", "id")
    )
    outcome = rules.election_outcome(
        summoned=summoned,
        seats=row.seats,
        votes={c.member.full_name: votes.get(c.member.full_name, 0) for c in candidates},
    )
    for c in candidates:
        Candidate.objects.filter(pk=c.pk).update(
            votes=votes.get(c.member.full_name, 0),
            elected=c.member.full_name in outcome.elected,
            tied=c.member.full_name in outcome.tied,
        )
    n_invalid = sum(invalid.values())
    if valid is None:
        valid = summoned - n_invalid - not_returned  # every summoned member took a ballot
    issued = valid + n_invalid + not_returned
    Election.objects.filter(pk=row.pk).update(
        issued=issued,
        not_returned=not_returned,
        summoned=summoned,
        valid=valid,
        invalid=n_invalid,
        state="closed",
        closed_at=timezone.now(),
        closed_by=closed_by,
        counting_committee=counting_committee or [],
    )
    row.refresh_from_db()
    return row
