"""The count's screens: only the counting committee (the cell's secretary off it gets 404), the entry form with
and without htmx (strike positions, agree keys, flags, the next number prefilled, refusals on the form), no
running vote totals while counting, mismatches side by side, a lone first reading never shown, the journal,
closing from the form, and a constant number of queries for 5 and 50 ballots."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hoptac.accounts.testing import log_in_with_second_factor
from hoptac.congress import rules
from hoptac.congress import services_counting as services
from hoptac.congress.models import Ballot, BallotEntry, Election
from hoptac.core.testing.queries import assert_constant_queries

from .builders_counting import counting

M = rules.Mark
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    log_in_with_second_factor(client, user)
    return client


def entry_url(count) -> str:
    return reverse("congress:count_entry", args=[count.election.pk])


@pytest.fixture
def strike(db):
    return counting(candidates=4, seats=2, summoned=12)


@pytest.fixture
def agree(db):
    return counting(candidates=3, seats=3, summoned=12)


# --- who -------------------------------------------------------------------------------------------------------


def test_the_cell_secretary_off_the_counting_committee_gets_404(strike, make_persona):
    secretary = client_for(make_persona("party_secretary"))
    for url in (
        reverse("congress:count_list"),
        entry_url(strike),
        reverse("congress:count_journal", args=[strike.election.pk]),
        reverse("congress:count_close", args=[strike.election.pk]),
    ):
        assert secretary.get(url).status_code == 404, url
    assert secretary.post(entry_url(strike), {"number": 1, "code": ""}).status_code == 404
    assert not Ballot.objects.exists()


def test_a_counter_of_another_congress_gets_404(strike):
    other = counting()
    client = client_for(other.counters[0])
    assert client.get(entry_url(strike)).status_code == 404
    assert client.get(entry_url(other)).status_code == 200


def test_the_list_shows_the_elections_to_count(strike):
    response = client_for(strike.counters[0]).get(reverse("congress:count_list"))
    assert response.status_code == 200
    assert entry_url(strike) in response.content.decode()


# --- entering -------------------------------------------------------------------------------------------------


def test_the_screen_prefills_the_next_number_and_lists_the_names(strike):
    client = client_for(strike.counters[0])
    response = client.get(entry_url(strike))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["number"] == 1
    page = response.content.decode()
    for candidate in strike.candidates:
        assert candidate.member.full_name in page
    assert 'src="/static/congress/counting.js"' in page or "congress/counting.js" in page
    assert "<script>" not in page  # CSP: no inline script


def test_plain_post_saves_and_redirects_with_the_next_number(strike):
    _a, b, _c, d = strike.candidates
    client = client_for(strike.counters[0])
    response = client.post(entry_url(strike), {"number": "1", "code": "2 4"})
    assert response.status_code == 302 and response["Location"] == entry_url(strike)
    entry = BallotEntry.objects.get()
    assert entry.marks == {str(b.pk): "struck", str(d.pk): "struck"}
    assert (entry.stamped, entry.names_added, entry.entered_by) == (True, False, strike.counters[0])
    page = client.get(entry_url(strike))
    assert page.context["form"].initial["number"] == 2
    assert "chờ thành viên khác nhập lần hai" in page.content.decode()


def test_digits_typed_together_are_positions_on_a_short_list(strike):
    client = client_for(strike.counters[0])
    client.post(entry_url(strike), {"number": "1", "code": "13", "unstamped": "on", "names_added": "on"})
    entry = BallotEntry.objects.get()
    a, _b, c, _d = strike.candidates
    assert entry.marks == {str(a.pk): "struck", str(c.pk): "struck"}
    assert (entry.stamped, entry.names_added) == (False, True)


def test_agree_keys_one_per_candidate(agree):
    a, b, _c = agree.candidates
    client = client_for(agree.counters[0])
    assert client.post(entry_url(agree), {"number": "1", "code": "13"}).status_code == 302
    assert BallotEntry.objects.get().marks == {str(a.pk): "agree", str(b.pk): "both"}


def test_htmx_post_swaps_the_screen_and_the_second_reader_is_prefilled(strike):
    first = client_for(strike.counters[0])
    response = first.post(entry_url(strike), {"number": "1", "code": "1 2"}, **HTMX)
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "congress/counting/_screen.html"
    assert response.context["saved"].ballot.state == "pending"
    assert response.context["form"].initial["number"] == 2
    second = client_for(strike.counters[1])
    assert second.get(entry_url(strike)).context["form"].initial["number"] == 1  # waiting for a second reader
    response = second.post(entry_url(strike), {"number": "1", "code": "12"}, **HTMX)
    assert response.context["saved"].ballot.state == "accepted"
    assert Ballot.objects.get().state == "accepted"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"number": "", "code": "1"}, "number"),
        ({"number": "0", "code": "1"}, "number"),
        ({"number": "1", "code": "5"}, "code"),  # no fifth name
        ({"number": "1", "code": "x"}, "code"),
    ],
)
def test_what_cannot_be_read_comes_back_on_the_form(strike, data, field):
    response = client_for(strike.counters[0]).post(entry_url(strike), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not BallotEntry.objects.exists()


def test_agree_code_longer_than_the_list_is_refused(agree):
    response = client_for(agree.counters[0]).post(entry_url(agree), {"number": "1", "code": "1111"})
    assert response.status_code == 400 and "code" in response.context["form"].errors


def test_a_refusal_by_the_service_keeps_what_was_typed(strike):
    client = client_for(strike.counters[0])
    client.post(entry_url(strike), {"number": "1", "code": "1"})
    response = client.post(entry_url(strike), {"number": "1", "code": "1 3"}, **HTMX)
    assert response.status_code == 409
    page = response.content.decode()
    assert "thành viên khác" in page
    assert 'value="1 3"' in page
    assert BallotEntry.objects.count() == 1


def test_no_running_vote_totals_only_counts_of_ballots(strike):
    _a, _b, c, d = strike.candidates
    services.fill_ballots(
        election=strike.election,
        counters=strike.counters,
        ballots=[{"marks": {c.pk: M.STRUCK, d.pk: M.STRUCK}}] * 3 + [{"stamped": False}],
    )
    response = client_for(strike.counters[0]).get(entry_url(strike))
    assert response.context["results"] == []
    preview = response.context["screen"].preview
    assert (preview.accepted, preview.valid, preview.invalid, preview.pending) == (4, 3, 1, 0)
    page = response.content.decode()
    assert 'data-testid="count-results"' not in page
    assert 'data-testid="votes"' not in page
    assert "Không có dấu của Ban Kiểm phiếu" in page  # the invalid ballot's reason


def test_a_mismatch_is_shown_side_by_side_with_a_link_to_read_it_again(strike):
    a, b, _c, _d = strike.candidates
    services.ballot_enter(
        actor=strike.counters[0], election=strike.election, number=4, marks={a.pk: M.STRUCK}
    )
    services.ballot_enter(
        actor=strike.counters[1], election=strike.election, number=4, marks={b.pk: M.STRUCK}
    )
    response = client_for(strike.counters[0]).get(entry_url(strike))
    (comparison,) = response.context["screen"].mismatches
    differing = [row.label for row in comparison.rows if row.differs]
    assert differing == [f"1. {a.member.full_name}", f"2. {b.member.full_name}"]
    page = response.content.decode()
    assert f"{entry_url(strike)}?so=4" in page
    reread = client_for(strike.counters[0]).get(entry_url(strike) + "?so=4")
    assert reread.context["form"].initial["number"] == 4


def test_the_ballot_page_hides_a_lone_first_reading(strike):
    a = strike.candidates[0]
    services.ballot_enter(
        actor=strike.counters[0], election=strike.election, number=1, marks={a.pk: M.STRUCK}
    )
    url = reverse("congress:count_ballot", args=[strike.election.pk, 1])
    response = client_for(strike.counters[1]).get(url)
    assert response.status_code == 200
    assert response.context["rows"] == [] and not response.context["show_marks"]
    assert "Gạch tên" not in response.content.decode()
    services.ballot_enter(
        actor=strike.counters[1], election=strike.election, number=1, marks={a.pk: M.STRUCK}
    )
    response = client_for(strike.counters[1]).get(url)
    assert response.context["show_marks"] and "Gạch tên" in response.content.decode()
    assert (
        client_for(strike.counters[1])
        .get(reverse("congress:count_ballot", args=[strike.election.pk, 99]))
        .status_code
        == 404
    )


def test_the_journal_lists_who_entered_what_and_when(strike):
    services.fill_ballots(election=strike.election, counters=strike.counters, ballots=[{}, {}])
    response = client_for(strike.counters[0]).get(
        reverse("congress:count_journal", args=[strike.election.pk])
    )
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert len(rows) == 4
    assert {e.entered_by for e in rows} == set(strike.counters)
    page = response.content.decode()
    assert strike.counters[1].full_name in page
    screen = client_for(strike.counters[0]).get(entry_url(strike))
    assert len(screen.context["screen"].journal) == 4


# --- closing ------------------------------------------------------------------------------------------------------


def test_closing_from_the_form_then_the_screen_shows_the_results(strike):
    a, b, c, d = strike.candidates
    services.fill_ballots(
        election=strike.election,
        counters=strike.counters,
        ballots=[{"marks": {c.pk: M.STRUCK, d.pk: M.STRUCK}}] * 7,
    )
    client = client_for(strike.counters[0])
    url = reverse("congress:count_close", args=[strike.election.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"issued": "9", "not_returned": "0", "confirm": "on"})
    assert refused.status_code == 409
    assert "phát ra 9 phiếu nhưng thu về 7" in refused.content.decode()
    unconfirmed = client.post(url, {"issued": "7", "not_returned": "0"})
    assert unconfirmed.status_code == 400
    done = client.post(url, {"issued": "8", "not_returned": "1", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == entry_url(strike)
    assert Election.objects.get(pk=strike.election.pk).state == "closed"
    screen = client.get(entry_url(strike))
    assert screen.context["form"] is None
    votes = {c.member.full_name: c.votes for c in screen.context["results"]}
    assert votes == {
        a.member.full_name: 7,
        b.member.full_name: 7,
        c.member.full_name: 0,
        d.member.full_name: 0,
    }
    assert 'data-testid="count-results"' in screen.content.decode()
    results = reverse("congress:election_results", args=[strike.election.pk])
    assert results in screen.content.decode() and client.get(results).status_code == 200
    assert client.get(url).status_code == 302  # closing again: back to the screen
    late = client.post(entry_url(strike), {"number": "8", "code": ""})
    assert late.status_code == 409 and "đã kết thúc kiểm phiếu" in late.content.decode()


# --- query budget ---------------------------------------------------------------------------------------------------


def test_the_entry_screen_queries_do_not_grow_with_the_ballots(db):
    count = counting(candidates=4, seats=2, counters=3)
    client = client_for(count.counters[0])
    made = {"n": 0}

    def add(n):
        for _ in range(n):
            made["n"] += 1
            number = made["n"]
            services.ballot_enter(actor=count.counters[0], election=count.election, number=number, marks={})
            if number % 2:  # half accepted, some mismatched, the rest pending
                services.ballot_enter(
                    actor=count.counters[1], election=count.election, number=number, marks={}
                )
            elif number % 4 == 0:
                services.ballot_enter(
                    actor=count.counters[2],
                    election=count.election,
                    number=number,
                    marks={count.candidates[0].pk: M.STRUCK},
                )

    assert_constant_queries(lambda: client.get(entry_url(count)), add, budget=30)
    journal = reverse("congress:count_journal", args=[count.election.pk])
    assert_constant_queries(lambda: client.get(journal), add)
