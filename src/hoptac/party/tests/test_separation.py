"""Party data stays inside the party module (issue 6 §1): only the cell's party roles see it; the administrator
and every other role see none of it — not in the party's pages (the role matrix: 404), not in the global search,
the exports, the home page, the accounts screens or the change history; and party roles need the second factor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.accounts import roles
from hoptac.core.permissions import CHANGE, HISTORY, VIEW, policy_for, restrict
from hoptac.core.testing.personas import ANONYMOUS, persona_names
from hoptac.party import models as party_models

from .factories import make_member, make_position, make_term, other_cell

pytestmark = pytest.mark.django_db

PARTY_PERSONAS = {"party_secretary", "party_member"}
NON_PARTY = [p for p in persona_names() if p not in PARTY_PERSONAS | {ANONYMOUS}]
SECRET_NAME = "Hoàng Thị Bí Mật"  # a member with no log-in: her name exists only in party tables


@pytest.fixture
def secret_member(cell):
    member = make_member(cell=cell, full_name=SECRET_NAME, card_number="01.999999", gender="female")
    make_position(member, "committee_member", make_term(cell))
    return member


def _party_models():
    from django.apps import apps

    return [m for m in apps.get_app_config("party").get_models() if not m.__name__.endswith("Event")]


@pytest.mark.parametrize("persona", NON_PARTY)
def test_no_party_model_grants_any_row_to_a_role_outside_the_cell(persona, make_persona):
    user = make_persona(persona)
    for model in _party_models():
        rule = policy_for(model)
        assert rule is not None, f"{model.__name__} has no policy"
        for action in (VIEW, CHANGE, HISTORY):
            assert rule(user, action) is False, f"{persona} {action} {model.__name__}"


def test_the_administrator_sees_no_party_row_even_when_rows_exist(make_persona, secret_member):
    admin = make_persona("system_admin")
    assert party_models.PartyMember.objects.exists()
    for model in _party_models():
        assert not restrict(model.objects.all(), admin).exists(), model.__name__


def test_a_member_of_another_cell_sees_nothing_of_this_cell(secret_member, login):
    outsider = make_member(cell=other_cell(), full_name="Phan Văn Chi Bộ Khác", with_user=True)
    user = outsider.user
    assert not restrict(party_models.PartyMember.objects.filter(cell=secret_member.cell), user).exists()
    assert not restrict(party_models.Term.objects.filter(cell=secret_member.cell), user).exists()
    assert not restrict(
        party_models.CommitteePosition.objects.filter(term__cell=secret_member.cell), user
    ).exists()
    assert restrict(party_models.PartyMember.objects.all(), user).get() == outsider  # their own record only
    page = login(user).get(reverse("party:cell_detail")).content.decode()
    assert SECRET_NAME not in page and "Chi bộ Ban Kế hoạch Hỗ trợ" in page


@pytest.mark.parametrize(
    "persona", ["system_admin", "institute_leader", "institute_expert", "alliance_viewer"]
)
def test_party_names_never_appear_in_the_global_search(persona, client_as, secret_member, secretary):
    client = client_as(persona)
    for query in ("Bí Mật", "bi mat", "01.999999", "chi bộ", "Bí thư"):
        page = client.get(reverse("core:search"), {"q": query}).content.decode()
        assert SECRET_NAME not in page, query
        assert "Bí thư chi bộ" not in page, (
            query
        )  # the secretary's account may be found, never her party role


@pytest.mark.parametrize("persona", ["system_admin", "institute_leader"])
def test_exports_hold_no_party_data(persona, client_as, secret_member):
    client = client_as(persona)
    for name in (
        "registry:cooperative_export_csv",
        "registry:cooperative_export_xlsx",
        "support:request_export_csv",
        "support:request_export_xlsx",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET_NAME.encode() not in body
        assert "Đảng".encode() not in body


@pytest.mark.parametrize("persona", ["system_admin", "institute_leader"])
def test_home_and_menu_show_nothing_of_the_party_to_other_roles(persona, client_as, secret_member):
    page = client_as(persona).get(reverse("core:home")).content.decode()
    assert "Công tác Đảng" not in page
    assert reverse("party:home") not in page


def test_home_and_menu_lead_party_roles_to_the_module(client_as):
    page = client_as("party_member").get(reverse("core:home")).content.decode()
    assert reverse("party:home") in page and "Công tác Đảng" in page


def test_the_administrator_sees_no_party_role_on_a_members_account(client_as, secretary):
    admin = client_as("system_admin")
    page = admin.get(reverse("accounts:user_detail", args=[secretary.pk])).content.decode()
    assert secretary.full_name in page  # the account itself is the administrator's to manage
    assert "Bí thư chi bộ" not in page and "Đảng viên" not in page
    listing = admin.get(reverse("accounts:user_list")).content.decode()
    assert "Bí thư chi bộ" not in listing


def test_party_history_is_for_the_committee_only(client_as, secret_member, member_user):
    own = member_user.party_member
    for target in (secret_member, own):
        url = reverse("core:history", args=["party", "partymember", target.pk])
        assert client_as("party_secretary").get(url).status_code == 200
        assert client_as("system_admin").get(url).status_code == 404
        assert client_as("institute_leader").get(url).status_code == 404
    # A member may open their own record, but not its change history (issue 6 §1: the committee only).
    assert (
        client_as("party_member")
        .get(reverse("core:history", args=["party", "partymember", own.pk]))
        .status_code
        == 404
    )


def test_party_roles_must_pass_the_second_factor(client, secretary):
    secretary.set_password("Mat-khau-2026")
    secretary.save(update_fields=["password"])
    response = client.post(
        reverse("accounts:login"), {"username": secretary.username, "password": "Mat-khau-2026"}
    )
    assert response.status_code == 302
    blocked = client.get(reverse("party:home"))
    assert blocked.status_code == 302 and blocked["Location"] == reverse("accounts:two_factor_setup")


def test_roles_hold_the_party_role_codes_we_expect():
    assert {"cell_secretary", "cell_deputy_secretary", "cell_committee_member", "party_member"} == set(
        roles.PARTY_ROLES
    )


def test_a_committee_member_of_one_cell_reads_nothing_private_of_another_cell_they_belong_to(login, cell):
    """Review finding: on the committee of cell A and a plain member of cell B, a person must not see B's
    evaluations through A's committee pages."""
    from datetime import date

    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import Role, RoleAssignment
    from hoptac.party.models import EvaluationYear, MemberEvaluation, PartyCell

    other = other_cell()
    person = make_member(cell=cell, with_user=True, roles=("party_member", "cell_secretary"))
    RoleAssignment.objects.create(
        user=person.user,
        role=Role.objects.get(code="party_member"),
        scope_type=ContentType.objects.get_for_model(PartyCell),
        scope_id=other.pk,
    )
    b_member = make_member(cell=other, full_name="Võ Thị Chi Bộ Bên", gender="female")
    b_round = EvaluationYear.objects.create(cell=other, year=2025)
    MemberEvaluation.objects.create(round=b_round, member=b_member, form="2B")
    client = login(person.user)
    response = client.get(reverse("party:round_detail", args=[b_round.pk]))
    assert response.status_code == 404
    assert "Võ Thị Chi Bộ Bên" not in response.content.decode()
    assert date.today().year >= 2025
