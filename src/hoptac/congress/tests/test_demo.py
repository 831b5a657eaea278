"""The congress demo: the 2022–2025 congress of the seed article, closed with the committee, the secretary and the
deputy the party demo records; the 2025–2030 congress open, its committee ballot being counted. Twice: nothing
new the second time."""

from __future__ import annotations

from datetime import date

import pytest

from hoptac.congress import demo as congress_demo
from hoptac.congress.choices import CongressState, ElectionKind, ElectionState, EntryState, SummonsStatus
from hoptac.congress.models import Ballot, Candidate, Congress, Election, Summons
from hoptac.congress.selectors_elections import results_pending
from hoptac.party import demo as party_demo
from hoptac.party.choices import MemberStatus
from hoptac.party.models import CommitteePosition, PartyCell, PartyMember, TermTarget

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def _load():
    party_demo.load(password="HopTac@2026", today=TODAY)
    cell = PartyCell.objects.get(name=party_demo.CELL_NAME)
    by_name = {m.full_name: m for m in PartyMember.objects.filter(cell=cell)}
    members = [by_name[row[0]] for row in party_demo.MEMBERS]
    return (
        cell,
        members,
        congress_demo.load(cell=cell, members=members, secretary_user=members[0].user, today=TODAY),
    )


def _counts():
    return tuple(
        model.objects.count() for model in (Congress, Election, Candidate, Ballot, Summons, TermTarget)
    )


def test_the_congress_demo_holds_the_2022_congress_and_an_open_one_and_runs_twice_unchanged():
    cell, members, created = _load()
    assert created == {"congresses": 2, "terms": 1, "elections": 4, "ballots": 3 * 14 + 5, "targets": 0}
    counts = _counts()
    _cell, _members, again = _load()
    assert again == {"congresses": 0, "terms": 0, "elections": 0, "ballots": 0, "targets": 0}
    assert _counts() == counts

    # the 2022 congress: closed, on the party demo's term, three ballots closed
    old = Congress.objects.get(cell=cell, term__name="2022–2025")
    assert old.state == CongressState.CLOSED and old.held_on == date(2022, 8, 19)
    assert old.closed_at is not None and old.resolution  # stamped at the demo's run (no patched clock)
    lines = Summons.objects.filter(congress=old)
    assert lines.count() == 15  # the full members admitted by then; the probationary ones came in 2025–2026
    assert lines.filter(status=SummonsStatus.SUMMONED).count() == 14
    assert lines.filter(status=SummonsStatus.ABSENT_WITH_REASON).count() == 1
    elections = {e.kind: e for e in Election.objects.filter(congress=old)}
    assert set(elections) == {ElectionKind.COMMITTEE, ElectionKind.SECRETARY, ElectionKind.DEPUTY_SECRETARY}
    assert all(e.state == ElectionState.CLOSED and e.summoned == 14 for e in elections.values())
    assert elections[ElectionKind.COMMITTEE].closed_at is not None

    def elected(kind):
        return set(
            Candidate.objects.filter(election=elections[kind], elected=True).values_list(
                "member_id", flat=True
            )
        )

    positions = {
        p.position: p.member_id for p in CommitteePosition.objects.filter(term=old.term, ends_on__isnull=True)
    }
    assert positions == {
        "secretary": members[0].pk,
        "deputy_secretary": members[1].pk,
        "committee_member": members[2].pk,
    }
    assert elected(ElectionKind.COMMITTEE) == {members[0].pk, members[1].pk, members[2].pk}
    assert elected(ElectionKind.SECRETARY) == {positions["secretary"]}
    assert elected(ElectionKind.DEPUTY_SECRETARY) == {positions["deputy_secretary"]}
    # the results match the positions already recorded: nothing left to apply, nothing duplicated
    assert all(results_pending(e) == [] for e in elections.values())
    assert CommitteePosition.objects.filter(term=old.term).count() == 3
    # the article's targets: the evaluation demo's three, not duplicated
    assert TermTarget.objects.filter(term=old.term).count() == 3

    # the open congress: in session, its committee ballot being counted
    new = Congress.objects.get(cell=cell, term__name="2025–2030")
    assert new.state == CongressState.IN_SESSION and new.held_on == TODAY
    assert new.term.starts_on == TODAY and new.term.ends_on is None
    old.term.refresh_from_db()
    assert old.term.ends_on is None  # handed over only when the new congress closes
    election = Election.objects.get(congress=new)
    assert election.kind == ElectionKind.COMMITTEE and election.seats == 3
    assert election.state == ElectionState.VOTING and election.style == "strike" and election.list_decision
    assert Candidate.objects.filter(election=election).count() == 4
    ballots = Ballot.objects.filter(election=election)
    assert ballots.count() == 5 and all(
        b.state == EntryState.ACCEPTED and b.entries.count() == 2 for b in ballots
    )
    counters = {u.username for b in ballots for u in [e.entered_by for e in b.entries.all()]}
    assert counters == {"chiuy", "dangvien"}

    # the members part's statuses flow through the summoned list
    lines = {s.member_id: s for s in Summons.objects.filter(congress=new)}
    by_status = {m.status: m for m in members if m.status != MemberStatus.ACTIVE}
    assert (
        lines[by_status[MemberStatus.TEMPORARILY_TRANSFERRED].pk].status
        == SummonsStatus.TEMPORARILY_TRANSFERRED
    )
    assert lines[by_status[MemberStatus.EXEMPTED].pk].status == SummonsStatus.EXEMPTED_ABSENT
    assert by_status[MemberStatus.TRANSFERRED_OUT].pk not in lines
    probationary = [m for m in members if m.full_member_on is None]
    assert all(lines[m.pk].status == SummonsStatus.PROBATIONARY for m in probationary)
    assert sum(1 for s in lines.values() if s.status == SummonsStatus.SUMMONED) == 12  # 15 − 3
