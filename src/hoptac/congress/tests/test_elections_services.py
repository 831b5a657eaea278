"""The elections' services: which ballots, seats, who may stand (probationary, counters, off the roll),
nominations from the floor (exactly 30% refused), the surplus (warned, never silent), withdrawals, the ballot
order, opening the vote, further rounds (tie; too few), the third secretary round, the ≥ 9 and < 9 paths and
the elected written to the term's committee."""

from __future__ import annotations

from datetime import date

import pytest

from hoptac.congress import selectors_elections as selectors
from hoptac.congress import services_elections as services
from hoptac.congress.models import Candidate, Congress, Election
from hoptac.core.errors import DomainError
from hoptac.party.models import CommitteePosition, PartyMember
from hoptac.party.tests.factories import make_member, make_position, make_term, other_cell

from . import builders_elections as builders
from .builders_elections import (
    FAMILY_ORDER,
    GIVEN_ORDER,
    close_count,
    congress,
    election,
    member_of,
    open_vote,
    people,
)
from .factories import give_duty, make_members

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def _names(election_row) -> list[str]:
    return [c.member.full_name for c in selectors.on_ballot(election_row)]


# --- which ballots ----------------------------------------------------------------------------------------------


def test_nine_full_members_elect_a_committee_first_eight_elect_the_secretary_directly(secretary):
    c = congress(secretary)
    make_members(7)  # with the secretary: 8 full members
    make_member(full_name="Dự Bị Một", full_member_on=None)  # probationary: not counted
    assert selectors.full_members_count(c) == 8
    assert selectors.ballot_kinds(c) == ["secretary", "deputy_secretary", "delegates"]
    Congress.objects.filter(pk=c.pk).update(deputy_needed=False)
    c.refresh_from_db()
    assert selectors.ballot_kinds(c) == ["secretary", "delegates"]
    assert _code(
        lambda: services.election_create(actor=secretary, congress=c, kind="committee", seats=3)
    ) == ("kind_not_held")
    make_members(1)
    assert selectors.committee_path(c)
    assert selectors.ballot_kinds(c) == ["committee", "secretary", "deputy_secretary", "delegates"]


def test_seats_per_ballot_and_one_first_round_each(secretary):
    c = congress(secretary)
    make_members(9)
    assert (
        _code(lambda: services.election_create(actor=secretary, congress=c, kind="committee", seats=8))
        == "seats"
    )
    assert (
        _code(lambda: services.election_create(actor=secretary, congress=c, kind="secretary", seats=2))
        == "seats"
    )
    assert (
        _code(lambda: services.election_create(actor=secretary, congress=c, kind="delegates", seats=0))
        == "seats"
    )
    e = services.election_create(actor=secretary, congress=c, kind="committee", seats=7)
    assert (e.round, e.state, e.seats) == (1, "nominating", 7)
    assert (
        _code(lambda: services.election_create(actor=secretary, congress=c, kind="committee", seats=3))
        == "exists"
    )
    assert services.election_create(actor=secretary, congress=c, kind="delegates", seats=4).seats == 4


def test_the_committee_prepares_before_the_opening_the_presidium_runs_the_session(secretary, member_user):
    make_members(3)
    preparing = congress(secretary, state="preparing", presidium=False)
    assert services.election_create(actor=secretary, congress=preparing, kind="secretary", seats=1)
    in_session = congress(secretary, presidium=False)
    assert _code(
        lambda: services.election_create(actor=secretary, congress=in_session, kind="secretary", seats=1)
    ) == ("not_presidium")
    give_duty(in_session, member_of(member_user), "presidium")
    member_user.forget_roles()
    assert services.election_create(actor=member_user, congress=in_session, kind="secretary", seats=1)
    closed = congress(secretary, state="closed")
    assert _code(
        lambda: services.election_create(actor=secretary, congress=closed, kind="secretary", seats=1)
    ) == ("congress_closed")
    # a plain member can do nothing
    other = congress(secretary, state="preparing", presidium=False)
    assert _code(
        lambda: services.election_create(actor=member_user, congress=other, kind="secretary", seats=1)
    ) == ("not_presidium")


# --- who may stand ----------------------------------------------------------------------------------------------


def test_probationary_counters_off_roll_suspended_and_other_cells_cannot_stand(secretary):
    c = congress(secretary)
    e = election(c, "secretary", seats=1)
    nominate = lambda member: services.candidate_nominate(  # noqa: E731
        actor=secretary, election=e, member=member, source="convening"
    )
    assert _code(lambda: nominate(make_member(full_name="Dự Bị", full_member_on=None))) == "probationary"
    # full only after the congress's day: still probationary at the congress
    late = make_member(full_name="Chính Thức Muộn", full_member_on=date(2025, 9, 1))
    assert _code(lambda: nominate(late)) == "probationary"
    counter = make_member(full_name="Kiểm Phiếu Viên")
    give_duty(c, counter, "counting")
    assert _code(lambda: nominate(counter)) == "counter"
    gone = make_member(full_name="Đã Chuyển Đi", status="transferred_out", status_since=date(2025, 1, 1))
    assert _code(lambda: nominate(gone)) == "off_roll"
    assert _code(lambda: nominate(make_member(full_name="Bị Đình Chỉ", status="suspended"))) == "suspended"
    assert _code(lambda: nominate(make_member(cell=other_cell(), full_name="Chi Bộ Khác"))) == "other_cell"
    ok = make_member(full_name="Nguyễn Văn Được")
    assert nominate(ok).source == "convening"
    assert _code(lambda: nominate(ok)) == "listed"
    # the form offers none of the refused
    offered = {m.full_name for m in selectors.nominee_choices(e)}
    assert {
        "Dự Bị",
        "Chính Thức Muộn",
        "Kiểm Phiếu Viên",
        "Đã Chuyển Đi",
        "Bị Đình Chỉ",
        "Nguyễn Văn Được",
    }.isdisjoint(offered)


@pytest.mark.parametrize(
    ("approvals", "present", "accepted"),
    [(3, 10, False), (30, 100, False), (31, 100, True), (4, 13, True), (0, 1, False), (1, 1, True)],
)
def test_a_floor_nomination_needs_more_than_thirty_percent_of_those_present(
    secretary, approvals, present, accepted
):
    c = congress(secretary)
    e = election(c, "delegates", seats=3)
    builders.present(c, present, absent=2)  # the absent do not count
    member = make_member(full_name="Phạm Văn Đề Cử")
    call = lambda: services.candidate_nominate(  # noqa: E731
        actor=secretary, election=e, member=member, source="floor", approvals=approvals
    )
    if accepted:
        row = call()
        assert (row.source, row.approvals, row.present) == ("floor", approvals, present)
    else:
        assert _code(call) == "not_approved"
        assert not Candidate.objects.filter(election=e).exists()


def test_self_and_floor_nominations_are_decisions_of_the_congress_in_session(secretary):
    c = congress(secretary, state="preparing")
    e = election(c, "delegates", seats=3)
    member = make_member(full_name="Tự Ứng Cử")
    call = lambda: services.candidate_nominate(  # noqa: E731
        actor=secretary, election=e, member=member, source="self", approvals=5
    )
    assert _code(call) == "not_in_session"
    Congress.objects.filter(pk=c.pk).update(state="in_session")
    assert _code(call) == "present"  # nobody marked present yet
    builders.present(c, 10)
    assert (
        _code(
            lambda: services.candidate_nominate(
                actor=secretary, election=e, member=member, source="self", approvals=11
            )
        )
        == "approvals"
    )
    row = call()
    assert (row.source, row.approvals, row.present) == ("self", 5, 10)


@pytest.mark.parametrize("approvals", ["5", 5.0, None, True, -1])
def test_a_floor_nomination_refuses_approvals_that_are_not_a_count(secretary, approvals):
    c = congress(secretary)
    e = election(c, "delegates", seats=3)
    builders.present(c, 10)
    member = make_member(full_name="Đề Cử Sai Số")
    call = lambda: services.candidate_nominate(  # noqa: E731
        actor=secretary, election=e, member=member, source="floor", approvals=approvals
    )
    assert _code(call) == "approvals"
    assert not Candidate.objects.filter(election=e).exists()


# --- the surplus ------------------------------------------------------------------------------------------------


def test_a_surplus_above_thirty_percent_needs_the_congress_decision(secretary, login):
    c = congress(secretary)
    e = election(c, "committee", seats=7)
    nine = people([f"Ủy Viên {n}" for n in "ABCDEFGHI"])
    for m in nine:  # 9 for 7 seats: surplus 2 = floor(0.3 × 7)
        services.candidate_nominate(actor=secretary, election=e, member=m, source="convening")
    tenth = make_member(full_name="Ủy Viên K")
    page = login(secretary).get(f"/dang/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert 'data-testid="next-surplus-warning"' in page and 'data-testid="surplus-warning"' not in page
    with pytest.raises(DomainError) as caught:
        services.candidate_nominate(actor=secretary, election=e, member=tenth, source="convening")
    assert caught.value.code == "surplus_needs_decision"
    assert "số dư 3 vượt mức 30%" in str(caught.value.message) and "tối đa 2" in str(caught.value.message)
    services.candidate_nominate(
        actor=secretary,
        election=e,
        member=tenth,
        source="convening",
        list_decision="Đại hội biểu quyết chấp thuận danh sách 10 người (11/12 tán thành).",
    )
    e.refresh_from_db()
    assert e.list_decision.startswith("Đại hội biểu quyết chấp thuận")
    page = login(secretary).get(f"/dang/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert 'data-testid="surplus-warning"' in page and "Đại hội biểu quyết chấp thuận" in page


def test_three_seats_allow_no_surplus_without_a_decision(secretary):
    c = congress(secretary)
    e = election(c, "committee", seats=3, members=people(NAMES_3 := ["A Văn An", "B Văn Bình", "C Văn Chi"]))
    assert len(NAMES_3) == 3
    fourth = make_member(full_name="D Văn Dũng")
    assert (
        _code(
            lambda: services.candidate_nominate(
                actor=secretary, election=e, member=fourth, source="convening"
            )
        )
        == "surplus_needs_decision"
    )


# --- withdrawals and the ballot order -----------------------------------------------------------------------------


def test_the_list_is_in_given_name_then_family_name_order_and_a_withdrawn_name_leaves_the_ballot(secretary):
    c = congress(secretary)
    e = election(c, "delegates", seats=5)
    members = people(list(reversed(GIVEN_ORDER)))
    for m in members:
        services.candidate_nominate(actor=secretary, election=e, member=m, source="convening")
    assert _names(e) == GIVEN_ORDER
    assert list(
        e.candidates.filter(withdrawn=False).order_by("position").values_list("position", flat=True)
    ) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    an = Candidate.objects.get(election=e, member__full_name="Nguyễn Văn An")
    assert _code(lambda: services.candidate_withdraw(actor=secretary, candidate=an, decision="  ")) == (
        "decision_required"
    )
    services.candidate_withdraw(actor=secretary, candidate=an, decision="Đại hội đồng ý cho rút (12/12).")
    an.refresh_from_db()
    assert an.withdrawn and an.position == 0 and an.withdrawal_decision.startswith("Đại hội đồng ý")
    assert _names(e) == [n for n in GIVEN_ORDER if n != "Nguyễn Văn An"]
    assert (
        _code(lambda: services.candidate_withdraw(actor=secretary, candidate=an, decision="Lần nữa"))
        == "withdrawn"
    )


def test_opening_freezes_the_list_in_the_chosen_order_and_sets_the_style(secretary):
    c = congress(secretary)
    e = election(c, "delegates", seats=6)
    for m in people():
        services.candidate_nominate(actor=secretary, election=e, member=m, source="convening")
    opened = services.election_open(actor=secretary, election=e, ordering=selectors.ORDER_FAMILY)
    assert (opened.state, opened.style) == ("voting", "agree") and opened.voting_opened_at
    assert _names(opened) == FAMILY_ORDER
    late = make_member(full_name="Đến Muộn")
    assert (
        _code(
            lambda: services.candidate_nominate(actor=secretary, election=e, member=late, source="convening")
        )
        == "wrong_state"
    )
    first = Candidate.objects.get(election=e, position=1)
    assert (
        _code(lambda: services.candidate_withdraw(actor=secretary, candidate=first, decision="x"))
        == "wrong_state"
    )
    assert _code(lambda: services.election_open(actor=secretary, election=e)) == "wrong_state"

    strike = election(congress(secretary), "committee", seats=3)  # one ballot at a time in a congress
    for m in people(["Một Văn An", "Hai Văn Bình", "Ba Văn Chi", "Bốn Văn Dũng"]):
        services.candidate_nominate(
            actor=secretary, election=strike, member=m, source="convening", list_decision="Đại hội chấp thuận"
        )
    assert services.election_open(actor=secretary, election=strike).style == "strike"


def test_an_empty_or_short_list_does_not_open_without_a_decision(secretary):
    c = congress(secretary)
    e = election(c, "committee", seats=3)
    assert _code(lambda: services.election_open(actor=secretary, election=e)) == "empty_list"
    services.candidate_nominate(
        actor=secretary, election=e, member=make_member(full_name="Một Mình"), source="convening"
    )
    assert _code(lambda: services.election_open(actor=secretary, election=e)) == "short_list_needs_decision"
    opened = services.election_open(
        actor=secretary, election=e, list_decision="Đại hội quyết định bầu 1 người."
    )
    assert opened.style == "agree" and opened.list_decision == "Đại hội quyết định bầu 1 người."


def test_only_the_presidium_in_session_opens_the_vote(secretary):
    c = congress(secretary, state="preparing")
    e = election(c, "secretary", seats=1, members=people(["Chỉ Một Người"]))
    assert _code(lambda: services.election_open(actor=secretary, election=e)) == "not_in_session"


# --- the ≥ 9 and < 9 paths ---------------------------------------------------------------------------------------


def test_nine_or_more_the_secretary_and_deputy_come_from_the_elected_committee(secretary):
    c = congress(secretary)
    committee_names = ["Ủy Viên An", "Ủy Viên Bình", "Ủy Viên Chi"]
    elected = people(committee_names)
    make_members(6)  # 10 full members with the secretary
    assert selectors.committee_path(c)
    outsider = make_member(full_name="Không Trúng Cử")
    committee = election(c, "committee", seats=3, members=[*elected, outsider])
    secretary_ballot = election(c, "secretary", seats=1)
    deputy_ballot = election(c, "deputy_secretary", seats=1)
    # before the committee is elected nobody may stand
    assert (
        _code(
            lambda: services.candidate_nominate(
                actor=secretary, election=secretary_ballot, member=elected[0], source="convening"
            )
        )
        == "not_committee_member"
    )
    close_count(
        committee,
        {"Ủy Viên An": 9, "Ủy Viên Bình": 8, "Ủy Viên Chi": 7, "Không Trúng Cử": 2},
        summoned=10,
        valid=10,
    )
    assert selectors.elected_committee_members(c) == {m.pk for m in elected}
    assert (
        _code(
            lambda: services.candidate_nominate(
                actor=secretary, election=secretary_ballot, member=outsider, source="convening"
            )
        )
        == "not_committee_member"
    )
    services.candidate_nominate(
        actor=secretary, election=secretary_ballot, member=elected[0], source="convening"
    )
    close_count(secretary_ballot, {"Ủy Viên An": 9}, summoned=10)
    # the elected secretary is not the deputy
    assert (
        _code(
            lambda: services.candidate_nominate(
                actor=secretary, election=deputy_ballot, member=elected[0], source="convening"
            )
        )
        == "already_elected"
    )
    assert {m.full_name for m in selectors.nominee_choices(deputy_ballot)} == {"Ủy Viên Bình", "Ủy Viên Chi"}
    services.candidate_nominate(
        actor=secretary, election=deputy_ballot, member=elected[1], source="convening"
    )


def test_fewer_than_nine_any_full_member_stands_for_secretary(secretary):
    c = congress(secretary)
    make_members(4)
    assert not selectors.committee_path(c)
    e = services.election_create(actor=secretary, congress=c, kind="secretary", seats=1)
    anyone = make_member(full_name="Bất Kỳ Ai")
    assert services.candidate_nominate(actor=secretary, election=e, member=anyone, source="convening")


# --- after the count: rounds, appointment, positions ------------------------------------------------------------


def test_a_tie_at_the_cut_off_offers_a_round_among_the_tied_only(secretary):
    c = congress(secretary)
    names = ["Số Một", "Số Hai", "Số Ba", "Số Bốn"]
    e = election(c, "committee", seats=3, members=people(names))
    close_count(e, {"Số Một": 10, "Số Hai": 8, "Số Ba": 8, "Số Bốn": 8}, summoned=12)
    results = selectors.election_results(e)
    assert [c.member.full_name for c in results.elected] == ["Số Một"]
    assert [c.member.full_name for c in results.tied] == ["Số Hai", "Số Ba", "Số Bốn"]
    assert results.seats_left == 2 and results.next_round_offered
    assert _code(lambda: services.election_next_round(actor=secretary, election=e, decision="")) == (
        "decision_required"
    )
    second = services.election_next_round(
        actor=secretary, election=e, decision="Đại hội biểu quyết bầu lần 2 trong số 3 đồng chí bằng phiếu."
    )
    assert (second.round, second.seats, second.previous_id, second.state) == (2, 2, e.pk, "nominating")
    assert sorted(_names(second)) == sorted(["Số Hai", "Số Ba", "Số Bốn"])
    assert selectors.is_tie_round(second)
    extra = make_member(full_name="Người Mới")
    assert (
        _code(
            lambda: services.candidate_nominate(
                actor=secretary, election=second, member=extra, source="convening"
            )
        )
        == "tie_round"
    )
    assert (
        _code(lambda: services.election_next_round(actor=secretary, election=e, decision="Lại")) == "exists"
    )


def test_too_few_elected_offers_a_round_among_the_rest(secretary):
    c = congress(secretary)
    e = election(c, "committee", seats=3, members=people(["Đạt Một", "Trượt Hai", "Trượt Ba", "Trượt Bốn"]))
    close_count(e, {"Đạt Một": 9, "Trượt Hai": 6, "Trượt Ba": 5, "Trượt Bốn": 2}, summoned=12)
    results = selectors.election_results(e)
    assert results.seats_left == 2 and not results.tied
    second = services.election_next_round(
        actor=secretary, election=e, decision="Đại hội quyết định bầu tiếp."
    )
    assert second.seats == 2 and not selectors.is_tie_round(second)
    assert sorted(_names(second)) == sorted(["Trượt Hai", "Trượt Ba", "Trượt Bốn"])
    # the congress may still add names to a round that is not a tie round
    services.candidate_nominate(
        actor=secretary,
        election=second,
        member=make_member(full_name="Bổ Sung"),
        source="convening",
        list_decision="Đại hội chấp thuận danh sách 4 người cho 2 chỗ.",
    )


def test_no_round_when_every_seat_is_filled(secretary):
    c = congress(secretary)
    e = election(c, "secretary", seats=1, members=people(["Trúng Ngay"]))
    close_count(e, {"Trúng Ngay": 7}, summoned=12)
    assert selectors.election_results(e).seats_left == 0
    assert (
        _code(lambda: services.election_next_round(actor=secretary, election=e, decision="x"))
        == "no_seats_left"
    )
    assert _code(
        lambda: services.election_next_round(actor=secretary, election=election(c, "delegates"), decision="x")
    ) == ("wrong_state")


def test_the_third_secretary_round_without_a_result_is_appointed_by_the_superior(secretary):
    c = congress(secretary)
    e = election(c, "secretary", seats=1, members=people(["Ứng Viên Một", "Ứng Viên Hai"]))
    close_count(e, {"Ứng Viên Một": 6, "Ứng Viên Hai": 6}, summoned=12)  # exactly half: nobody passes
    assert _code(
        lambda: services.election_appoint_by_superior(actor=secretary, election=e, decision="x")
    ) == ("appointment_not_due")
    for round_no in (2, 3):
        e = services.election_next_round(actor=secretary, election=e, decision=f"Bầu lần {round_no}")
        assert e.round == round_no
        close_count(e, {"Ứng Viên Một": 5, "Ứng Viên Hai": 6}, summoned=12)
    results = selectors.election_results(e)
    assert results.appointment_due and not results.next_round_offered
    assert _code(lambda: services.election_next_round(actor=secretary, election=e, decision="Lần 4")) == (
        "appointment_due"
    )
    record = services.election_appoint_by_superior(
        actor=secretary, election=e, decision="Đại hội đề nghị Đảng ủy cấp trên chỉ định bí thư."
    )
    assert record.appointed_by_superior and record.round == 4 and record.previous_id == e.pk
    assert record.list_decision == "Đại hội đề nghị Đảng ủy cấp trên chỉ định bí thư."
    assert not record.candidates.exists()
    assert _code(lambda: services.election_open(actor=secretary, election=record)) == "appointed_by_superior"
    assert (
        _code(lambda: services.election_appoint_by_superior(actor=secretary, election=e, decision="Lại"))
        == "exists"
    )


def test_the_committee_after_three_rounds_is_not_appointed(secretary):
    c = congress(secretary)
    e = election(c, "committee", seats=1, members=people(["Chưa Đủ"]), round=3)
    close_count(e, {"Chưa Đủ": 2}, summoned=12)
    results = selectors.election_results(e)
    assert not results.appointment_due and results.next_round_offered


def test_the_elected_take_their_positions_on_the_new_term_nine_or_more(secretary):
    c = congress(secretary)
    # the outgoing secretary holds the old term's position (someone with a log-in stays on a committee)
    make_position(member_of(secretary), "secretary", term=make_term(c.cell, name="2020–2025"))
    committee_members = people(["Chi Ủy An", "Chi Ủy Bình", "Chi Ủy Chi"])
    make_members(6)
    committee = election(c, "committee", seats=3, members=committee_members)
    close_count(committee, {"Chi Ủy An": 9, "Chi Ủy Bình": 8, "Chi Ủy Chi": 7}, summoned=10)
    written = services.election_apply_results(actor=secretary, election=committee)
    assert {(p.member.full_name, p.position) for p in written} == {
        ("Chi Ủy An", "committee_member"),
        ("Chi Ủy Bình", "committee_member"),
        ("Chi Ủy Chi", "committee_member"),
    }
    assert (
        _code(lambda: services.election_apply_results(actor=secretary, election=committee))
        == "already_applied"
    )
    sec = election(c, "secretary", seats=1, members=[committee_members[1]])
    close_count(sec, {"Chi Ủy Bình": 9}, summoned=10)
    services.election_apply_results(actor=secretary, election=sec)
    rows = CommitteePosition.objects.filter(term=c.term, member=committee_members[1]).order_by("id")
    assert [(p.position, p.ends_on is None) for p in rows] == [
        ("committee_member", False),
        ("secretary", True),
    ]
    assert rows[0].ends_on == rows[1].starts_on
    # the committee's result is still applied: a secretary is a committee member
    assert selectors.results_pending(committee) == []


def test_fewer_than_nine_the_secretary_is_written_directly(secretary):
    c = congress(secretary)
    winner = make_member(full_name="Bí Thư Mới")
    e = election(c, "secretary", seats=1, members=[winner])
    close_count(e, {"Bí Thư Mới": 3}, summoned=4)
    [position] = services.election_apply_results(actor=secretary, election=e)
    assert (position.member, position.position, position.term) == (winner, "secretary", c.term)
    assert "Trúng cử tại" in position.decision
    delegates = election(c, "delegates", seats=1, members=[make_member(full_name="Đại Biểu")])
    close_count(delegates, {"Đại Biểu": 3}, summoned=4)
    assert (
        _code(lambda: services.election_apply_results(actor=secretary, election=delegates)) == "no_position"
    )


def test_nothing_is_applied_before_the_count_closes(secretary):
    c = congress(secretary)
    e = election(c, "secretary", seats=1, members=people(["Chưa Kiểm"]))
    assert _code(lambda: services.election_apply_results(actor=secretary, election=e)) == "wrong_state"
    assert selectors.election_results(e) is None
    assert Election.objects.get(pk=e.pk).state == "nominating"


# --- the names checked again ------------------------------------------------------------------------------------


def test_opening_checks_every_name_again_and_records_the_summoned(secretary):
    from hoptac.party.choices import MemberStatus

    c = congress(secretary)
    builders.present(c, 5, absent=1)
    a, b, d = people(["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Văn Dũng"])
    e = election(c, "delegates", seats=1, members=[a, b, d])
    PartyMember.objects.filter(pk=b.pk).update(status=MemberStatus.SUSPENDED)
    give_duty(c, d, "counting")
    with pytest.raises(DomainError) as refused:
        services.election_open(actor=secretary, election=e, list_decision="Đại hội chấp thuận")
    message = str(refused.value.message)
    assert refused.value.code == "candidates_refused"
    assert "Trần Thị Bình" in message and "Đỗ Văn Dũng" in message and "Nguyễn Văn An" not in message
    for row in Candidate.objects.filter(election=e, member__in=[b, d]):
        services.candidate_withdraw(actor=secretary, candidate=row, decision="Đại hội cho rút")
    opened = services.election_open(actor=secretary, election=e)
    assert (opened.state, opened.summoned) == ("voting", 6)


def test_below_nine_the_elected_secretary_cannot_be_opened_as_deputy(secretary):
    c = congress(secretary)
    make_members(4)
    assert not selectors.committee_path(c)
    x, y = people(["Phan Văn Xuân", "Lê Thị Yến"])
    secretary_ballot = election(c, "secretary", seats=1, members=[x])
    deputy_ballot = election(c, "deputy_secretary", seats=1, members=[x, y])
    close_count(secretary_ballot, {"Phan Văn Xuân": 9}, summoned=10)
    with pytest.raises(DomainError) as refused:
        services.election_open(actor=secretary, election=deputy_ballot, list_decision="Đại hội chấp thuận")
    assert refused.value.code == "candidates_refused" and "Phan Văn Xuân" in str(refused.value.message)


def test_a_further_round_checks_its_names_again(secretary):
    c = congress(secretary)
    a, b, d = people(["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Văn Dũng"])
    e = election(c, "committee", seats=2, members=[a, b, d])
    close_count(e, {"Nguyễn Văn An": 8, "Trần Thị Bình": 3, "Đỗ Văn Dũng": 2}, summoned=10)
    give_duty(c, b, "counting")
    with pytest.raises(DomainError) as refused:
        services.election_next_round(actor=secretary, election=e, decision="Đại hội quyết định bầu tiếp")
    assert refused.value.code == "candidates_refused" and "Trần Thị Bình" in str(refused.value.message)
    assert not Election.objects.filter(previous=e).exists()


def test_one_ballot_at_a_time_so_the_next_is_checked_against_the_last_result(secretary):
    c = congress(secretary)
    make_members(4)
    x, y = people(["Phan Văn Xuân", "Lê Thị Yến"])
    secretary_ballot = open_vote(election(c, "secretary", seats=1, members=[x]))
    deputy_ballot = election(c, "deputy_secretary", seats=1, members=[x, y])
    with pytest.raises(DomainError) as refused:
        services.election_open(actor=secretary, election=deputy_ballot, list_decision="Đại hội chấp thuận")
    assert refused.value.code == "another_voting" and str(secretary_ballot) in str(refused.value.message)
