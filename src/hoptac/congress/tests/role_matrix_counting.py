"""Every counting URL × every persona: only the congress's counting committee works on the count. Each probe
builds a congress whose counting committee holds the party member persona (as its head); the cell's secretary,
not on that committee, gets 404 like everybody outside the party. Actions answer 302 (done, back to the screen)."""

from __future__ import annotations

from hoptac.core.testing.matrix import Expect, only

COUNTER = ("party_member",)


def _count(ctx, *, double_entry: bool = True, ballots: int = 0):
    from hoptac.party.models import PartyMember

    from . import builders_counting

    counter = PartyMember.objects.get(user=ctx.make_persona("party_member"))
    count = builders_counting.counting(
        counters=1, counter_members=[counter], head=True, double_entry=double_entry
    )
    if ballots:
        from hoptac.congress.services_counting import fill_ballots

        fill_ballots(election=count.election, counters=count.counters, ballots=[{}] * ballots)
    return count


def _election(ctx):
    return {"pk": _count(ctx).election.pk}


def _ballot(ctx):
    from hoptac.congress.services_counting import fill_ballots

    count = _count(ctx, double_entry=False)
    ballot = fill_ballots(election=count.election, counters=count.counters, ballots=[{}])[0]
    return {"pk": count.election.pk, "number": ballot.number}


def _listing(ctx):
    _count(ctx)
    return {}


def _single_entry(ctx):
    return {"pk": _count(ctx, double_entry=False).election.pk}


def _closable(ctx):
    return {"pk": _count(ctx, double_entry=False, ballots=3).election.pk}


ROLE_MATRIX = [
    Expect("congress:count_list", only(*COUNTER), kwargs=_listing),
    Expect("congress:count_entry", only(*COUNTER), kwargs=_election),
    Expect(
        "congress:count_entry",
        only(*COUNTER, ok=302),
        kwargs=_single_entry,
        method="POST",
        data={"number": "1", "code": "1"},
        note="enter",
    ),
    Expect("congress:count_ballot", only(*COUNTER), kwargs=_ballot),
    Expect("congress:count_journal", only(*COUNTER), kwargs=_election),
    Expect("congress:count_close", only(*COUNTER), kwargs=_election),
    Expect(
        "congress:count_close",
        only(*COUNTER, ok=302),
        kwargs=_closable,
        method="POST",
        data={"issued": "3", "not_returned": "0", "confirm": "on"},
        note="close",
    ),
]
