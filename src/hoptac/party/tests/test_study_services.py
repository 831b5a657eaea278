"""Directives and their study: the services' good and bad cases, and the dashboard's arithmetic at its edges."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core.errors import DomainError
from hoptac.party import selectors_study as selectors
from hoptac.party import services_study as services
from hoptac.party.models import Attendance, PartyMember, StudyRecord
from hoptac.party.services_study import StudyRow

from .factories import make_member, other_cell
from .role_matrix_study import PDF, make_directive, make_meeting

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "resolution",
    "number": "01-NQ/ĐH",
    "title": "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    "issuing_body": "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    "issued_on": date(2021, 2, 1),
    "study_deadline": date(2021, 6, 30),
}


def me(user) -> PartyMember:
    return PartyMember.objects.get(user=user)


# --------------------------------------------------------------------------------------------- directives


def test_committee_records_a_directive_with_its_file(cell, secretary):
    upload = SimpleUploadedFile("Nghị quyết XIII.pdf", PDF, content_type="application/pdf")
    directive = services.directive_create(actor=secretary, cell=cell, data=DATA, uploaded=upload)
    assert directive.pk and directive.file.name.endswith(".pdf")
    assert "Nghị_quyết_XIII" in directive.file.name


def test_a_member_cannot_record_a_directive(cell, member_user):
    with pytest.raises(DomainError) as refused:
        services.directive_create(actor=member_user, cell=cell, data=DATA)
    assert refused.value.code == "not_committee"


def test_the_committee_of_one_cell_cannot_write_into_another(secretary):
    with pytest.raises(DomainError):
        services.directive_create(actor=secretary, cell=other_cell(), data=DATA)


def test_a_directive_needs_a_title_and_a_deadline_after_issue(cell, secretary):
    with pytest.raises(ValidationError) as missing:
        services.directive_create(actor=secretary, cell=cell, data={**DATA, "title": ""})
    assert "title" in missing.value.error_dict
    with pytest.raises(ValidationError) as early:
        services.directive_create(
            actor=secretary, cell=cell, data={**DATA, "study_deadline": date(2021, 1, 1)}
        )
    assert "study_deadline" in early.value.error_dict


def test_a_directive_file_is_checked_by_its_content(cell, secretary):
    fake = SimpleUploadedFile(
        "nghi-quyet.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as refused:
        services.directive_create(actor=secretary, cell=cell, data=DATA, uploaded=fake)
    assert "file" in refused.value.error_dict


def test_too_long_a_title_is_refused(cell, secretary):
    with pytest.raises(ValidationError) as refused:
        services.directive_create(actor=secretary, cell=cell, data={**DATA, "title": "x" * 501})
    assert "title" in refused.value.error_dict


def test_editing_can_remove_the_file(cell, secretary):
    directive = make_directive(cell, with_file=True)
    services.directive_update(actor=secretary, directive=directive, data=DATA, remove_file=True)
    directive.refresh_from_db()
    assert not directive.file and directive.title == DATA["title"]


# --------------------------------------------------------------------------------------------- sessions


def test_a_session_linked_to_a_meeting_takes_its_date(cell, secretary):
    meeting = make_meeting(cell)
    session = services.study_session_create(
        actor=secretary, directive=make_directive(cell), meeting=meeting, held_on=None
    )
    assert (
        session.held_on == meeting.starts_at.date()
        or abs(session.held_on - meeting.starts_at.date()).days <= 1
    )


def test_a_session_needs_a_date_or_a_meeting(cell, secretary):
    with pytest.raises(ValidationError) as refused:
        services.study_session_create(
            actor=secretary, directive=make_directive(cell), meeting=None, held_on=None
        )
    assert "held_on" in refused.value.error_dict


def test_a_session_cannot_link_another_cells_meeting(cell, secretary):
    foreign = make_meeting(other_cell())
    with pytest.raises(DomainError) as refused:
        services.study_session_create(
            actor=secretary, directive=make_directive(cell), meeting=foreign, held_on=date(2026, 3, 1)
        )
    assert refused.value.code == "other_cell"


def test_attendance_at_the_linked_meeting_marks_attended(cell, secretary, other_member):
    absent = make_member(cell=cell, full_name="Bùi Văn Vắng")
    meeting = make_meeting(cell)
    Attendance.objects.create(meeting=meeting, member=other_member, presence="present")
    Attendance.objects.create(meeting=meeting, member=me(secretary), presence="present")
    Attendance.objects.create(meeting=meeting, member=absent, presence="absent_with_reason", reason="Ốm")
    directive = make_directive(cell)
    StudyRecord.objects.create(directive=directive, member=other_member, self_study=True)
    session = services.study_session_create(
        actor=secretary, directive=directive, meeting=meeting, held_on=None
    )

    assert services.study_session_apply_attendance(actor=secretary, session=session) == 2
    records = selectors.records_of(user=secretary, directive=directive)
    assert records[other_member.pk].attended and records[other_member.pk].self_study
    assert records[me(secretary).pk].attended
    assert absent.pk not in records
    # Again: nothing changes (idempotent), and the meetings part's entry point does the same.
    assert services.study_session_apply_attendance(actor=secretary, session=session) == 0
    assert services.study_attendance_from_meeting(actor=secretary, meeting=meeting) == 0


def test_attendance_cannot_be_taken_before_the_meeting_is_held(cell, secretary):
    meeting = make_meeting(cell, state="notified")
    session = services.study_session_create(
        actor=secretary, directive=make_directive(cell), meeting=meeting, held_on=None
    )
    with pytest.raises(DomainError) as refused:
        services.study_session_apply_attendance(actor=secretary, session=session)
    assert refused.value.code == "not_held"


# --------------------------------------------------------------------------------------------- the grid


def test_the_committee_fills_the_grid(cell, secretary, other_member):
    directive = make_directive(cell)
    rows = [
        StudyRow(
            member_id=other_member.pk,
            attended=True,
            essay_submitted_on=date(2021, 5, 2),
            essay_assessment="good",
        ),
        StudyRow(member_id=me(secretary).pk),  # nothing to say: no empty row is written
    ]
    assert services.study_records_save(actor=secretary, directive=directive, rows=rows) == 1
    record = StudyRecord.objects.get(directive=directive, member=other_member)
    assert record.attended and record.essay_assessment == "good"
    # The same grid again changes nothing.
    assert services.study_records_save(actor=secretary, directive=directive, rows=rows) == 0


def test_the_grid_refuses_an_assessment_without_an_essay(cell, secretary, other_member):
    directive = make_directive(cell)
    with pytest.raises(DomainError) as refused:
        services.study_records_save(
            actor=secretary,
            directive=directive,
            rows=[StudyRow(member_id=other_member.pk, essay_assessment="pass")],
        )
    assert other_member.full_name in str(refused.value.message)
    assert not StudyRecord.objects.exists()


def test_the_grid_refuses_another_cells_member_and_writes_nothing(cell, secretary, other_member):
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    with pytest.raises(DomainError) as refused:
        services.study_records_save(
            actor=secretary,
            directive=make_directive(cell),
            rows=[
                StudyRow(member_id=other_member.pk, attended=True),
                StudyRow(member_id=stranger.pk, attended=True),
            ],
        )
    assert refused.value.code == "other_cell"
    assert not StudyRecord.objects.exists()


def test_the_grid_refuses_a_member_who_left_the_roll(cell, secretary):
    gone = make_member(cell=cell, full_name="Đã Chuyển Đi", status="transferred_out")
    with pytest.raises(DomainError) as refused:
        services.study_records_save(
            actor=secretary, directive=make_directive(cell), rows=[StudyRow(member_id=gone.pk, attended=True)]
        )
    assert refused.value.code == "off_roll"


def test_a_member_cannot_fill_the_grid(cell, member_user):
    with pytest.raises(DomainError):
        services.study_records_save(
            actor=member_user, directive=make_directive(cell), rows=[StudyRow(member_id=me(member_user).pk)]
        )


# --------------------------------------------------------------------------------------------- self-report


def test_a_member_marks_their_own_self_study_and_essay(cell, member_user):
    directive = make_directive(cell)
    record = services.study_self_report(
        actor=member_user,
        directive=directive,
        member=me(member_user),
        self_study=True,
        essay_submitted_on=date(2021, 5, 10),
    )
    assert record.self_study and record.essay_submitted_on == date(2021, 5, 10) and not record.attended


def test_a_member_cannot_report_for_someone_else(cell, member_user, other_member):
    with pytest.raises(DomainError) as refused:
        services.study_self_report(
            actor=member_user,
            directive=make_directive(cell),
            member=other_member,
            self_study=True,
            essay_submitted_on=None,
        )
    assert refused.value.code == "not_own"
    assert not StudyRecord.objects.exists()


def test_even_the_secretary_reports_only_for_themself(cell, secretary, other_member):
    with pytest.raises(DomainError) as refused:
        services.study_self_report(
            actor=secretary,
            directive=make_directive(cell),
            member=other_member,
            self_study=True,
            essay_submitted_on=None,
        )
    assert refused.value.code == "not_own"


def test_an_essay_date_in_the_future_is_refused(cell, member_user):
    with pytest.raises(ValidationError) as refused:
        services.study_self_report(
            actor=member_user,
            directive=make_directive(cell),
            member=me(member_user),
            self_study=False,
            essay_submitted_on=date.today() + timedelta(days=30),
        )
    assert "essay_submitted_on" in refused.value.error_dict


def test_an_assessed_essay_date_is_locked_for_the_member(cell, member_user):
    directive = make_directive(cell)
    StudyRecord.objects.create(
        directive=directive,
        member=me(member_user),
        essay_submitted_on=date(2021, 5, 1),
        essay_assessment="pass",
    )
    with pytest.raises(DomainError) as refused:
        services.study_self_report(
            actor=member_user,
            directive=directive,
            member=me(member_user),
            self_study=True,
            essay_submitted_on=None,
        )
    assert refused.value.code == "assessed"
    # Self-study alone can still be marked.
    services.study_self_report(
        actor=member_user,
        directive=directive,
        member=me(member_user),
        self_study=True,
        essay_submitted_on=date(2021, 5, 1),
    )


# --------------------------------------------------------------------------------------------- dashboard


def _record(member, **fields):
    return StudyRecord(member=member, **fields)


class FakeMember:
    def __init__(self, pk):
        self.pk = pk


def test_the_dashboard_with_no_member_shows_no_share():
    summary = selectors.study_summary([], {}, deadline=date(2021, 1, 1), today=date(2026, 1, 1))
    assert summary.total == 0
    assert summary.studied_pct is None and summary.attended_pct is None and summary.assessed_pct is None
    assert not summary.overdue and summary.not_studied == []


def test_the_dashboard_when_everyone_studied_is_one_hundred_percent_and_warns_nobody():
    members = [FakeMember(i) for i in (1, 2, 3)]
    records = {
        1: StudyRecord(attended=True, essay_submitted_on=date(2021, 5, 1), essay_assessment="good"),
        2: StudyRecord(self_study=True, essay_submitted_on=date(2021, 5, 1)),
        3: StudyRecord(attended=True, self_study=True),
    }
    summary = selectors.study_summary(members, records, deadline=date(2021, 6, 30), today=date(2026, 1, 1))
    assert summary.studied_pct == Decimal("100.0")
    assert summary.attended_pct == Decimal("66.7")
    assert summary.self_studied_pct == Decimal("66.7")
    assert summary.essays_pct == Decimal("66.7")
    assert summary.assessed_pct == Decimal("33.3")
    assert not summary.overdue and summary.not_studied == []


def test_the_dashboard_lists_who_has_not_studied_only_after_the_deadline():
    members = [FakeMember(1), FakeMember(2)]
    records = {1: StudyRecord(attended=True)}
    before = selectors.study_summary(members, records, deadline=date(2026, 6, 30), today=date(2026, 6, 30))
    assert not before.overdue and before.not_studied == []
    after = selectors.study_summary(members, records, deadline=date(2026, 6, 30), today=date(2026, 7, 1))
    assert after.overdue and [m.pk for m in after.not_studied] == [2]
    assert after.studied_pct == Decimal("50.0")
    no_deadline = selectors.study_summary(members, records, deadline=None, today=date(2030, 1, 1))
    assert not no_deadline.overdue


def test_a_member_sees_only_their_own_records(cell, secretary, member_user, other_member):
    directive = make_directive(cell)
    StudyRecord.objects.create(directive=directive, member=other_member, attended=True)
    StudyRecord.objects.create(directive=directive, member=me(member_user), self_study=True)
    assert set(selectors.records_of(user=member_user, directive=directive)) == {me(member_user).pk}
    assert set(selectors.records_of(user=secretary, directive=directive)) == {
        other_member.pk,
        me(member_user).pk,
    }
