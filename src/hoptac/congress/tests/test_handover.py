"""Closing a congress hands the committee over: once the new term's elected are recorded, the outgoing term's
positions end the day before the new ones start — and the party roles follow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hoptac.accounts.models import RoleAssignment
from hoptac.congress import services_congress, services_elections
from hoptac.core.errors import DomainError
from hoptac.party.models import CommitteePosition, Term
from hoptac.party.tests.factories import make_member, make_position, make_term

from .builders_elections import close_count, congress, election, member_of

pytestmark = pytest.mark.django_db


def _roles(user) -> set[str]:
    return set(
        RoleAssignment.objects.filter(user=user, role__is_party=True).values_list("role__code", flat=True)
    )


def test_closing_the_congress_ends_the_outgoing_committee_once_the_new_one_is_recorded(secretary, cell):
    old_term = make_term(cell, name="2020–2025", starts_on=date(2020, 8, 19))
    outgoing = make_member(cell=cell, full_name="Lý Văn Cũ", with_user=True)
    make_position(outgoing, "committee_member", old_term)
    make_position(member_of(secretary), "secretary", old_term)
    row = congress(secretary)
    newcomers = [
        make_member(cell=cell, full_name=name, with_user=True) for name in ("Mai Văn Mới", "Đinh Thị Mới")
    ]
    committee = election(row, seats=2, members=newcomers)
    close_count(committee, {"Mai Văn Mới": 10, "Đinh Thị Mới": 9}, summoned=12)
    services_elections.election_apply_results(actor=secretary, election=committee)
    new_start = CommitteePosition.objects.filter(term=row.term).order_by("starts_on").first().starts_on

    services_congress.congress_close(actor=secretary, congress=row)

    old = CommitteePosition.objects.filter(term=old_term)
    assert old.count() == 2 and all(p.ends_on is not None for p in old)
    assert {p.ends_on for p in old} == {new_start - timedelta(days=1)}
    assert Term.objects.get(pk=old_term.pk).ends_on is not None
    assert _roles(outgoing.user) == {"party_member"}
    assert "cell_committee_member" in _roles(newcomers[0].user)


def test_closing_without_recorded_results_leaves_the_outgoing_committee_in_office(secretary, cell):
    old_term = make_term(cell, name="2020–2025", starts_on=date(2020, 8, 19))
    outgoing = make_member(cell=cell, with_user=True)
    position = make_position(outgoing, "committee_member", old_term)
    row = congress(secretary)
    services_congress.congress_close(actor=secretary, congress=row)
    position.refresh_from_db()
    assert position.ends_on is None
    assert Term.objects.get(pk=old_term.pk).ends_on is None


def test_the_presidium_writes_only_its_own_terms_positions_and_the_hand_over(secretary, member_user, cell):
    from hoptac.core.errors import DomainError
    from hoptac.party import services as party_services

    from .factories import give_duty

    old_term = make_term(cell, name="2020–2025", starts_on=date(2020, 8, 19))
    old_position = make_position(make_member(cell=cell, with_user=True), "committee_member", old_term)
    row = congress(secretary, presidium=False)
    give_duty(row, member_of(member_user), "presidium", is_head=True)  # a member, not on the cell committee
    elected = make_member(cell=cell, with_user=True)
    with pytest.raises(DomainError):  # another term: the cell committee's business
        party_services.position_assign(
            actor=member_user,
            term=old_term,
            member=elected,
            position="committee_member",
            starts_on=date(2025, 9, 1),
        )
    with pytest.raises(DomainError):  # no new committee recorded yet: no hand-over
        party_services.position_end(actor=member_user, position=old_position, ends_on=date(2025, 8, 31))
    party_services.position_assign(
        actor=member_user,
        term=row.term,
        member=elected,
        position="committee_member",
        starts_on=date(2025, 9, 1),
    )
    party_services.position_end(actor=member_user, position=old_position, ends_on=date(2025, 8, 31))
    old_position.refresh_from_db()
    assert old_position.ends_on == date(2025, 8, 31)


def test_closing_is_refused_while_elected_are_not_recorded_on_the_committee(secretary, cell):
    row = congress(secretary)
    newcomers = [make_member(cell=cell, full_name=name) for name in ("Mai Văn Mới", "Đinh Thị Mới")]
    committee = election(row, seats=2, members=newcomers)
    close_count(committee, {"Mai Văn Mới": 10, "Đinh Thị Mới": 9}, summoned=12)
    with pytest.raises(DomainError) as refused:
        services_congress.congress_close(actor=secretary, congress=row)
    assert refused.value.code == "results_pending" and "ghi kết quả" in str(refused.value.message)
    services_elections.election_apply_results(actor=secretary, election=committee)
    assert services_congress.congress_close(actor=secretary, congress=row).state == "closed"
