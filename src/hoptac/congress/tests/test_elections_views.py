"""The elections' screens: the ballots listed in order, the list page and its forms (refusals kept on the form),
results hidden until the count closes (no partial figure), the actions after it, another cell's election 404,
and query budgets that do not grow with the candidates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.congress.models import Candidate, Election
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party.models import CommitteePosition
from hoptac.party.tests.factories import make_member, other_cell

from .builders_elections import (
    GIVEN_ORDER,
    close_count,
    congress,
    election,
    open_vote,
    people,
    present,
)
from .factories import make_members

pytestmark = pytest.mark.django_db


def _url(name, row, **kw):
    return reverse(f"congress:{name}", kwargs={"pk": row.pk, **kw})


def test_the_ballots_are_listed_in_the_order_they_are_held(secretary, member_user, login):
    c = congress(secretary)
    make_members(8)  # 10 full members with the two personas
    page = login(member_user).get(_url("congress_elections", c)).content.decode()
    assert 'data-committee-path="yes"' in page
    assert [
        page.index(f'data-kind="{kind}"')
        for kind in ("committee", "secretary", "deputy_secretary", "delegates")
    ] == sorted(
        page.index(f'data-kind="{kind}"')
        for kind in ("committee", "secretary", "deputy_secretary", "delegates")
    )
    assert 'data-testid="create-form"' not in page  # a member does not create ballots
    client = login(secretary)
    assert 'data-testid="create-form"' in client.get(_url("congress_elections", c)).content.decode()
    response = client.post(_url("election_create", c), {"kind": "committee", "seats": "8"})
    assert response.status_code == 409 and "tối đa 7" in response.content.decode()
    response = client.post(_url("election_create", c), {"kind": "committee", "seats": "5"})
    e = Election.objects.get(congress=c, kind="committee")
    assert response.status_code == 302 and response["Location"] == _url("election_detail", e)
    assert (
        member_user
        and login(member_user)
        .post(_url("election_create", c), {"kind": "secretary", "seats": "1"})
        .status_code
        == 404
    )


def test_the_list_page_nominates_keeps_a_refusal_on_the_form_and_withdraws(secretary, member_user, login):
    c = congress(secretary)
    e = election(c, "delegates", seats=5)
    for m in people(list(reversed(GIVEN_ORDER))):
        Candidate.objects.create(election=e, member=m, source="convening")
    present(c, 10)
    client = login(secretary)
    page = client.get(_url("election_detail", e)).content.decode()
    assert "đang có mặt 10 đảng viên chính thức" in page and 'name="present"' not in page
    assert [page.index(name) for name in GIVEN_ORDER] == sorted(page.index(name) for name in GIVEN_ORDER)
    probationary = make_member(full_name="Dự Bị Không Có Tên", full_member_on=None)
    assert "Dự Bị Không Có Tên" not in page  # not offered
    floor = make_member(full_name="Đề Cử Tại Chỗ")
    response = client.post(
        _url("candidate_nominate", e),
        {"member": floor.pk, "source": "floor", "approvals": "3", "present": "1", "list_decision": ""},
    )
    body = response.content.decode()
    assert response.status_code == 409 and "trên 30%" in body and 'value="3"' in body
    response = client.post(
        _url("candidate_nominate", e),
        {
            "member": floor.pk,
            "source": "floor",
            "approvals": "4",
            "present": "1",  # ignored: those present come from the roll call
            "list_decision": "Chấp thuận",
        },
    )
    assert response.status_code == 302
    row = Candidate.objects.get(election=e, member=floor)
    assert (row.source, row.approvals, row.present) == ("floor", 4, 10)
    response = client.post(_url("candidate_nominate", e), {"member": probationary.pk, "source": "convening"})
    assert response.status_code == 400  # not a choice
    row = Candidate.objects.get(election=e, member__full_name="Lê Văn An")
    response = client.post(_url("candidate_withdraw", e, candidate=row.pk), {"decision": ""})
    assert response.status_code == 400 and "Hãy ghi quyết định của đại hội." in response.content.decode()
    response = client.post(
        _url("candidate_withdraw", e, candidate=row.pk), {"decision": "Đại hội cho rút 12/12"}
    )
    assert response.status_code == 302
    page = login(member_user).get(_url("election_detail", e)).content.decode()
    assert 'data-testid="withdrawn"' in page and "Đại hội cho rút 12/12" in page
    assert 'data-testid="nominate-form"' not in page and 'data-testid="withdraw-form"' not in page
    assert (
        login(member_user)
        .post(_url("candidate_withdraw", e, candidate=row.pk), {"decision": "x"})
        .status_code
        == 404
    )


def test_opening_the_vote_from_the_page(secretary, login):
    c = congress(secretary)
    e = election(
        c, "committee", seats=3, members=people(["Một Văn An", "Hai Văn Bình", "Ba Văn Chi", "Bốn Văn Dũng"])
    )
    client = login(secretary)
    response = client.post(_url("election_open", e), {"ordering": "given", "list_decision": ""})
    assert response.status_code == 409 and "vượt mức 30%" in response.content.decode()
    response = client.post(
        _url("election_open", e), {"ordering": "given", "list_decision": "Đại hội chấp thuận"}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.state, e.style) == ("voting", "strike")
    page = client.get(_url("election_detail", e)).content.decode()
    assert 'data-testid="ballot-pdf"' in page and 'data-testid="open-form"' not in page


def test_results_are_hidden_until_the_count_closes(secretary, member_user, login):
    c = congress(secretary)
    e = election(c, "committee", seats=2, members=people(["Nhiều Phiếu", "Ít Phiếu", "Vừa Phiếu"]))
    e = open_vote(e)
    # votes written by the counting part before closing must never show
    Candidate.objects.filter(election=e, member__full_name="Nhiều Phiếu").update(votes=11)
    for user in (secretary, member_user):
        response = login(user).get(_url("election_results", e))
        body = response.content.decode()
        assert response.status_code == 200 and 'data-testid="results-not-available"' in body
        assert 'data-testid="votes"' not in body and ">11<" not in body
    assert login(secretary).get(_url("counting_minutes_pdf", e)).status_code == 404
    assert login(secretary).get(_url("counting_minutes_docx", e)).status_code == 404
    close_count(e, {"Nhiều Phiếu": 11, "Ít Phiếu": 3, "Vừa Phiếu": 6}, summoned=12, invalid={"unstamped": 1})
    body = login(member_user).get(_url("election_results", e)).content.decode()
    assert 'data-testid="results-not-available"' not in body
    assert "91,67%" in body and "25,00%" in body and "50,00%" in body  # of the 12 summoned
    assert body.count('data-status="elected"') == 1 and body.count('data-status="not_elected"') == 2
    assert "Còn thiếu 1 người." in body and "Không có dấu của Ban Kiểm phiếu" in body
    assert 'data-testid="next-round-form"' not in body  # a member does not decide
    assert (
        'data-testid="next-round-form"' in login(secretary).get(_url("election_results", e)).content.decode()
    )


def test_next_round_appointment_and_positions_from_the_results_page(secretary, login):
    c = congress(secretary)
    e = election(c, "secretary", seats=1, members=people(["Chưa Qua Một", "Chưa Qua Hai"]))
    close_count(e, {"Chưa Qua Một": 6, "Chưa Qua Hai": 5}, summoned=12)
    client = login(secretary)
    response = client.post(_url("election_next_round", e), {"decision": ""})
    assert response.status_code == 400
    response = client.post(_url("election_next_round", e), {"decision": "Đại hội quyết định bầu lần 2"})
    second = Election.objects.get(previous=e)
    assert response.status_code == 302 and response["Location"] == _url("election_detail", second)
    second = close_count(second, {"Chưa Qua Một": 5, "Chưa Qua Hai": 5}, summoned=12)
    assert client.post(_url("election_next_round", second), {"decision": "Bầu lần 3"}).status_code == 302
    third = close_count(
        Election.objects.get(previous=second), {"Chưa Qua Một": 6, "Chưa Qua Hai": 4}, summoned=12
    )
    page = client.get(_url("election_results", third)).content.decode()
    assert 'data-testid="appoint-form"' in page and 'data-testid="next-round-form"' not in page
    response = client.post(_url("election_next_round", third), {"decision": "Lần 4"})
    assert response.status_code == 409 and "cấp ủy cấp trên chỉ định" in response.content.decode()
    response = client.post(_url("election_appoint", third), {"decision": "Đề nghị cấp trên chỉ định"})
    record = Election.objects.get(previous=third)
    assert response.status_code == 302 and record.appointed_by_superior
    assert 'data-testid="appointed"' in client.get(_url("election_detail", record)).content.decode()
    assert client.get(_url("ballot_pdf", record)).status_code == 404

    winner = election(c, "deputy_secretary", seats=1, members=people(["Phó Bí Thư Mới"]))
    close_count(winner, {"Phó Bí Thư Mới": 10}, summoned=12)
    assert 'data-testid="apply-form"' in client.get(_url("election_results", winner)).content.decode()
    response = client.post(_url("election_apply", winner))
    assert response.status_code == 302
    assert (
        CommitteePosition.objects.get(term=c.term, position="deputy_secretary").member.full_name
        == "Phó Bí Thư Mới"
    )
    assert 'data-testid="apply-form"' not in client.get(_url("election_results", winner)).content.decode()


def test_another_cells_election_is_404(secretary, login):
    c = congress(secretary)
    e = election(c, "secretary", seats=1, members=people(["Ai Đó"]))
    from hoptac.congress.models import Congress

    Congress.objects.filter(pk=c.pk).update(cell=other_cell())
    client = login(secretary)
    for name in ("election_detail", "election_results", "congress_elections"):
        row = c if name == "congress_elections" else e
        assert client.get(_url(name, row)).status_code == 404, name


def test_the_pages_query_budget_does_not_grow_with_the_candidates(secretary, login):
    c = congress(secretary)
    e = election(c, "delegates", seats=3)
    client = login(secretary)
    n = iter(range(100))

    def add(count):
        for _ in range(count):
            Candidate.objects.create(
                election=e, member=make_member(full_name=f"Người Thứ {next(n)}"), source="convening"
            )

    assert_constant_queries(lambda: client.get(_url("election_detail", e)), add, sizes=(3, 12), budget=40)
