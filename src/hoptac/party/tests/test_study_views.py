"""The study screens: forms keep what was typed, members see their own, files are served after the check, and
lists cost a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party.models import Directive, PartyMember, StudyRecord, StudySession

from .factories import make_member, other_cell
from .role_matrix_study import PDF, make_directive, make_meeting

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "resolution",
    "number": "05-NQ/ĐH",
    "title": "Nghị quyết Đại hội đại biểu Đảng bộ Liên minh Hợp tác xã Việt Nam lần thứ IX",
    "issuing_body": "Đại hội đại biểu Đảng bộ Liên minh HTX Việt Nam lần thứ IX",
    "issued_on": "15/07/2020",
    "study_deadline": "30/09/2020",
}


def test_the_committee_adds_a_directive_with_a_file(cell, committee_client):
    upload = SimpleUploadedFile("nghi-quyet-ix.pdf", PDF, content_type="application/pdf")
    response = committee_client.post(reverse("party:directive_create"), {**FORM, "file": upload})
    directive = Directive.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "party:directive_detail", args=[directive.pk]
    )
    assert directive.issued_on == date(2020, 7, 15) and directive.file


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Hãy ghi trích yếu của văn bản."),
        ({"issued_on": "2020/15/07"}, "dd/mm/yyyy"),
        ({"title": "x" * 501}, "Tối đa 500 ký tự"),
        ({"study_deadline": "01/01/2020"}, "Hạn học tập không được trước ngày ban hành."),
    ],
    ids=["missing title", "wrong date", "too long", "deadline before issue"],
)
def test_bad_directive_input_is_explained_and_kept(cell, committee_client, changes, message):
    response = committee_client.post(reverse("party:directive_create"), {**FORM, **changes})
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert FORM["issuing_body"] in body  # nothing typed is lost
    assert not Directive.objects.exists()


def test_a_member_reads_the_directive_and_downloads_its_file(cell, member_client):
    directive = make_directive(cell, with_file=True)
    page = member_client.get(reverse("party:directive_detail", args=[directive.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="my-study"' in body
    assert 'data-testid="study-dashboard"' not in body and 'data-testid="open-grid"' not in body
    download = member_client.get(reverse("party:directive_file", args=[directive.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_cells_directive_answers_404(cell, member_client, committee_client):
    foreign = make_directive(other_cell(), with_file=True)
    for client in (member_client, committee_client):
        assert client.get(reverse("party:directive_detail", args=[foreign.pk])).status_code == 404
        assert client.get(reverse("party:directive_file", args=[foreign.pk])).status_code == 404
    assert committee_client.get(reverse("party:study_record_grid", args=[foreign.pk])).status_code == 404


def test_a_directive_without_a_file_answers_404_on_download(cell, member_client):
    directive = make_directive(cell)
    assert member_client.get(reverse("party:directive_file", args=[directive.pk])).status_code == 404


def test_a_member_marks_their_own_study_from_the_page(cell, member_user, member_client, other_member):
    directive = make_directive(cell)
    response = member_client.post(
        reverse("party:study_self_report", args=[directive.pk]),
        {"self_study": "on", "essay_submitted_on": "02/05/2021"},
    )
    assert response.status_code == 302
    record = StudyRecord.objects.get()
    assert (
        record.member.user == member_user
        and record.self_study
        and record.essay_submitted_on == date(2021, 5, 2)
    )
    assert not StudyRecord.objects.filter(member=other_member).exists()


def test_the_self_report_explains_a_bad_date(cell, member_client):
    directive = make_directive(cell)
    response = member_client.post(
        reverse("party:study_self_report", args=[directive.pk]),
        {"self_study": "on", "essay_submitted_on": "32/05/2021"},
    )
    assert response.status_code == 200 and "dd/mm/yyyy" in response.content.decode()
    assert not StudyRecord.objects.exists()


def test_a_member_cannot_reach_the_grid_nor_the_session_forms(cell, member_client):
    directive = make_directive(cell)
    assert member_client.get(reverse("party:study_record_grid", args=[directive.pk])).status_code == 404
    assert member_client.post(reverse("party:study_record_grid", args=[directive.pk]), {}).status_code == 404
    assert member_client.get(reverse("party:study_session_create", args=[directive.pk])).status_code == 404


def test_the_grid_saves_and_reports_a_bad_row_on_its_field(cell, committee_client, other_member, secretary):
    directive = make_directive(cell)
    url = reverse("party:study_record_grid", args=[directive.pk])
    page = committee_client.get(url)
    assert page.status_code == 200 and other_member.full_name in page.content.decode()
    pk = other_member.pk
    bad = committee_client.post(
        url, {f"attended_{pk}": "on", f"assessment_{pk}": "good", f"note_{pk}": "Ghi chú giữ lại"}
    )
    body = bad.content.decode()
    assert (
        bad.status_code == 200 and "Chỉ chấm được bài thu hoạch đã nộp" in body and "Ghi chú giữ lại" in body
    )
    assert not StudyRecord.objects.exists()
    good = committee_client.post(
        url, {f"attended_{pk}": "on", f"essay_{pk}": "03/05/2021", f"assessment_{pk}": "good"}
    )
    assert good.status_code == 302
    record = StudyRecord.objects.get()
    assert record.member == other_member and record.attended and record.essay_assessment == "good"


def test_the_dashboard_warns_of_members_not_studied_past_the_deadline(
    cell, committee_client, other_member, secretary
):
    directive = make_directive(cell, study_deadline=date(2021, 6, 30))
    StudyRecord.objects.create(directive=directive, member=other_member, attended=True)
    body = committee_client.get(reverse("party:directive_detail", args=[directive.pk])).content.decode()
    assert 'data-testid="not-studied-warning"' in body
    warning = body.split('data-testid="not-studied-warning"')[1].split("</div>")[0]
    assert "Nguyễn Thị Bí Thư" in warning and other_member.full_name not in warning


def test_a_session_linked_to_a_meeting_and_its_attendance(cell, committee_client, secretary):
    from hoptac.party.models import Attendance

    meeting = make_meeting(cell, title="Sinh hoạt chuyên đề quý I")
    Attendance.objects.create(
        meeting=meeting, member=PartyMember.objects.get(user=secretary), presence="present"
    )
    directive = make_directive(cell)
    create = committee_client.post(
        reverse("party:study_session_create", args=[directive.pk]),
        {"meeting": meeting.pk, "presenter": "Đồng chí Bí thư"},
    )
    assert create.status_code == 302
    session = StudySession.objects.get()
    page = committee_client.get(reverse("party:directive_detail", args=[directive.pk])).content.decode()
    assert "Sinh hoạt chuyên đề quý I" in page
    taken = committee_client.post(reverse("party:study_session_attendance", args=[session.pk]), follow=True)
    assert "1 đảng viên" in taken.content.decode()
    assert StudyRecord.objects.get().attended


def test_a_session_cannot_pick_another_cells_meeting(cell, committee_client):
    foreign = make_meeting(other_cell())
    directive = make_directive(cell)
    response = committee_client.post(
        reverse("party:study_session_create", args=[directive.pk]),
        {"meeting": foreign.pk, "held_on": "01/03/2026"},
    )
    assert (
        response.status_code == 200
        and "Hãy chọn buổi sinh hoạt trong danh sách." in response.content.decode()
    )
    assert not StudySession.objects.exists()


# --------------------------------------------------------------------------------------------- query budgets


def _directives(cell):
    def add(n):
        for i in range(n):
            directive = make_directive(cell, number=f"{i}-NQ/TW", title=f"Nghị quyết số {i}")
            member = make_member(cell=cell, full_name=f"Đảng Viên Học {i}")
            StudyRecord.objects.create(directive=directive, member=member, attended=True)

    return add


def test_the_directive_list_costs_the_same_for_5_and_50(cell, committee_client):
    assert_constant_queries(
        lambda: committee_client.get(reverse("party:directive_list")), _directives(cell), budget=20
    )


def test_the_members_directive_list_costs_the_same_for_5_and_50(cell, member_client):
    assert_constant_queries(
        lambda: member_client.get(reverse("party:directive_list")), _directives(cell), budget=20
    )


def test_the_directive_page_costs_the_same_for_5_and_50_members(cell, committee_client):
    directive = make_directive(cell, study_deadline=date(2021, 6, 30))
    StudySession.objects.create(directive=directive, meeting=make_meeting(cell), held_on=date(2021, 3, 1))

    def add(n):
        for i in range(n):
            member = make_member(cell=cell, full_name=f"Đảng Viên Số {i}")
            if i % 2:
                StudyRecord.objects.create(directive=directive, member=member, self_study=True)
            StudySession.objects.create(
                directive=directive, meeting=make_meeting(cell), held_on=date(2021, 3, 1)
            )

    url = reverse("party:directive_detail", args=[directive.pk])
    assert_constant_queries(lambda: committee_client.get(url), add, budget=20)


def test_the_grid_costs_the_same_for_5_and_50_members(cell, committee_client):
    directive = make_directive(cell)

    def add(n):
        for i in range(n):
            member = make_member(cell=cell, full_name=f"Đảng Viên Lưới {i}")
            StudyRecord.objects.create(directive=directive, member=member, attended=bool(i % 2))

    url = reverse("party:study_record_grid", args=[directive.pk])
    assert_constant_queries(lambda: committee_client.get(url), add, budget=20)


def test_the_list_counts_each_member_once_whatever_the_sessions(cell, committee_client, other_member):
    directive = make_directive(cell)
    for day in (1, 2, 3):
        StudySession.objects.create(directive=directive, held_on=date(2021, 3, day))
    StudyRecord.objects.create(
        directive=directive, member=other_member, attended=True, essay_submitted_on=date(2021, 4, 1)
    )
    body = committee_client.get(reverse("party:directive_list")).content.decode()
    total = PartyMember.objects.filter(cell=cell).count()
    assert f'data-testid="studied">1/{total}<' in body
