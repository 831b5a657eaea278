"""The count's services: double entry (match, mismatch, re-reading, the same person refused, single entry), each
invalid-ballot kind on both styles, marks refused, closing (refusals, reconciliation, the outcome of the summoned
— not of those present — exactly half, ties at the cut-off), and a closed count immutable (service and database)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from hoptac.congress import rules
from hoptac.congress import services_counting as services
from hoptac.congress.models import Ballot, BallotEntry, Candidate, Election, Summons
from hoptac.core.audit import event_model_for
from hoptac.core.errors import DomainError
from hoptac.party.models import PartyMember

from .builders_counting import counting
from .factories import make_members

M = rules.Mark


def enter(count, who: int, number: int, marks=None, **flags):
    return services.ballot_enter(
        actor=count.counters[who], election=count.election, number=number, marks=marks or {}, **flags
    )


def struck(count, *positions: int) -> dict:
    return {count.candidates[p - 1].pk: M.STRUCK for p in positions}


def refused(code: str, call, *args, **kwargs):
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


# --- double entry ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_matching_readings_by_two_counters_accept_the_ballot():
    count = counting(candidates=3, seats=2)  # strike
    first = enter(count, 0, 1, struck(count, 2))
    assert first.reading == 1 and first.ballot.state == "pending"
    assert first.ballot.valid is None
    second = enter(count, 1, 1, struck(count, 2))
    ballot = Ballot.objects.get(pk=second.ballot.pk)
    assert second.reading == 2 and ballot.state == "accepted"
    assert ballot.valid is True and ballot.invalid_reason == ""
    assert ballot.marks == {str(count.candidates[1].pk): "struck"}
    assert [e.entered_by for e in ballot.entries.order_by("reading")] == count.counters


@pytest.mark.django_db
def test_unmarked_values_are_normalised_before_comparing():
    count = counting(candidates=2, seats=2)  # agree, no surplus
    a, b = count.candidates
    enter(count, 0, 1, {a.pk: M.AGREE, b.pk: M.NEITHER})
    entry = enter(count, 1, 1, {str(a.pk): "agree"})
    assert entry.ballot.state == "accepted"
    assert entry.ballot.marks == {str(a.pk): "agree"}


@pytest.mark.django_db
def test_mismatch_is_flagged_and_a_rereading_settles_it():
    count = counting(candidates=3, seats=2, counters=3)
    enter(count, 0, 7, struck(count, 1))
    mismatch = enter(count, 1, 7, struck(count, 3))
    assert mismatch.ballot.state == "mismatch"
    assert Ballot.objects.get(pk=mismatch.ballot.pk).valid is None
    # the second reader cannot read again right after themselves
    refused("same_reader", enter, count, 1, 7, struck(count, 1))
    # a third reading agreeing with the one before it (different people) accepts
    third = enter(count, 2, 7, struck(count, 3))
    assert third.reading == 3 and third.ballot.state == "accepted"
    assert third.ballot.marks == {str(count.candidates[2].pk): "struck"}


@pytest.mark.django_db
def test_a_rereading_that_agrees_with_neither_stays_a_mismatch_until_two_agree():
    count = counting(candidates=3, seats=2, counters=3)
    enter(count, 0, 1, struck(count, 1))
    enter(count, 1, 1, struck(count, 2))
    assert enter(count, 2, 1, struck(count, 3)).ballot.state == "mismatch"
    assert enter(count, 0, 1, struck(count, 3)).ballot.state == "accepted"
    assert BallotEntry.objects.filter(ballot__number=1, ballot__election=count.election).count() == 4


@pytest.mark.django_db
def test_flags_differing_make_a_mismatch():
    count = counting(candidates=3, seats=2)
    enter(count, 0, 1, struck(count, 1))
    assert enter(count, 1, 1, struck(count, 1), stamped=False).ballot.state == "mismatch"
    enter(count, 0, 2, struck(count, 1))
    assert enter(count, 1, 2, struck(count, 1), names_added=True).ballot.state == "mismatch"


@pytest.mark.django_db
def test_the_same_person_cannot_read_a_ballot_twice():
    count = counting()
    enter(count, 0, 1)
    error = refused("same_reader", enter, count, 0, 1)
    assert "thành viên khác" in str(error.message)
    assert BallotEntry.objects.filter(ballot__election=count.election).count() == 1


@pytest.mark.django_db
def test_an_accepted_ballot_is_not_entered_again():
    count = counting()
    enter(count, 0, 1)
    enter(count, 1, 1)
    refused("already_accepted", enter, count, 0, 1)


@pytest.mark.django_db
def test_single_entry_accepts_with_one_reading():
    count = counting(double_entry=False, counters=1, candidates=3, seats=2)
    entry = enter(count, 0, 1, struck(count, 1))
    assert entry.ballot.state == "accepted" and entry.ballot.valid is True
    refused("already_accepted", enter, count, 0, 1)


@pytest.mark.django_db
def test_only_the_counting_committee_enters_ballots(make_persona):
    count = counting()
    secretary = make_persona("party_secretary")  # the cell's secretary, not on the counting committee
    refused(
        "not_counter", services.ballot_enter, actor=secretary, election=count.election, number=1, marks={}
    )
    other = counting()  # a counter of another congress
    refused(
        "not_counter",
        services.ballot_enter,
        actor=other.counters[0],
        election=count.election,
        number=1,
        marks={},
    )
    assert not Ballot.objects.filter(election=count.election).exists()


@pytest.mark.django_db
def test_entering_needs_the_vote_open():
    count = counting(state="nominating")
    refused("not_voting", enter, count, 0, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("number", [0, -1, 10000, True, "3"])
def test_bad_ballot_numbers_are_refused(number):
    count = counting()
    refused("bad_number", enter, count, 0, number)


@pytest.mark.django_db
def test_marks_for_withdrawn_or_unknown_names_and_of_the_other_style_are_refused():
    count = counting(candidates=3, seats=2)
    gone = count.candidates[0]
    Candidate.objects.filter(pk=gone.pk).update(withdrawn=True, withdrawal_decision="Đại hội đồng ý cho rút")
    error = refused("withdrawn_candidate", enter, count, 0, 1, {gone.pk: M.STRUCK})
    assert gone.member.full_name in str(error.message)
    stranger = counting().candidates[0]  # a candidate of another election
    refused("unknown_candidate", enter, count, 0, 1, {stranger.pk: M.STRUCK})
    refused("unknown_candidate", enter, count, 0, 1, {"Nguyễn Văn Ngoài": M.STRUCK})
    refused("wrong_mark", enter, count, 0, 1, {count.candidates[1].pk: M.AGREE})
    refused("wrong_mark", enter, count, 0, 1, {count.candidates[1].pk: "gạch"})
    assert not BallotEntry.objects.filter(ballot__election=count.election).exists()


# --- invalid ballots, both styles -------------------------------------------------------------------------------


def _accept(count, number, marks=None, **flags):
    enter(count, 0, number, marks, **flags)
    return Ballot.objects.get(pk=enter(count, 1, number, marks, **flags).ballot.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("positions", "flags", "valid", "reason"),
    [
        ((3, 4), {}, True, ""),  # two kept for two seats
        ((4,), {}, False, "too_many"),  # three kept for two seats
        ((1, 2, 3, 4), {}, False, "none_kept"),  # every name crossed out
        ((3, 4), {"stamped": False}, False, "unstamped"),
        ((3, 4), {"names_added": True}, False, "names_added"),
        ((1, 2, 3), {}, True, ""),  # one kept: a vote for fewer than the seats is valid
    ],
)
def test_strike_ballots_judged(positions, flags, valid, reason):
    count = counting(candidates=4, seats=2)
    assert count.election.style == "strike"
    ballot = _accept(count, 1, struck(count, *positions), **flags)
    assert (ballot.valid, ballot.invalid_reason) == (valid, reason)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("marks", "flags", "valid", "reason"),
    [
        ("AA", {}, True, ""),
        ("AD", {}, True, ""),
        ("BN", {}, True, ""),  # both / neither: no vote, the ballot stays valid
        ("DD", {}, True, ""),  # disagreeing with everyone is valid
        ("AA", {"stamped": False}, False, "unstamped"),
        ("AA", {"names_added": True}, False, "names_added"),
    ],
)
def test_agree_ballots_judged(marks, flags, valid, reason):
    code = {"A": M.AGREE, "D": M.DISAGREE, "B": M.BOTH, "N": M.NEITHER}
    count = counting(candidates=2, seats=2)
    assert count.election.style == "agree"
    ballot = _accept(count, 1, {c.pk: code[m] for c, m in zip(count.candidates, marks, strict=True)}, **flags)
    assert (ballot.valid, ballot.invalid_reason) == (valid, reason)


@pytest.mark.django_db
def test_agree_ballot_with_too_many_agree_marks_is_invalid():
    # three on the list for two seats would be a strike ballot; an agree ballot is forced here to test the rule
    count = counting(candidates=3, seats=2, style="agree")
    ballot = _accept(count, 1, {c.pk: M.AGREE for c in count.candidates})
    assert (ballot.valid, ballot.invalid_reason) == (False, "too_many")


@pytest.mark.django_db
def test_unstamped_is_the_reason_recorded_first():
    count = counting(candidates=4, seats=2)
    ballot = _accept(count, 1, struck(count, 1, 2, 3, 4), stamped=False, names_added=True)
    assert ballot.invalid_reason == "unstamped"


# --- closing ----------------------------------------------------------------------------------------------------


def _fill(count, *ballots):
    return services.fill_ballots(election=count.election, counters=count.counters, ballots=list(ballots))


def _votes(count) -> dict:
    return {c.member.full_name: c.votes for c in Candidate.objects.filter(election=count.election)}


@pytest.mark.django_db
def test_close_writes_the_votes_and_the_outcome():
    count = counting(candidates=3, seats=2, summoned=7)
    a, b, c = count.candidates
    _fill(
        count,
        {"marks": {c.pk: M.STRUCK}},  # a, b
        {"marks": {c.pk: M.STRUCK}},  # a, b
        {"marks": {b.pk: M.STRUCK}},  # a, c
        {"marks": {b.pk: M.STRUCK}},  # a, c
        {"marks": {c.pk: M.STRUCK}},  # a, b
        {"marks": {a.pk: M.STRUCK, b.pk: M.STRUCK, c.pk: M.STRUCK}},  # none kept: invalid
    )
    closer = count.counters[0]
    election = services.count_close(actor=closer, election=count.election, issued=7, not_returned=1)
    election.refresh_from_db()
    assert election.state == "closed"
    assert (election.issued, election.not_returned, election.summoned) == (7, 1, 7)
    assert (election.valid, election.invalid) == (5, 1)
    assert election.closed_by == closer and election.closed_at is not None
    rows = {x.pk: x for x in Candidate.objects.filter(election=count.election)}
    assert (rows[a.pk].votes, rows[b.pk].votes, rows[c.pk].votes) == (5, 3, 2)
    # 7 summoned: 4 votes needed — a (5) is elected, b (3) is not, one seat left
    assert [x.pk for x in rows.values() if x.elected] == [a.pk]
    assert not any(x.tied for x in rows.values())


@pytest.mark.django_db
def test_majority_is_of_the_summoned_not_of_those_present():
    # 10 summoned, only 6 vote (issued 6): 5 votes is a majority of those present but not of the summoned
    count = counting(candidates=1, seats=1, summoned=10)  # agree
    (a,) = count.candidates
    _fill(count, *[{"marks": {a.pk: M.AGREE}}] * 5, {"marks": {a.pk: M.DISAGREE}})
    services.count_close(actor=count.counters[0], election=count.election, issued=6, not_returned=0)
    row = Candidate.objects.get(pk=a.pk)
    assert (row.votes, row.elected) == (5, False)


@pytest.mark.django_db
def test_exactly_half_of_the_summoned_fails_and_one_more_passes():
    half = counting(candidates=1, seats=1, summoned=8)
    (a,) = half.candidates
    _fill(half, *[{"marks": {a.pk: M.AGREE}}] * 4, *[{}] * 4)
    services.count_close(actor=half.counters[0], election=half.election, issued=8, not_returned=0)
    assert Candidate.objects.get(pk=a.pk).elected is False
    more = counting(candidates=1, seats=1, summoned=8)
    (b,) = more.candidates
    _fill(more, *[{"marks": {b.pk: M.AGREE}}] * 5, *[{}] * 3)
    services.count_close(actor=more.counters[0], election=more.election, issued=8, not_returned=0)
    assert Candidate.objects.get(pk=b.pk).elected is True


@pytest.mark.django_db
def test_equal_votes_within_the_seats_are_all_elected():
    count = counting(candidates=3, seats=2, summoned=6)  # strike, keep two of three
    a, b, c = count.candidates
    _fill(
        count,
        *[{"marks": {c.pk: M.STRUCK}}] * 4,  # a, b
        {"marks": {a.pk: M.STRUCK}},  # b, c
        {"marks": {b.pk: M.STRUCK}},  # a, c
    )
    services.count_close(actor=count.counters[0], election=count.election, issued=6, not_returned=0)
    rows = {x.pk: x for x in Candidate.objects.filter(election=count.election)}
    assert [(rows[k.pk].votes, rows[k.pk].elected, rows[k.pk].tied) for k in (a, b, c)] == [
        (5, True, False),
        (5, True, False),
        (2, False, False),
    ]


@pytest.mark.django_db
def test_a_tie_at_the_cut_off_is_recorded_not_broken():
    count = counting(candidates=4, seats=2, summoned=6)  # strike, keep two of four; 4 votes pass
    p, q, r, s = count.candidates
    _fill(
        count,
        *[{"marks": {r.pk: M.STRUCK, s.pk: M.STRUCK}}] * 2,  # p, q
        *[{"marks": {q.pk: M.STRUCK, s.pk: M.STRUCK}}] * 2,  # p, r
        *[{"marks": {p.pk: M.STRUCK, s.pk: M.STRUCK}}] * 2,  # q, r
    )
    services.count_close(actor=count.counters[0], election=count.election, issued=6, not_returned=0)
    rows = {x.pk: x for x in Candidate.objects.filter(election=count.election)}
    # three pass on 4 votes for two seats: none elected, the three tied for a new round
    assert [(rows[k.pk].votes, rows[k.pk].elected, rows[k.pk].tied) for k in (p, q, r, s)] == [
        (4, False, True),
        (4, False, True),
        (4, False, True),
        (0, False, False),
    ]


@pytest.mark.django_db
def test_one_elected_above_a_tie_at_the_cut_off():
    count = counting(candidates=4, seats=2, summoned=9)  # 5 votes pass
    p, q, r, s = count.candidates
    _fill(
        count,
        *[{"marks": {r.pk: M.STRUCK, s.pk: M.STRUCK}}] * 4,  # p, q
        *[{"marks": {q.pk: M.STRUCK, s.pk: M.STRUCK}}] * 4,  # p, r
        {"marks": {p.pk: M.STRUCK, s.pk: M.STRUCK}},  # q, r
    )
    services.count_close(actor=count.counters[0], election=count.election, issued=9, not_returned=0)
    rows = {x.pk: x for x in Candidate.objects.filter(election=count.election)}
    assert [(rows[k.pk].votes, rows[k.pk].elected, rows[k.pk].tied) for k in (p, q, r, s)] == [
        (8, True, False),
        (5, False, True),
        (5, False, True),
        (0, False, False),
    ]


@pytest.mark.django_db
def test_close_is_refused_while_ballots_are_pending_or_mismatched():
    count = counting(candidates=3, seats=2)
    enter(count, 0, 1)
    error = refused(
        "open_ballots",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=1,
        not_returned=0,
    )
    assert "1 phiếu chờ nhập lần hai" in str(error.message)
    enter(count, 1, 1, struck(count, 1))
    refused(
        "open_ballots",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=1,
        not_returned=0,
    )
    assert Election.objects.get(pk=count.election.pk).state == "voting"


@pytest.mark.django_db
def test_close_is_refused_when_the_totals_do_not_reconcile():
    count = counting()
    _fill(count, {}, {}, {})
    error = refused(
        "issued_mismatch",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=5,
        not_returned=1,
    )
    assert "phát ra 5 phiếu nhưng thu về 3 và không thu về 1" in str(error.message)
    refused(
        "issued_mismatch",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=2,
        not_returned=0,
    )
    refused(
        "bad_count",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=-3,
        not_returned=0,
    )
    refused(
        "bad_count",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued="3",
        not_returned=0,
    )
    election = Election.objects.get(pk=count.election.pk)
    assert election.state == "voting" and election.issued is None
    assert not Candidate.objects.filter(election=count.election, votes__isnull=False).exists()


@pytest.mark.django_db
def test_close_is_refused_with_no_ballot_more_issued_than_summoned_or_no_summoned_list():
    count = counting(summoned=3)
    refused(
        "no_ballots",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=0,
        not_returned=0,
    )
    _fill(count, {}, {}, {})
    refused(
        "too_many_issued",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=4,
        not_returned=1,
    )
    Election.objects.filter(pk=count.election.pk).update(summoned=None)  # never opened through the services
    refused(
        "no_summoned",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=3,
        not_returned=0,
    )


@pytest.mark.django_db
def test_more_ballots_issued_than_members_present_is_refused():
    count = counting(summoned=4)
    Summons.objects.filter(congress=count.congress, member=count.members[-1]).update(attendance="absent")
    _fill(count, {}, {}, {})
    error = refused(
        "too_many_issued",
        services.count_close,
        actor=count.counters[0],
        election=count.election,
        issued=4,
        not_returned=1,
    )
    assert "(3)" in str(error.message)
    services.count_close(actor=count.counters[0], election=count.election, issued=3, not_returned=0)


@pytest.mark.django_db
def test_the_majority_is_of_the_members_summoned_when_the_vote_opened():
    count = counting(candidates=1, seats=1, summoned=8)  # agree
    (a,) = count.candidates
    _fill(count, *[{"marks": {a.pk: M.AGREE}}] * 5, *[{}] * 3)  # 5 of the 8 summoned when the vote opened
    # four more summoned behind the services' back (they refuse while a vote is open): 5 of 12 would fail
    Summons.objects.bulk_create(
        Summons(congress=count.congress, member=m, status="summoned") for m in make_members(4)
    )
    election = services.count_close(
        actor=count.counters[0], election=count.election, issued=8, not_returned=0
    )
    assert election.summoned == 8
    assert Candidate.objects.get(pk=a.pk).elected is True


@pytest.mark.django_db
def test_closing_records_the_counting_committee_of_the_moment():
    count = counting(head=True, counters=3)
    _fill(count, {})
    election = services.count_close(
        actor=count.counters[0], election=count.election, issued=1, not_returned=0
    )
    names = [m.full_name for m in PartyMember.objects.filter(user__in=count.counters)]
    assert election.counting_committee[0] == {"name": names[0], "is_head": True}
    assert sorted(row["name"] for row in election.counting_committee) == sorted(names)
    assert Election.objects.get(pk=election.pk).counting_committee == election.counting_committee


@pytest.mark.django_db
def test_entering_and_closing_record_the_actor_in_the_audit():
    count = counting(candidates=2)
    entry = enter(count, 0, 1)
    enter(count, 1, 1)
    services.count_close(actor=count.counters[0], election=count.election, issued=1, not_returned=0)

    def actor_of(model, pk):
        event = event_model_for(model).objects.select_related("pgh_context").filter(pgh_obj_id=pk).last()
        return (event.pgh_context.metadata or {}).get("user") if event.pgh_context else None

    assert actor_of(BallotEntry, entry.pk) == count.counters[0].pk
    assert actor_of(Ballot, entry.ballot.pk) == count.counters[1].pk
    assert actor_of(Election, count.election.pk) == count.counters[0].pk


@pytest.mark.django_db
def test_the_head_closes_the_count_when_there_is_one(make_persona):
    count = counting(head=True)
    _fill(count, {}, {})
    error = refused(
        "not_head",
        services.count_close,
        actor=count.counters[1],
        election=count.election,
        issued=2,
        not_returned=0,
    )
    assert count.election.congress.duties.get(is_head=True).member.full_name in str(error.message)
    refused(
        "not_counter",
        services.count_close,
        actor=make_persona("party_secretary"),
        election=count.election,
        issued=2,
        not_returned=0,
    )
    services.count_close(actor=count.counters[0], election=count.election, issued=2, not_returned=0)


# --- immutable once closed ----------------------------------------------------------------------------------------


@pytest.fixture
def closed(db):
    count = counting(candidates=3, seats=2, counters=3)
    _fill(count, {}, {"marks": {count.candidates[0].pk: M.STRUCK}})
    services.count_close(actor=count.counters[0], election=count.election, issued=2, not_returned=0)
    count.election.refresh_from_db()
    return count


def test_services_refuse_a_closed_count_with_a_clear_message(closed):
    error = refused("count_closed", enter, closed, 2, 3)
    assert "đã kết thúc kiểm phiếu" in str(error.message)
    refused("count_closed", enter, closed, 2, 1)
    refused(
        "count_closed",
        services.count_close,
        actor=closed.counters[0],
        election=closed.election,
        issued=2,
        not_returned=0,
    )
    assert Ballot.objects.filter(election=closed.election).count() == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda c: Ballot.objects.filter(election=c.election).update(valid=False),
        lambda c: BallotEntry.objects.filter(ballot__election=c.election).delete(),
        lambda c: Candidate.objects.filter(election=c.election).delete(),
        lambda c: BallotEntry.objects.filter(ballot__election=c.election).update(stamped=False),
        lambda c: Candidate.objects.filter(election=c.election).update(votes=0),
        lambda c: Candidate.objects.filter(election=c.election).update(elected=True),
        lambda c: Election.objects.filter(pk=c.election.pk).update(valid=0),
        lambda c: Election.objects.filter(pk=c.election.pk).update(state="voting"),
        lambda c: Election.objects.filter(pk=c.election.pk)._raw_delete("default"),  # past the ORM's PROTECT
        lambda c: Candidate.objects.create(
            election=c.election, member=make_members(1)[0], source="convening", position=9
        ),
        lambda c: Ballot.objects.create(election=c.election, number=99, state="accepted", valid=True),
        lambda c: BallotEntry.objects.create(
            ballot=Ballot.objects.filter(election=c.election).first(), reading=9, entered_by=c.counters[0]
        ),
        lambda c: Ballot.objects.filter(pk=counting().election.ballots.create(number=1).pk).update(
            election=c.election, number=50
        ),
        lambda c: Candidate.objects.filter(pk=counting().candidates[0].pk).update(election=c.election),
        lambda c: BallotEntry.objects.filter(pk=enter(counting(), 0, 1).pk).update(
            ballot=Ballot.objects.filter(election=c.election).first(), reading=7
        ),
    ],
    ids=[
        "ballot",
        "entry-delete",
        "candidate-delete",
        "entry",
        "votes",
        "elected",
        "election",
        "reopen",
        "election-delete",
        "candidate-insert",
        "ballot-insert",
        "entry-insert",
        "ballot-moved-in",
        "candidate-moved-in",
        "entry-moved-in",
    ],
)
def test_the_database_refuses_changes_to_a_closed_count(closed, change):
    with pytest.raises(DatabaseError, match="closed"), transaction.atomic():
        change(closed)
    assert Election.objects.get(pk=closed.election.pk).state == "closed"


def test_an_open_election_next_to_a_closed_one_still_changes(closed):
    other = counting()
    enter(other, 0, 1)
    assert Ballot.objects.filter(election=other.election).update(names_added=False) == 1
    Candidate.objects.create(election=other.election, member=make_members(1)[0], source="convening")
    assert Ballot.objects.create(election=other.election, number=2).pk


# --- the demo's helper --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_fill_ballots_numbers_after_the_last_and_accepts_each():
    count = counting(candidates=3, seats=2)
    enter(count, 0, 1)
    enter(count, 1, 1)
    rows = _fill(count, rules.BallotMarks(marks={str(count.candidates[0].pk): M.STRUCK}), {"stamped": False})
    assert [(b.number, b.state, b.valid, b.invalid_reason) for b in rows] == [
        (2, "accepted", True, ""),
        (3, "accepted", False, "unstamped"),
    ]
    with pytest.raises(ValueError):
        services.fill_ballots(election=count.election, counters=count.counters[:1], ballots=[{}])
