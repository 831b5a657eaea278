"""The cell's page: terms, the committee over time (the party roles follow it), the rules as data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoptac.accounts.models import RoleAssignment
from hoptac.core.errors import DomainError
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party import services
from hoptac.party.forms import RulesForm
from hoptac.party.models import CellRules, CommitteePosition

from .factories import make_member, make_position, make_term, other_cell

pytestmark = pytest.mark.django_db


def _party_roles(user) -> set[str]:
    return set(
        RoleAssignment.objects.filter(user=user, role__is_party=True).values_list("role__code", flat=True)
    )


def test_electing_a_member_to_the_committee_gives_the_role_and_ending_it_takes_it_back(secretary, cell):
    member = make_member(cell=cell, full_name="Đặng Văn Ủy Viên", with_user=True)
    term = make_term(cell)
    make_position(secretary.party_member, "secretary", term)
    position = services.position_assign(
        actor=secretary, term=term, member=member, position="deputy_secretary", starts_on=date(2025, 8, 19)
    )
    assert _party_roles(member.user) == {"party_member", "cell_deputy_secretary"}
    services.position_end(actor=secretary, position=position, ends_on=date(2026, 1, 31))
    assert _party_roles(member.user) == {"party_member"}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"full_member_on": None}, "probationary"),
        ({"status": "transferred_out"}, "off_roll"),
    ],
)
def test_the_committee_refuses_probationary_and_departed_members(secretary, cell, kwargs, code):
    member = make_member(cell=cell, **kwargs)
    with pytest.raises(DomainError) as refused:
        services.position_assign(
            actor=secretary,
            term=make_term(cell),
            member=member,
            position="committee_member",
            starts_on=date(2025, 9, 1),
        )
    assert refused.value.code == code


def test_a_member_of_another_cell_cannot_be_put_on_this_committee(secretary, cell):
    stranger = make_member(cell=other_cell())
    with pytest.raises(DomainError) as refused:
        services.position_assign(
            actor=secretary,
            term=make_term(cell),
            member=stranger,
            position="committee_member",
            starts_on=date(2025, 9, 1),
        )
    assert refused.value.code == "other_cell"


def test_only_the_committee_may_change_the_committee(member_user, cell):
    member = make_member(cell=cell)
    with pytest.raises(DomainError) as refused:
        services.position_assign(
            actor=member_user,
            term=make_term(cell),
            member=member,
            position="secretary",
            starts_on=date(2025, 9, 1),
        )
    assert refused.value.code == "not_committee"


def test_two_open_secretaries_are_refused_by_the_database_rule(secretary, cell):
    term = make_term(cell)
    first, second = make_member(cell=cell), make_member(cell=cell)
    services.position_assign(
        actor=secretary, term=term, member=first, position="secretary", starts_on=date(2025, 8, 19)
    )
    with pytest.raises(ValidationError) as refused:
        services.position_assign(
            actor=secretary, term=term, member=second, position="secretary", starts_on=date(2025, 8, 19)
        )
    assert "Nhiệm kỳ này đang có Bí thư" in str(refused.value)


def test_a_departed_member_loses_every_party_role(secretary, cell):
    member = make_member(cell=cell, with_user=True)
    member.status = "transferred_out"
    member.save(update_fields=["status"])
    services.member_sync_roles(member)
    assert _party_roles(member.user) == set()


def test_linking_a_user_already_linked_elsewhere_is_refused(secretary, cell, member_user):
    member = make_member(cell=cell)
    with pytest.raises(DomainError) as refused:
        services.member_link_user(actor=secretary, member=member, user=member_user)
    assert refused.value.code == "user_taken"


def test_the_cell_page_shows_terms_and_committee_to_members_but_forms_to_the_committee(
    committee_client, member_client, cell, secretary
):
    term = make_term(cell)
    CommitteePosition.objects.create(
        term=term, member=secretary.party_member, position="secretary", starts_on=date(2025, 8, 19)
    )
    page = member_client.get(reverse("party:cell_detail")).content.decode()
    assert "Nguyễn Thị Bí Thư" in page and "Bí thư" in page
    assert 'data-testid="position-form"' not in page and "Quy định áp dụng" not in page
    committee_page = committee_client.get(reverse("party:cell_detail")).content.decode()
    assert 'data-testid="position-form"' in committee_page and "Quyết định 342-QĐ/TW" not in committee_page


def test_the_cell_page_costs_the_same_queries_for_few_and_many_positions(committee_client, cell):
    term = make_term(cell)
    url = reverse("party:cell_detail")
    committee_client.get(url)  # warm the session and the rules row

    def positions(n):
        for _ in range(n):
            CommitteePosition.objects.create(
                term=term,
                member=make_member(cell=cell),
                position="committee_member",
                starts_on=date(2025, 8, 19),
                ends_on=date(2025, 9, 1),
            )

    assert_constant_queries(lambda: committee_client.get(url), positions, budget=20)


def test_a_term_with_bad_dates_is_refused_in_vietnamese_and_the_form_keeps_the_input(committee_client):
    response = committee_client.post(
        reverse("party:term_create"),
        {"name": "2030–2025", "starts_on": "01/01/2030", "ends_on": "01/01/2025"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "2030–2025" in page
    assert "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu." in page
    assert "party_term_dates_ordered" not in page


def test_a_term_name_too_long_or_a_date_unreadable_is_explained(committee_client):
    response = committee_client.post(
        reverse("party:term_create"), {"name": "x" * 51, "starts_on": "31/02/2026"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "tối đa 50 ký tự" in page or "50" in page
    assert "Nhập một ngày hợp lệ" in page or "ngày hợp lệ" in page


def _as_typed(rules) -> dict:
    """The rules' form as a person would post it back: decimals with a decimal comma, unticked boxes absent."""
    data = {}
    for f in CellRules._meta.fields:
        value = getattr(rules, f.name)
        if f.name in ("id", "cell") or value is False:
            continue
        data[f.name] = value
    form = RulesForm(instance=rules)
    return {name: form.fields[name].prepare_value(value) for name, value in data.items()}


def test_rules_ship_with_their_documents_and_the_committee_edits_them(committee_client, cell):
    page = committee_client.get(reverse("party:rules_edit")).content.decode()
    for document in ("Quyết định 342-QĐ/TW", "Hướng dẫn 21-HD/BTCTW", "Hướng dẫn 42-HD/BTCTW", "mức L"):
        assert document in page
    rules = CellRules.objects.get(cell=cell)
    data = {f.name: getattr(rules, f.name) for f in CellRules._meta.fields if f.name not in ("id", "cell")}
    data.update(
        {
            "fee_kept_share": "50",
            "fee_pension_rate": "0,5",
            "fee_fixed_default": "6.000",
            "excellent_quota_blocking": "on",
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = committee_client.post(reverse("party:rules_edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rules.refresh_from_db()
    assert rules.fee_kept_share == Decimal("0.5") and rules.excellent_quota_blocking
    assert rules.fee_pension_rate == Decimal("0.005") and rules.fee_fixed_default == 6000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fee_kept_share", "150"),
        ("badge_milestones", "30,abc"),
        ("quorum_share", "nửa"),
        ("fee_fixed_default", "5,5"),
    ],
)
def test_bad_rule_values_are_refused_with_a_message(committee_client, cell, field, value):
    rules = services.rules_for(cell)
    data = _as_typed(rules)
    data[field] = value
    response = committee_client.post(reverse("party:rules_edit"), data)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()
    rules.refresh_from_db()
    assert str(getattr(rules, field)) != value


def test_the_home_page_shows_the_member_their_record_and_the_committee_its_counts(
    committee_client, member_client, cell, other_member
):
    member_page = member_client.get(reverse("party:home")).content.decode()
    assert "Trần Văn Đảng Viên" in member_page and 'data-testid="meetings-home-panel"' in member_page
    assert 'data-testid="party-counts"' not in member_page
    committee_page = committee_client.get(reverse("party:home")).content.decode()
    assert 'data-testid="party-counts"' in committee_page


def test_the_home_page_costs_the_same_queries_for_few_and_many_members(committee_client, cell):
    url = reverse("party:home")
    committee_client.get(url)

    def members(n):
        for _ in range(n):
            make_member(cell=cell)

    assert_constant_queries(lambda: committee_client.get(url), members, budget=25)


def test_a_congress_changeover_keeps_the_new_positions_role(secretary, cell):
    """Review finding: ending the old term's position after the new term's began must not drop the new role."""
    member = make_member(cell=cell, with_user=True)
    old_term = make_term(cell, name="2020–2025", starts_on=date(2020, 8, 19))
    new_term = make_term(cell, name="2025–2030", starts_on=date(2025, 8, 19))
    old = services.position_assign(
        actor=secretary,
        term=old_term,
        member=member,
        position="committee_member",
        starts_on=date(2020, 8, 19),
    )
    services.position_assign(
        actor=secretary,
        term=new_term,
        member=member,
        position="deputy_secretary",
        starts_on=date(2025, 8, 19),
    )
    services.position_end(actor=secretary, position=old, ends_on=date(2025, 8, 18))
    assert _party_roles(member.user) == {"party_member", "cell_deputy_secretary"}


def test_a_position_ending_later_keeps_its_role_until_then(secretary, cell):
    member = make_member(cell=cell, with_user=True)
    term = make_term(cell)
    make_position(secretary.party_member, "secretary", term)
    position = services.position_assign(
        actor=secretary, term=term, member=member, position="committee_member", starts_on=date(2025, 8, 19)
    )
    services.position_end(actor=secretary, position=position, ends_on=date(2099, 1, 1))
    assert _party_roles(member.user) == {"party_member", "cell_committee_member"}
    services.roles_sync_all(today=date(2099, 1, 2))
    assert _party_roles(member.user) == {"party_member"}


def test_a_position_starting_later_gives_its_role_on_the_day(secretary, cell):
    member = make_member(cell=cell, with_user=True)
    services.position_assign(
        actor=secretary,
        term=make_term(cell),
        member=member,
        position="committee_member",
        starts_on=date(2099, 1, 1),
    )
    assert _party_roles(member.user) == {"party_member"}
    services.roles_sync_all(today=date(2099, 1, 1))
    assert _party_roles(member.user) == {"party_member", "cell_committee_member"}


def test_the_last_committee_member_with_a_log_in_cannot_end_their_position(secretary, cell):
    term = make_term(cell)
    own = services.position_assign(
        actor=secretary,
        term=term,
        member=secretary.party_member,
        position="secretary",
        starts_on=date(2025, 8, 19),
    )
    make_position(make_member(cell=cell), "committee_member", term)  # no log-in: cannot run the module
    with pytest.raises(DomainError) as refused:
        services.position_end(actor=secretary, position=own, ends_on=date(2026, 1, 1))
    assert refused.value.code == "last_committee_member"


def test_a_suspended_member_holds_no_party_role(secretary, cell):
    member = make_member(cell=cell, with_user=True)
    services.member_sync_roles(member)
    assert _party_roles(member.user) == {"party_member"}
    member.status = "suspended"
    member.save(update_fields=["status"])
    services.member_sync_roles(member)
    assert _party_roles(member.user) == set()


def test_a_registered_authority_may_record_positions_and_nobody_else_outside_the_committee(member_user, cell):
    member = make_member(cell=cell, with_user=True)
    with pytest.raises(DomainError):
        services.position_assign(
            actor=member_user,
            term=make_term(cell),
            member=member,
            position="committee_member",
            starts_on=date(2025, 9, 1),
        )

    def presidium(actor, term, action):
        return actor == member_user and term.cell_id == cell.pk and action == "assign"

    services.register_position_authority(presidium)
    try:
        services.position_assign(
            actor=member_user,
            term=make_term(cell),
            member=member,
            position="committee_member",
            starts_on=date(2025, 9, 1),
        )
    finally:
        services._position_authorities.remove(presidium)
    assert "cell_committee_member" in _party_roles(member.user)
