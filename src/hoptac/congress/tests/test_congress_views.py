"""The preparation screens: calling a congress, its page (documents, counts, bodies, targets with their conflict
flags), the roll call, the bodies and the resolution; refusals come back on the form; other cells' congresses
answer 404; query budgets do not grow with the rows."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.congress import services_congress as services
from hoptac.congress.models import Congress, Summons
from hoptac.congress.selectors_congress import summoned_count
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party.tests.factories import other_cell

from .builders_congress import congress, me, present_count
from .factories import give_duty, make_congress, make_members

pytestmark = pytest.mark.django_db


_names = itertools.count(1)


@pytest.fixture
def committee(login, secretary):
    return login(secretary)


@pytest.fixture
def member(login, member_user):
    return login(member_user)


def _url(name, *args):
    return reverse(f"congress:{name}", args=args)


def test_call_a_congress_through_the_form(committee, secretary, cell):
    response = committee.get(_url("congress_create"))
    assert response.status_code == 200
    data = {
        "term": "",
        "term_name": "2025–2030",
        "term_starts_on": "19/08/2025",
        "title": "Đại hội Chi bộ nhiệm kỳ 2025–2030",
        "held_on": "19/08/2025",
        "place": "Hội trường Viện",
        "convening": [me(secretary).pk],
        "double_entry": "on",
    }
    response = committee.post(_url("congress_create"), data)
    row = Congress.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("congress_detail", row.pk)
    assert row.term.name == "2025–2030" and not row.deputy_needed and row.double_entry
    # Missing fields and a bad date stay on the form with what was typed.
    response = committee.post(_url("congress_create"), {**data, "term_name": "", "held_on": "2025-08-19"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Chọn một nhiệm kỳ có sẵn hoặc ghi tên nhiệm kỳ mới." in text
    assert "Hãy nhập ngày theo dạng dd/mm/yyyy" in text and "Hội trường Viện" in text


def test_edit_refused_after_opening(committee, secretary):
    row = congress(secretary, state="in_session")
    response = committee.get(_url("congress_edit", row.pk))
    assert response.status_code == 302


def test_page_shows_documents_counts_bodies_and_flagged_targets(committee, member, secretary):
    row = congress(secretary, state="in_session", members=3)
    services.document_upload(
        actor=secretary,
        congress=row,
        kind="political_report",
        file=SimpleUploadedFile("bc.pdf", b"%PDF-1.4 a"),
    )
    doc = services.document_upload(
        actor=secretary,
        congress=row,
        kind="political_report",
        note="Sửa theo góp ý",
        file=SimpleUploadedFile("bc2.pdf", b"%PDF-1.4 b"),
    )
    services.resolution_target_add(
        actor=secretary, congress=row, label="30% xuất sắc", level="excellent", share=30
    )
    text = committee.get(_url("congress_detail", row.pk)).content.decode()
    assert text.count('data-testid="document-version"') == 2 and "Sửa theo góp ý" in text
    assert f'data-testid="summoned-count">{summoned_count(row)}<' in text
    assert 'data-testid="target-flag"' in text and 'data-testid="target-conflicts"' in text
    assert 'data-testid="roll-call-link"' in text and 'data-testid="congress-close"' in text
    # A member sees the page, the documents and their own line, not the running links.
    text = member.get(_url("congress_detail", row.pk)).content.decode()
    assert 'data-testid="roll-call-link"' not in text and 'data-testid="document-form"' not in text
    response = member.get(_url("congress_document_file", row.pk, doc.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 b"
    assert response["Cache-Control"] == "private, no-store"


def test_other_cells_congress_answers_404(committee, member_user, secretary):
    foreign = make_congress(cell=other_cell(), created_by=member_user)
    doc = foreign.documents.create(
        kind="other", version=1, title="X", file=SimpleUploadedFile("x.pdf", b"%PDF"), uploaded_by=member_user
    )
    for url in (
        _url("congress_detail", foreign.pk),
        _url("congress_roll_call", foreign.pk),
        _url("congress_bodies", foreign.pk),
        _url("congress_resolution", foreign.pk),
        _url("congress_document_file", foreign.pk, doc.pk),
    ):
        assert committee.get(url).status_code == 404, url
    assert committee.post(_url("congress_open", foreign.pk)).status_code == 404
    # A document of one congress is not served under another's address.
    mine = congress(secretary)
    assert committee.get(_url("congress_document_file", mine.pk, doc.pk)).status_code == 404


def test_roll_call_keeps_what_was_typed_on_a_refusal(committee, secretary):
    row = congress(secretary, members=2, summons=True)
    lines = list(row.summons.order_by("member__name_sort"))
    data = {f"attendance-{line.member_id}": "present" for line in lines}
    data[f"attendance-{lines[0].member_id}"] = "absent_with_reason"
    data[f"reason-{lines[1].member_id}"] = "ghi nhầm"
    response = committee.post(_url("congress_roll_call", row.pk), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Hãy ghi lý do vắng của" in text
    data[f"reason-{lines[0].member_id}"] = "Đi công tác"
    response = committee.post(_url("congress_roll_call", row.pk), data)
    assert response.status_code == 302
    assert Summons.objects.get(pk=lines[0].pk).status == "absent_with_reason"
    assert Summons.objects.get(pk=lines[1].pk).absence_reason == ""  # a present member keeps no reason


def test_body_vote_refusal_lands_on_its_form(committee, secretary):
    row = congress(secretary, state="in_session", members=2)
    mine = me(secretary).pk
    data = {
        "counting-members": [mine],
        "counting-head": mine,
        "counting-votes_for": 1,
        "counting-votes_against": 0,
        "counting-votes_other": 0,
    }
    response = committee.post(_url("congress_body_approve", row.pk, "counting"), data)
    assert response.status_code == 409
    assert "Ban Kiểm phiếu cần ít nhất hai thành viên" in response.content.decode()
    data = {k.replace("counting", "presidium"): v for k, v in data.items()}
    data["presidium-votes_for"] = present_count(row) + 1
    response = committee.post(_url("congress_body_approve", row.pk, "presidium"), data)
    assert response.status_code == 409 and "vượt số đảng viên chính thức có mặt" in response.content.decode()
    assert committee.post(_url("congress_body_approve", row.pk, "choir"), data).status_code == 404


def test_resolution_page_and_targets(committee, secretary):
    row = congress(secretary, state="in_session", members=2)
    response = committee.post(
        _url("congress_resolution", row.pk),
        {"resolution": "Nghị quyết", "votes_for": "1", "votes_against": "0"},
    )
    assert response.status_code == 409 and "chưa quá một nửa" in response.content.decode()
    response = committee.post(
        _url("congress_resolution", row.pk), {"resolution": "Nghị quyết", "votes_for": "3"}
    )
    assert response.status_code == 302
    response = committee.post(
        _url("congress_target_add", row.pk),
        {"label": "Trên 70% tốt", "level": "good", "mode": "or_above", "comparison": "gt", "share": "70,5"},
    )
    assert response.status_code == 302
    target = row.term.targets.get()
    assert target.share == 70.5 and target.source == "congress"
    response = committee.post(
        _url("congress_target_add", row.pk),
        {"label": "", "level": "good", "mode": "or_above", "comparison": "gt", "share": "abc"},
    )
    assert response.status_code == 400


def test_the_presidium_reaches_the_running_pages(login, member_user, secretary):
    row = congress(secretary, state="in_session")
    give_duty(row, me(member_user), "presidium", is_head=True)
    client = login(member_user)
    for name in ("congress_roll_call", "congress_bodies", "congress_resolution"):
        assert client.get(_url(name, row.pk)).status_code == 200
    assert client.get(_url("congress_edit", row.pk)).status_code == 404  # preparing is the committee's


# --- query budgets ----------------------------------------------------------------------------------------


def test_list_query_count_is_constant(committee, secretary):
    def add(n):
        for _ in range(n):
            make_congress(created_by=secretary, term_name=f"Nhiệm kỳ số {next(_names)}")

    assert_constant_queries(lambda: committee.get(_url("congress_list")), add, sizes=(2, 8))


def test_detail_query_count_is_constant(committee, secretary):
    row = congress(secretary, state="in_session")

    def add(n):
        people = make_members(n, with_user=True)
        Summons.objects.bulk_create(
            Summons(congress=row, member=p, status="summoned", attendance="present") for p in people
        )
        for p in people:
            give_duty(row, p, "secretariat")
            services.document_upload(
                actor=secretary, congress=row, kind="other", file=SimpleUploadedFile("t.pdf", b"%PDF-1.4")
            )
            services.resolution_target_add(actor=secretary, congress=row, label="Tốt", level="good", share=50)

    committee.get(_url("congress_detail", row.pk))  # the cell's rules are created on the first visit
    assert_constant_queries(lambda: committee.get(_url("congress_detail", row.pk)), add, sizes=(2, 6))


@pytest.mark.parametrize("page", ["congress_roll_call", "congress_bodies"])
def test_running_pages_query_count_is_constant(committee, secretary, page):
    row = congress(secretary, state="in_session")

    def add(n):
        make_members(n)
        services.summons_refresh(actor=secretary, congress=row)
        services.attendance_record(
            actor=secretary, congress=row, entries={s.member_id: ("present", "") for s in row.summons.all()}
        )

    assert_constant_queries(lambda: committee.get(_url(page, row.pk)), add, sizes=(2, 8))
