"""Screens of the cell's meetings: who sees what (planned meetings and unpublished documents hidden from
members, another cell's meeting 404), forms that keep what was typed, the attendance grid, the minutes page,
warnings, and query budgets that do not grow with the rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party import services_meetings as services
from hoptac.party.choices import MeetingState, MemberStatus
from hoptac.party.models import Attendance, Conclusion, Meeting, MeetingDocument, Notice, PartyMember

from .builders_meetings import at, meeting
from .factories import make_member, other_cell

pytestmark = pytest.mark.django_db


def _url(name, m, **kw):
    return reverse(f"party:{name}", kwargs={"pk": m.pk, **kw})


# --- visibility --------------------------------------------------------------------------------------------------


def test_a_member_does_not_see_a_planned_meeting(secretary, committee_client, member_client):
    m = meeting(secretary, title="Chuẩn bị đại hội")
    assert committee_client.get(_url("meeting_detail", m)).status_code == 200
    assert member_client.get(_url("meeting_detail", m)).status_code == 404
    assert "Chuẩn bị đại hội" not in member_client.get(reverse("party:meeting_list")).content.decode()
    services.meeting_notify(actor=secretary, meeting=m)
    assert member_client.get(_url("meeting_detail", m)).status_code == 200
    assert "Chuẩn bị đại hội" in member_client.get(reverse("party:meeting_list")).content.decode()


def test_another_cells_meeting_is_404_for_the_secretary(secretary, committee_client):
    stranger = make_member(cell=other_cell(), full_name="Ai Đó", with_user=True)
    from hoptac.party.models import Meeting as M

    m = M.objects.create(
        cell=other_cell(),
        kind="regular",
        title="Chi bộ khác",
        starts_at=at("01/11/2026"),
        place="P",
        state=MeetingState.NOTIFIED,
        created_by=stranger.user,
    )
    for name in ("meeting_detail", "meeting_edit", "meeting_attendance", "meeting_minutes"):
        assert committee_client.get(_url(name, m)).status_code == 404, name
    assert committee_client.post(_url("meeting_notify", m)).status_code == 404


def test_unpublished_documents_are_hidden_from_members_and_files_go_through_the_view(
    secretary, committee_client, member_client
):
    m = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(days=3))
    doc = services.document_upload(
        actor=secretary,
        meeting=m,
        title="Dự thảo báo cáo",
        file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 x"),
    )
    file_url = _url("meeting_document_file", m, doc=doc.pk)
    assert "Dự thảo báo cáo" not in member_client.get(_url("meeting_detail", m)).content.decode()
    assert member_client.get(file_url).status_code == 404
    response = committee_client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert response["Cache-Control"] == "private, no-store"
    services.document_publish(actor=secretary, document=doc)
    assert "Dự thảo báo cáo" in member_client.get(_url("meeting_detail", m)).content.decode()
    assert member_client.get(file_url).status_code == 200
    # the same document under another meeting's address is not found
    other = meeting(secretary, state="notified")
    assert member_client.get(_url("meeting_document_file", other, doc=doc.pk)).status_code == 404


def test_a_late_document_is_warned_on_the_meeting_page(secretary, committee_client):
    m = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(hours=6))
    doc = services.document_upload(
        actor=secretary, meeting=m, title="Tài liệu", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 tai lieu")
    )
    response = committee_client.post(_url("meeting_document_publish", m, doc=doc.pk), follow=True)
    html = response.content.decode()
    assert "Hướng dẫn 42-HD/BTCTW" in html and 'data-testid="late-documents-warning"' in html


def test_the_upload_form_refuses_a_program_file(secretary, committee_client):
    m = meeting(secretary, state="notified")
    response = committee_client.post(
        _url("meeting_document_upload", m), {"title": "Cài đặt", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_members_see_attendance_and_minutes_only_when_closed(secretary, member_client):
    m = meeting(secretary, state="held")
    html = member_client.get(_url("meeting_detail", m)).content.decode()
    assert 'data-testid="minutes"' not in html
    assert member_client.get(_url("meeting_minutes_docx", m)).status_code == 404
    services.minutes_update(
        actor=secretary,
        meeting=m,
        version=m.version,
        chair=PartyMember.objects.get(user=secretary),
        minute_taker=PartyMember.objects.get(user=secretary),
        ends_at=m.starts_at + timedelta(hours=2),
    )
    services.minutes_close(actor=secretary, meeting=Meeting.objects.get(pk=m.pk))
    html = member_client.get(_url("meeting_detail", m)).content.decode()
    assert 'data-testid="minutes"' in html and "Nguyễn Thị Bí Thư" in html
    assert member_client.get(_url("meeting_minutes_docx", m)).status_code == 200


# --- forms -------------------------------------------------------------------------------------------------------


def test_schedule_through_the_form(committee_client):
    response = committee_client.post(
        reverse("party:meeting_create"),
        {
            "kind": "regular",
            "title": "Sinh hoạt thường kỳ tháng 12/2026",
            "starts_at": "05/12/2026 14:00",
            "ends_at": "05/12/2026 16:00",
            "place": "Phòng họp tầng 3",
            "agenda": "Kiểm điểm tháng 11\nPhương hướng tháng 12",
        },
    )
    m = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("meeting_detail", m)
    assert timezone.localtime(m.starts_at).strftime("%d/%m/%Y %H:%M") == "05/12/2026 14:00"
    assert m.agenda.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Hãy ghi nội dung chính"),
        ({"starts_at": "2026-12-05"}, "dd/mm/yyyy hh:mm"),
        ({"ends_at": "05/12/2026 13:00"}, "Thời gian kết thúc phải sau"),
        ({"kind": "weekly"}, "Hãy chọn loại sinh hoạt"),
        ({"title": "x" * 256}, "255"),
        ({"agenda": "   "}, "Hãy ghi ít nhất một nội dung"),
    ],
)
def test_bad_input_keeps_what_was_typed(committee_client, changes, message):
    data = {
        "kind": "regular",
        "title": "Tháng 12",
        "starts_at": "05/12/2026 14:00",
        "ends_at": "",
        "place": "Phòng họp tầng 3 — gõ dài",
        "agenda": "Kiểm điểm",
    }
    data.update(changes)
    response = committee_client.post(reverse("party:meeting_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Phòng họp tầng 3 — gõ dài" in html
    assert not Meeting.objects.exists()


def test_editing_a_notified_meeting_answers_with_the_reason(secretary, committee_client):
    m = meeting(secretary, state="notified")
    response = committee_client.post(
        _url("meeting_edit", m),
        {
            "kind": "regular",
            "title": "Đổi tên",
            "starts_at": "05/12/2026 14:00",
            "place": "P",
            "agenda": "A",
            "version": m.version,
        },
    )
    assert response.status_code == 409
    assert "Đã thông báo" in response.content.decode() and "Đổi tên" in response.content.decode()


def test_notify_from_the_page_then_members_see_the_notice(secretary, committee_client, member_client):
    m = meeting(secretary, title="Sinh hoạt tháng 12")
    assert committee_client.post(_url("meeting_notify", m), {"message": ""}).status_code == 302
    html = member_client.get(reverse("party:notice_list")).content.decode()
    assert "Sinh hoạt tháng 12" in html
    again = committee_client.post(_url("meeting_notify", m), {"message": ""})
    assert again.status_code == 409


def test_the_attendance_grid_records_and_keeps_input_on_refusal(
    secretary, member_user, committee_client, cell
):
    exempted = make_member(cell=cell, full_name="Phạm Văn Miễn", status=MemberStatus.EXEMPTED)
    m = meeting(secretary, state="notified")
    me, member = PartyMember.objects.get(user=secretary), PartyMember.objects.get(user=member_user)
    page = committee_client.get(_url("meeting_attendance", m)).content.decode()
    assert "Phạm Văn Miễn" in page and "Miễn sinh hoạt" in page
    refused = committee_client.post(
        _url("meeting_attendance", m),
        {
            f"presence-{me.pk}": "present",
            f"presence-{member.pk}": "absent_with_reason",
            f"reason-{member.pk}": "",
        },
    )
    assert (
        refused.status_code == 409
        and "Hãy ghi lý do vắng của: Trần Văn Đảng Viên" in refused.content.decode()
    )
    done = committee_client.post(
        _url("meeting_attendance", m),
        {
            f"presence-{me.pk}": "present",
            f"presence-{member.pk}": "absent_with_reason",
            f"reason-{member.pk}": "Ốm",
            f"presence-{exempted.pk}": "",
        },
    )
    assert done.status_code == 302
    assert Attendance.objects.filter(meeting=m).count() == 2
    html = committee_client.get(_url("meeting_detail", m)).content.decode()
    # 1 of 2 required full members present: not more than half
    assert 'data-met="no"' in html and "KHÔNG đủ số lượng" in html


def test_conclusion_votes_over_the_present_are_refused_on_the_minutes_page(secretary, committee_client):
    m = meeting(secretary, state="held")  # one member (the secretary) present
    response = committee_client.post(
        _url("meeting_conclusion_add", m),
        {
            "kind": "resolution",
            "text": "Thông qua nghị quyết",
            "votes_for": "2",
            "votes_against": "",
            "votes_abstain": "",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "vượt quá số đảng viên có mặt (1)" in html and "Thông qua nghị quyết" in html
    ok = committee_client.post(
        _url("meeting_conclusion_add", m), {"kind": "resolution", "text": "Thông qua", "votes_for": "1"}
    )
    assert ok.status_code == 302 and Conclusion.objects.filter(meeting=m).count() == 1
    bad = committee_client.post(
        _url("meeting_conclusion_add", m), {"kind": "conclusion", "text": "x", "votes_for": "a"}
    )
    assert bad.status_code == 400 and "Hãy nhập một số nguyên" in bad.content.decode()


def test_minutes_page_saves_discussions_and_closes(secretary, member_user, committee_client):
    m = meeting(secretary, state="held")
    me = PartyMember.objects.get(user=secretary)
    item = m.agenda.first()
    response = committee_client.post(
        _url("meeting_minutes", m),
        {
            "chair": me.pk,
            "minute_taker": PartyMember.objects.get(user=member_user).pk,
            "ends_at": timezone.localtime(m.starts_at + timedelta(minutes=95)).strftime("%d/%m/%Y %H:%M"),
            "guests": "Đồng chí Bí thư Đảng ủy cơ quan",
            "summary": "Buổi sinh hoạt diễn ra nghiêm túc.",
            "quality": "good",
            "minutes_read_out": "on",
            f"discussion_{item.pk}": "Đồng chí Trần Văn Đảng Viên: nhất trí với báo cáo.",
            f"presenter_{item.pk}": "Nguyễn Thị Bí Thư",
            "version": m.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.discussion.startswith("Đồng chí Trần Văn")
    closed = committee_client.post(_url("meeting_close", m), follow=True)
    assert Meeting.objects.get(pk=m.pk).state == MeetingState.CLOSED
    assert "Đã chốt biên bản" in closed.content.decode()
    # after closing, the minutes page is closed too
    assert committee_client.get(_url("meeting_minutes", m)).status_code == 302


def test_minutes_page_refuses_a_stale_version(secretary, committee_client):
    m = meeting(secretary, state="held")
    response = committee_client.post(_url("meeting_minutes", m), {"version": m.version - 1, "quality": ""})
    assert response.status_code == 409


def test_a_general_notice_from_the_notice_page(committee_client, member_client):
    bad = committee_client.post(reverse("party:notice_create"), {"title": "", "body": "Nội dung giữ lại"})
    assert bad.status_code == 400 and "Nội dung giữ lại" in bad.content.decode()
    ok = committee_client.post(reverse("party:notice_create"), {"title": "Nộp đảng phí quý IV", "body": ""})
    assert ok.status_code == 302 and Notice.objects.get().title == "Nộp đảng phí quý IV"
    assert "Nộp đảng phí quý IV" in member_client.get(reverse("party:notice_list")).content.decode()
    assert 'data-testid="notice-form"' not in member_client.get(reverse("party:notice_list")).content.decode()


# --- warnings ------------------------------------------------------------------------------------------------------


def test_the_committee_sees_quarter_warnings_members_do_not(secretary, committee_client, member_client, cell):
    cell.founded_on = date(timezone.localdate().year, 1, 1)
    cell.save(update_fields=["founded_on"])
    html = committee_client.get(reverse("party:meeting_list")).content.decode()
    assert 'data-testid="quarter-warning"' in html and "chưa có buổi sinh hoạt chuyên đề" in html
    assert (
        'data-testid="meeting-warnings"'
        not in member_client.get(reverse("party:meeting_list")).content.decode()
    )


def test_a_short_meeting_is_warned(secretary, committee_client):
    m = meeting(secretary, state="held")
    Meeting.objects.filter(pk=m.pk).update(ends_at=m.starts_at + timedelta(minutes=45))
    assert (
        'data-testid="short-warning"' in committee_client.get(reverse("party:meeting_list")).content.decode()
    )
    assert "chỉ kéo dài 45 phút" in committee_client.get(_url("meeting_detail", m)).content.decode()


def test_home_panel_function(secretary, member_user, cell):
    from hoptac.party.selectors_meetings import meeting_warnings_for_home

    upcoming = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(days=2))
    meeting(secretary, starts_at=timezone.now() + timedelta(days=1))  # planned: members do not see it
    member_view = meeting_warnings_for_home(cell, member_user)
    assert member_view["upcoming"] == upcoming and member_view["quarters"] == []
    committee_view = meeting_warnings_for_home(cell, secretary)
    assert committee_view["upcoming"] != upcoming  # the planned one, earlier
    assert isinstance(committee_view["months"], list)


# --- query budgets ---------------------------------------------------------------------------------------------------


def test_meeting_list_queries_do_not_grow(secretary, committee_client, member_client, cell):
    def add(n):
        for i in range(n):
            m = Meeting.objects.create(
                cell=cell,
                kind="regular",
                title=f"Buổi {i}",
                starts_at=timezone.now() - timedelta(days=i + 1),
                ends_at=timezone.now() - timedelta(days=i + 1) + timedelta(minutes=30),
                place="P",
                state=MeetingState.NOTIFIED,
                created_by=secretary,
            )
            m.agenda.create(position=1, title="A")

    url = reverse("party:meeting_list") + "?page=1"
    committee_client.get(url), member_client.get(url)  # warm up: the cell's rules are created on first use
    assert_constant_queries(lambda: committee_client.get(url), add, sizes=(5, 20), budget=25)
    assert_constant_queries(lambda: member_client.get(url), add, sizes=(5, 20), budget=25)


def test_meeting_detail_queries_do_not_grow(secretary, committee_client, member_client, cell):
    m = meeting(secretary, state="held")

    def add(n):
        for i in range(n):
            make_member(cell=cell, full_name=f"Đảng Viên Thêm {i}")
            Conclusion.objects.create(meeting=m, text=f"Kết luận {i}", position=i + 10)
            m.agenda.create(position=i + 10, title=f"Nội dung {i}", discussion="Ý kiến")
            MeetingDocument.objects.create(
                meeting=m,
                title=f"Tài liệu {i}",
                file="party/x.pdf",
                uploaded_by=secretary,
                published_at=timezone.now(),
            )
            m.tasks.create(
                cell=cell,
                title=f"Việc {i}",
                owner=PartyMember.objects.get(user=secretary),
                due_on=timezone.localdate(),
            )

    url = _url("meeting_detail", m)
    committee_client.get(url)
    assert_constant_queries(lambda: committee_client.get(url), add, budget=30)


def test_attendance_and_minutes_pages_queries_do_not_grow(secretary, committee_client, cell):
    m = meeting(secretary, state="held")

    def add(n):
        for i in range(n):
            make_member(cell=cell, full_name=f"Đảng Viên Thêm {i}")

    committee_client.get(_url("meeting_attendance", m))
    assert_constant_queries(lambda: committee_client.get(_url("meeting_attendance", m)), add, budget=25)
    m2 = meeting(secretary, state="held")

    def add_items(n):
        for i in range(n):
            make_member(cell=cell, full_name=f"Người {i}")
            m2.agenda.create(position=i + 10, title=f"Nội dung {i}")
            Conclusion.objects.create(meeting=m2, text=f"Kết luận {i}", position=i + 10)

    assert_constant_queries(lambda: committee_client.get(_url("meeting_minutes", m2)), add_items, budget=30)


def test_notice_list_queries_do_not_grow(secretary, member_client, cell):
    def add(n):
        for i in range(n):
            Notice.objects.create(
                cell=cell, title=f"Thông báo {i}", published_at=timezone.now(), published_by=secretary
            )

    assert_constant_queries(
        lambda: member_client.get(reverse("party:notice_list")), add, sizes=(5, 20), budget=20
    )
