"""Services of the cell's meetings: scheduling, the notice, documents, attendance, minutes, closing — good and
bad cases, wrong states, another cell's meeting, someone not on the committee."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hoptac.core.errors import DomainError, StaleObjectError
from hoptac.notifications.models import Notification
from hoptac.party import services_meetings as services
from hoptac.party.choices import MeetingState, MemberStatus, Presence
from hoptac.party.models import Attendance, Meeting, Notice, PartyMember

from .builders_meetings import at, meeting
from .factories import make_member, make_position, make_term, other_cell

pytestmark = pytest.mark.django_db


def _me(user) -> PartyMember:
    return PartyMember.objects.get(user=user)


# --- scheduling ------------------------------------------------------------------------------------------------


def test_the_secretary_schedules_a_meeting_with_its_agenda(secretary, cell):
    m = services.meeting_create(
        actor=secretary,
        cell=cell,
        kind="thematic",
        title="Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        starts_at=at("10/12/2026", 14),
        ends_at=at("10/12/2026", 16),
        place="Hội trường Viện",
        agenda=["Báo cáo chuyên đề", "", "  Thảo luận  "],
    )
    assert m.state == MeetingState.PLANNED
    assert list(m.agenda.values_list("position", "title")) == [(1, "Báo cáo chuyên đề"), (2, "Thảo luận")]


def test_a_member_cannot_schedule(member_user, cell):
    with pytest.raises(DomainError) as err:
        services.meeting_create(
            actor=member_user,
            cell=cell,
            kind="regular",
            title="X",
            starts_at=at("01/12/2026"),
            place="P",
            agenda=["A"],
        )
    assert err.value.code == "not_committee"


def test_the_secretary_cannot_schedule_for_another_cell(secretary):
    with pytest.raises(DomainError) as err:
        services.meeting_create(
            actor=secretary,
            cell=other_cell(),
            kind="regular",
            title="X",
            starts_at=at("01/12/2026"),
            place="P",
            agenda=["A"],
        )
    assert err.value.code == "not_committee"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"agenda": []}, "no_agenda"),
        ({"agenda": ["x" * 256]}, "agenda_too_long"),
        ({"ends_at": at("01/12/2026", 13)}, "ends_before_start"),
    ],
)
def test_bad_schedules_are_refused(secretary, cell, changes, code):
    data = {
        "kind": "regular",
        "title": "Tháng 12",
        "starts_at": at("01/12/2026", 14),
        "place": "P",
        "agenda": ["A"],
    }
    data.update(changes)
    with pytest.raises(DomainError) as err:
        services.meeting_create(actor=secretary, cell=cell, **data)
    assert err.value.code == code
    assert not Meeting.objects.exists()


def test_an_empty_title_is_refused_by_the_model(secretary, cell):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=secretary,
            cell=cell,
            kind="regular",
            title="  ",
            starts_at=at("01/12/2026"),
            place="P",
            agenda=["A"],
        )


def _plain_update(actor, m, **changes):
    """``meeting_update`` with the fewest fields a regular meeting needs (one agenda item); ``changes`` override."""
    fields = {
        "version": m.version,
        "kind": "regular",
        "title": "Đổi",
        "starts_at": m.starts_at,
        "place": "P",
        "agenda": ["A"],
    }
    return services.meeting_update(actor=actor, meeting=m, **(fields | changes))


def test_edit_while_planned_replaces_the_agenda_and_checks_the_version(secretary):
    m = meeting(secretary)
    updated = services.meeting_update(
        actor=secretary,
        meeting=m,
        version=m.version,
        kind="combined",
        title="Thường kỳ kết hợp chuyên đề",
        starts_at=m.starts_at,
        ends_at=m.starts_at + timedelta(minutes=150),
        place="Phòng 301",
        agenda=["Một", "Hai", "Ba"],
    )
    assert updated.kind == "combined" and updated.agenda.count() == 3
    with pytest.raises(StaleObjectError):
        _plain_update(secretary, m, title="Cũ")


def test_no_edit_once_notified(secretary):
    m = meeting(secretary, state="notified")
    with pytest.raises(DomainError) as err:
        _plain_update(secretary, m)
    assert err.value.code == "wrong_state"


# --- notice ----------------------------------------------------------------------------------------------------


def test_the_notice_is_published_and_every_member_with_a_log_in_is_told(
    secretary, member_user, other_member, cell
):
    make_member(cell=cell, full_name="Đỗ Văn Không Tài Khoản")  # no log-in: nobody to tell
    m = meeting(secretary)
    notice = services.meeting_notify(actor=secretary, meeting=m, message="Đề nghị đọc trước dự thảo.")
    m.refresh_from_db()
    assert m.state == MeetingState.NOTIFIED and m.notified_at is not None
    assert (
        notice.meeting_id == m.pk and "Phòng họp tầng 3" in notice.body and "Đề nghị đọc trước" in notice.body
    )
    told = set(
        Notification.objects.filter(kind=services.KIND_MEETING_NOTICE).values_list("recipient_id", flat=True)
    )
    assert told == {member_user.pk, other_member.user_id}  # not the secretary who published it


def test_a_member_off_the_roll_is_not_told(secretary, member_user, cell):
    gone = make_member(
        cell=cell, full_name="Người Đã Chuyển Đi", with_user=True, status=MemberStatus.TRANSFERRED_OUT
    )
    services.meeting_notify(actor=secretary, meeting=meeting(secretary))
    assert not Notification.objects.filter(recipient=gone.user).exists()


def test_notify_twice_is_refused(secretary):
    m = meeting(secretary, state="notified")
    with pytest.raises(DomainError) as err:
        services.meeting_notify(actor=secretary, meeting=m)
    assert err.value.code == "wrong_state"
    assert Notice.objects.count() == 1


def test_the_notification_renders_in_vietnamese(secretary, member_user):
    services.meeting_notify(actor=secretary, meeting=meeting(secretary, title="Sinh hoạt tháng 12"))
    from hoptac.notifications.kinds import render_notification

    n = Notification.objects.get(recipient=member_user)
    title, body = render_notification(n.kind, n.payload)
    assert title == "Thông báo sinh hoạt chi bộ: Sinh hoạt tháng 12"
    assert "Phòng họp tầng 3" in body


# --- cancel ----------------------------------------------------------------------------------------------------


def test_cancel_a_notified_meeting_keeps_the_reason_and_tells_members(secretary, member_user):
    m = meeting(secretary, state="notified")
    services.meeting_cancel(actor=secretary, meeting=m, reason="  Trùng   lịch hội nghị  ")
    m.refresh_from_db()
    assert m.state == MeetingState.CANCELLED and m.cancel_reason == "Trùng lịch hội nghị"
    assert Notice.objects.filter(meeting=m).count() == 2
    assert Notification.objects.filter(recipient=member_user, kind=services.KIND_MEETING_CANCELLED).exists()


@pytest.mark.parametrize("state", ["held", "closed", "cancelled"])
def test_cancel_is_refused_after_the_meeting_or_twice(secretary, state):
    m = meeting(secretary, state=state)
    with pytest.raises(DomainError) as err:
        services.meeting_cancel(actor=secretary, meeting=m, reason="Lý do")
    assert err.value.code == "wrong_state"


def test_cancel_needs_a_reason(secretary):
    with pytest.raises(DomainError) as err:
        services.meeting_cancel(actor=secretary, meeting=meeting(secretary), reason="   ")
    assert err.value.code == "reason_required"


# --- documents -------------------------------------------------------------------------------------------------


def _file(name="du-thao.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 du thao", content_type="application/pdf")


def test_a_document_published_two_days_ahead_is_on_time(secretary):
    m = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(days=2))
    doc = services.document_upload(actor=secretary, meeting=m, title="Dự thảo nghị quyết", file=_file())
    assert doc.published_at is None
    published, late = services.document_publish(actor=secretary, document=doc)
    assert published.published_at is not None and late is False


def test_a_document_published_hours_before_is_late_but_published(secretary, member_user):
    m = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(hours=5))
    doc = services.document_upload(actor=secretary, meeting=m, title="Báo cáo", file=_file())
    published, late = services.document_publish(actor=secretary, document=doc)
    assert late is True and published.published_at is not None
    assert Notification.objects.filter(recipient=member_user, kind=services.KIND_DOCUMENT).exists()


def test_publish_twice_and_delete_after_publishing_are_refused(secretary):
    m = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(days=3))
    doc = services.document_upload(actor=secretary, meeting=m, title="Báo cáo", file=_file())
    services.document_publish(actor=secretary, document=doc)
    with pytest.raises(DomainError) as err:
        services.document_publish(actor=secretary, document=doc)
    assert err.value.code == "already_published"
    with pytest.raises(DomainError):
        services.document_delete(actor=secretary, document=doc)


def test_no_document_on_a_closed_meeting(secretary):
    m = meeting(secretary, state="closed")
    with pytest.raises(DomainError) as err:
        services.document_upload(actor=secretary, meeting=m, title="Muộn", file=_file())
    assert err.value.code == "wrong_state"


def test_a_member_cannot_upload(secretary, member_user):
    m = meeting(secretary, state="notified")
    with pytest.raises(DomainError):
        services.document_upload(actor=member_user, meeting=m, title="X", file=_file())


# --- attendance ------------------------------------------------------------------------------------------------


def test_attendance_of_the_whole_roll_marks_the_meeting_held(secretary, member_user, other_member, cell):
    exempted = make_member(cell=cell, full_name="Phạm Văn Miễn", status=MemberStatus.EXEMPTED)
    m = meeting(secretary, state="notified")
    me, member = _me(secretary), _me(member_user)
    services.attendance_record(
        actor=secretary,
        meeting=m,
        entries={
            me.pk: (Presence.PRESENT, "ignored"),
            member.pk: (Presence.ABSENT_WITH_REASON, "Đi công tác Đắk Lắk"),
            other_member.pk: (Presence.ABSENT_WITHOUT_REASON, ""),
            exempted.pk: ("", ""),
        },
    )
    m.refresh_from_db()
    assert m.state == MeetingState.HELD
    rows = dict(Attendance.objects.filter(meeting=m).values_list("member__full_name", "reason"))
    assert rows == {"Nguyễn Thị Bí Thư": "", "Trần Văn Đảng Viên": "Đi công tác Đắk Lắk", "Lê Thị Khác": ""}


def test_attendance_needs_every_required_member_and_reasons(secretary, member_user, other_member):
    m = meeting(secretary, state="notified")
    me = _me(secretary)
    with pytest.raises(DomainError) as err:
        services.attendance_record(actor=secretary, meeting=m, entries={me.pk: (Presence.PRESENT, "")})
    assert err.value.code == "attendance_missing" and "Trần Văn Đảng Viên" in err.value.message
    with pytest.raises(DomainError) as err:
        services.attendance_record(
            actor=secretary,
            meeting=m,
            entries={
                me.pk: (Presence.PRESENT, ""),
                _me(member_user).pk: (Presence.ABSENT_WITH_REASON, " "),
                other_member.pk: (Presence.PRESENT, ""),
            },
        )
    assert err.value.code == "reason_required"
    assert not Attendance.objects.filter(meeting=m).exists()


def test_attendance_refuses_someone_of_another_cell(secretary):
    m = meeting(secretary, state="notified")
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    with pytest.raises(DomainError) as err:
        services.attendance_record(
            actor=secretary,
            meeting=m,
            entries={stranger.pk: (Presence.PRESENT, ""), _me(secretary).pk: ("present", "")},
        )
    assert err.value.code == "not_on_roll"


def test_attendance_before_the_meeting_day_or_before_the_notice_is_refused(secretary):
    future = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(days=3))
    with pytest.raises(DomainError) as err:
        services.attendance_record(actor=secretary, meeting=future, entries={})
    assert err.value.code == "not_yet"
    planned = meeting(secretary)
    with pytest.raises(DomainError) as err:
        services.attendance_record(actor=secretary, meeting=planned, entries={})
    assert err.value.code == "wrong_state"


def test_a_bad_presence_value_is_refused(secretary):
    m = meeting(secretary, state="notified")
    with pytest.raises(DomainError) as err:
        services.attendance_record(actor=secretary, meeting=m, entries={_me(secretary).pk: ("maybe", "")})
    assert err.value.code == "bad_presence"


# --- minutes, conclusions, tasks, closing ------------------------------------------------------------------------


def test_votes_cannot_exceed_those_present(secretary, member_user, other_member):
    me = _me(secretary)
    m = meeting(secretary, state="held", absent={other_member.pk: (Presence.ABSENT_WITHOUT_REASON, "")})
    # present: the secretary and the member = 2
    row = services.conclusion_add(
        actor=secretary,
        meeting=m,
        kind="resolution",
        text="Thông qua nghị quyết tháng",
        votes_for=2,
        votes_against=0,
    )
    assert row.position == 1
    with pytest.raises(DomainError) as err:
        services.conclusion_add(
            actor=secretary, meeting=m, kind="resolution", text="X", votes_for=2, votes_abstain=1
        )
    assert err.value.code == "exceeds_present" and "(3)" in err.value.message and "(2)" in err.value.message
    with pytest.raises(DomainError) as err:
        services.conclusion_add(actor=secretary, meeting=m, kind="resolution", text="Không biểu quyết")
    assert err.value.code == "votes_required"
    assert me.pk  # the chair's record exists


def test_minutes_need_chair_taker_and_end_before_closing(secretary):
    m = meeting(secretary, state="held")
    Meeting.objects.filter(pk=m.pk).update(ends_at=None)
    with pytest.raises(DomainError) as err:
        services.minutes_close(actor=secretary, meeting=m)
    assert err.value.code == "minutes_incomplete"
    assert "người chủ trì" in err.value.message and "thư ký" in err.value.message


def test_closing_freezes_the_totals_and_blocks_changes_until_reopened(secretary, member_user, cell):
    make_member(cell=cell, full_name="Vũ Thị Dự Bị", full_member_on=None)
    make_member(cell=cell, full_name="Phạm Văn Miễn", status=MemberStatus.EXEMPTED)
    make_member(cell=cell, full_name="Hà Văn Tạm", status=MemberStatus.TEMPORARILY_TRANSFERRED)
    m = meeting(secretary, state="closed")
    assert (m.total_full, m.total_probationary, m.total_exempted, m.total_transferred) == (4, 1, 1, 1)
    assert m.closed_at is not None
    with pytest.raises(DomainError):
        services.conclusion_add(actor=secretary, meeting=m, text="Sau khi chốt")
    with pytest.raises(DomainError):
        services.minutes_update(
            actor=secretary, meeting=m, version=m.version, chair=None, minute_taker=None, ends_at=None
        )
    with pytest.raises(DomainError) as err:
        services.minutes_reopen(actor=secretary, meeting=m, reason="")
    assert err.value.code == "reason_required"
    reopened = services.minutes_reopen(
        actor=secretary, meeting=m, reason="Ghi thiếu ý kiến đồng chí Đảng Viên"
    )
    assert reopened.state == MeetingState.HELD and reopened.reopen_reason.startswith("Ghi thiếu")


def test_chair_of_another_cell_is_refused(secretary):
    m = meeting(secretary, state="held")
    stranger = make_member(cell=other_cell(), full_name="Người Ngoài Chi Bộ")
    with pytest.raises(DomainError) as err:
        services.minutes_update(
            actor=secretary, meeting=m, version=m.version, chair=stranger, minute_taker=None, ends_at=None
        )
    assert err.value.code == "other_cell"


def test_tasks_have_an_owner_of_the_cell_and_are_marked_done(secretary, member_user):
    m = meeting(secretary, state="held")
    owner = _me(member_user)
    day = timezone.localdate(m.starts_at)
    task = services.task_add(
        actor=secretary,
        meeting=m,
        title="Hoàn thiện báo cáo quý",
        owner=owner,
        due_on=day + timedelta(days=14),
    )
    with pytest.raises(DomainError) as err:
        services.task_add(actor=secretary, meeting=m, title="X", owner=owner, due_on=day - timedelta(days=1))
    assert err.value.code == "due_before_meeting"
    with pytest.raises(DomainError) as err:
        services.task_add(
            actor=secretary,
            meeting=m,
            title="X",
            owner=make_member(cell=other_cell(), full_name="Ngoài"),
            due_on=day,
        )
    assert err.value.code == "other_cell"
    with pytest.raises(DomainError) as err:
        services.task_done(actor=secretary, task=task, done_on=timezone.localdate() + timedelta(days=1))
    assert err.value.code == "done_in_future"
    done = services.task_done(actor=secretary, task=task, done_on=timezone.localdate(), result="Đã nộp")
    assert done.done_on == timezone.localdate()
    with pytest.raises(DomainError):
        services.task_done(actor=secretary, task=task, done_on=timezone.localdate())
    with pytest.raises(DomainError):
        services.task_done(actor=member_user, task=task, done_on=timezone.localdate())


def test_another_cells_committee_cannot_touch_this_cells_meeting(secretary, make_persona):
    """A secretary of another cell (not a persona: made here) is refused on every write."""
    cell2 = other_cell()
    boss = make_member(cell=cell2, full_name="Bí Thư Chi Bộ Khác", with_user=True)
    make_position(boss, "secretary", make_term(cell2))
    from hoptac.party.services import member_sync_roles

    member_sync_roles(boss, today=date(2026, 1, 1))
    boss.user.forget_roles()
    m = meeting(secretary)
    for call in (
        lambda: services.meeting_notify(actor=boss.user, meeting=m),
        lambda: services.meeting_cancel(actor=boss.user, meeting=m, reason="x"),
        lambda: services.document_upload(actor=boss.user, meeting=m, title="x", file=_file()),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "not_committee"


def test_a_general_notice_tells_the_members(secretary, member_user, cell):
    notice = services.notice_create(
        actor=secretary, cell=cell, title="Lịch nộp đảng phí quý IV", body="Trước 25/12."
    )
    assert notice.meeting_id is None
    assert Notification.objects.filter(recipient=member_user, kind=services.KIND_CELL_NOTICE).exists()
    with pytest.raises(DomainError):
        services.notice_create(actor=member_user, cell=cell, title="Không được")


def test_a_renamed_file_is_refused_by_its_content(secretary):
    m = meeting(secretary, state="notified", starts_at=timezone.now() + timedelta(days=2))
    renamed = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as refused:
        services.document_upload(actor=secretary, meeting=m, title="Báo cáo", file=renamed)
    assert "file" in refused.value.message_dict
    assert not m.documents.exists()


def test_suspended_members_are_not_sent_notices(secretary, cell):
    from hoptac.party.tests.factories import make_member

    suspended = make_member(cell=cell, with_user=True, status="suspended")
    active = make_member(cell=cell, with_user=True)
    users = services.roll_users(cell)
    assert active.user_id in users and suspended.user_id not in users
