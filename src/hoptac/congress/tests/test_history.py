"""The change history of ballots and their readings holds every mark: nobody reads it while the vote is counted
(it would show votes before the count closes, and let a second reader see the first reading); afterwards only the
counting committee does. The rest of a congress's history is the cell committee's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.congress import services_counting

from .builders_counting import counting

pytestmark = pytest.mark.django_db


def _history(client, model: str, pk: int):
    return client.get(reverse("core:history", args=["congress", model, pk]))


def test_ballot_history_is_closed_while_counting_and_the_counters_afterwards(login, secretary, cell):
    count = counting(candidates=2, seats=1, summoned=4, head=True)
    first, second = count.counters
    entry = services_counting.ballot_enter(
        actor=first, election=count.election, number=1, marks={count.candidates[1].pk: "struck"}
    )
    committee, counter = login(secretary), login(second)
    for client in (committee, counter):
        assert _history(client, "ballotentry", entry.pk).status_code == 404
        assert _history(client, "ballot", entry.ballot_id).status_code == 404

    services_counting.ballot_enter(
        actor=second, election=count.election, number=1, marks={count.candidates[1].pk: "struck"}
    )
    services_counting.count_close(actor=first, election=count.election, issued=1, not_returned=0)
    assert _history(counter, "ballotentry", entry.pk).status_code == 200
    assert _history(committee, "ballotentry", entry.pk).status_code == 404  # the cell committee: never
    assert _history(committee, "election", count.election.pk).status_code == 200
