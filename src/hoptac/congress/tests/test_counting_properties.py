"""Property tests of the count through the services: for any ballots entered (single and double entry, both
styles) and closed, the totals reconcile, no candidate has more votes than there are valid ballots, the votes
are those :func:`rules.count_ballots` gives, only candidates with more than half of the summoned are elected,
and a wrong number of ballots issued is refused."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptac.congress import rules
from hoptac.congress import services_counting as services
from hoptac.congress.models import Candidate, Election
from hoptac.core.errors import DomainError

from .builders_counting import counting

SUMMONED = 14  # 8 votes pass; at most 12 ballots + 2 not returned are issued
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def ballots_for(style: str, candidates: int, seats: int):
    """Up to 12 ballots: random ones (any marks, flags) mixed with clean ones voting for one favourite of the
    example (so that some examples elect someone, with 8 of the 14 summoned needed)."""
    marks = st.fixed_dictionaries(
        {}, optional=dict.fromkeys(range(candidates), st.sampled_from(sorted(rules.STYLE_MARKS[style])))
    )
    anything = st.fixed_dictionaries(
        {"marks": marks}, optional={"stamped": st.booleans(), "names_added": st.booleans()}
    )

    def favouring(favourite: int):
        others = [i for i in range(candidates) if i != favourite]
        also = (
            st.sets(st.sampled_from(others), max_size=seats - 1) if others and seats > 1 else st.just(set())
        )
        if style == "strike":
            return also.map(lambda kept: {"marks": {i: rules.Mark.STRUCK for i in others if i not in kept}})
        return also.map(
            lambda agreed: {
                "marks": {favourite: rules.Mark.AGREE, **dict.fromkeys(agreed, rules.Mark.AGREE)},
            }
        )

    return st.integers(0, candidates - 1).flatmap(
        lambda favourite: st.lists(
            st.one_of(favouring(favourite), favouring(favourite), anything), min_size=1, max_size=12
        )
    )


CASES = [
    # candidates, seats, style, double entry
    (4, 2, "strike", False),
    (2, 1, "strike", True),
    (3, 3, "agree", False),
    (1, 1, "agree", True),
]


@pytest.fixture(params=CASES, ids=lambda c: f"{c[0]}for{c[1]}-{c[2]}-{'double' if c[3] else 'single'}")
def count(request, db):
    candidates, seats, style, double = request.param
    return counting(candidates=candidates, seats=seats, style=style, summoned=SUMMONED, double_entry=double)


def _by_id(count, ballot: dict) -> dict:
    return {**ballot, "marks": {count.candidates[i].pk: m for i, m in ballot["marks"].items()}}


@PROPERTY_SETTINGS
@given(data=st.data(), not_returned=st.integers(0, 2))
def test_any_count_reconciles_and_no_one_has_more_votes_than_valid_ballots(count, data, not_returned):
    election = count.election
    ballots = data.draw(ballots_for(election.style, len(count.candidates), election.seats))
    with transaction.atomic():
        services.fill_ballots(
            election=election, counters=count.counters, ballots=[_by_id(count, b) for b in ballots]
        )
        issued = len(ballots) + not_returned
        with pytest.raises(DomainError) as wrong, transaction.atomic():
            services.count_close(
                actor=count.counters[0], election=election, issued=issued + 1, not_returned=not_returned
            )
        assert wrong.value.code == "issued_mismatch"
        services.count_close(
            actor=count.counters[0], election=election, issued=issued, not_returned=not_returned
        )

        closed = Election.objects.get(pk=election.pk)
        rows = list(Candidate.objects.filter(election=election).order_by("position", "id"))
        returned = closed.valid + closed.invalid
        assert returned == len(ballots)
        assert closed.issued == returned + closed.not_returned
        assert (
            rules.reconcile(
                issued=closed.issued,
                returned=returned,
                not_returned=closed.not_returned,
                valid=closed.valid,
                invalid=closed.invalid,
            )
            == []
        )
        assert all(0 <= row.votes <= closed.valid for row in rows)
        assert sum(row.votes for row in rows) <= closed.valid * closed.seats

        expected = rules.count_ballots(
            closed.style,
            [str(row.pk) for row in rows],
            closed.seats,
            [
                rules.BallotMarks(
                    marks={str(count.candidates[i].pk): m for i, m in b["marks"].items()},
                    stamped=b.get("stamped", True),
                    names_added=b.get("names_added", False),
                )
                for b in ballots
            ],
        )
        assert (closed.valid, closed.invalid) == (expected.valid, expected.invalid)
        assert {str(row.pk): row.votes for row in rows} == expected.votes

        elected = [row for row in rows if row.elected]
        assert len(elected) <= closed.seats
        assert all(row.votes * 2 > closed.summoned for row in elected + [r for r in rows if r.tied])
        assert not any(row.elected and row.tied for row in rows)
        transaction.set_rollback(True)
