"""Residence feedback (Quy định 213-QĐ/TW): recording it, exemptions, the board, the evaluation's read, the reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.core.errors import DomainError, StaleObjectError
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.notifications.models import Notification
from hoptac.party import selectors_study as selectors
from hoptac.party import services_study as services
from hoptac.party import tasks_study
from hoptac.party.models import PartyMember, ResidenceFeedback

from .factories import make_member, other_cell
from .role_matrix_study import PDF, committee_user, make_feedback

pytestmark = pytest.mark.django_db
LAST_YEAR = date.today().year - 1


def save(actor, member, **changes):
    values = {
        "year": LAST_YEAR,
        "received_on": date(LAST_YEAR, 12, 10),
        "organisation": "Chi bộ tổ dân phố 12, phường Láng",
        "content": "Gương mẫu thực hiện nghĩa vụ công dân nơi cư trú.",
        "assessment": "good",
        **changes,
    }
    return services.residence_feedback_save(actor=actor, member=member, **values)


def test_the_committee_records_and_corrects_feedback(cell, secretary, other_member):
    first = save(secretary, other_member)
    second = save(secretary, other_member, assessment="fair")
    assert first.pk == second.pk and ResidenceFeedback.objects.get().assessment == "fair"


def test_feedback_with_its_scanned_file(cell, secretary, other_member):
    upload = SimpleUploadedFile("phieu nhan xet.pdf", PDF, content_type="application/pdf")
    feedback = save(secretary, other_member, uploaded=upload)
    assert feedback.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"content": ""}, "content"),
        ({"content": "x" * 5001}, "content"),
        ({"organisation": "x" * 201}, "organisation"),
        ({"assessment": "excellent"}, "assessment"),
        ({"received_on": date(LAST_YEAR - 2, 1, 1)}, "received_on"),
        ({"received_on": date.today() + timedelta(days=1)}, "received_on"),
    ],
    ids=[
        "no content",
        "content too long",
        "organisation too long",
        "unknown assessment",
        "wrong year",
        "future",
    ],
)
def test_bad_feedback_is_refused(cell, secretary, other_member, changes, field):
    with pytest.raises(ValidationError) as refused:
        save(secretary, other_member, **changes)
    assert field in refused.value.error_dict
    assert not ResidenceFeedback.objects.exists()


def test_a_member_or_another_cell_cannot_record_feedback(cell, secretary, member_user, other_member):
    with pytest.raises(DomainError):
        save(member_user, other_member)
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    with pytest.raises(DomainError):
        save(secretary, stranger)


def test_exemption_edits_only_its_two_fields_and_needs_a_reason(cell, secretary, other_member):
    with pytest.raises(ValidationError) as no_reason:
        services.residence_exempt_set(
            actor=secretary, member=other_member, exempt=True, reason=" ", version=other_member.version
        )
    assert "reason" in no_reason.value.error_dict
    before = PartyMember.objects.values().get(pk=other_member.pk)
    services.residence_exempt_set(
        actor=secretary,
        member=other_member,
        exempt=True,
        reason="Đi học tập trung dài hạn",
        version=other_member.version,
    )
    after = PartyMember.objects.values().get(pk=other_member.pk)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"residence_exempt", "residence_exempt_reason", "version"}
    # Unmarking clears the reason.
    member = PartyMember.objects.get(pk=other_member.pk)
    services.residence_exempt_set(
        actor=secretary, member=member, exempt=False, reason="còn ghi", version=member.version
    )
    member.refresh_from_db()
    assert member.residence_exempt is False and member.residence_exempt_reason == ""


def test_a_stale_exemption_form_is_refused(cell, secretary, other_member):
    opened_at = other_member.version
    services.residence_exempt_set(
        actor=secretary, member=other_member, exempt=True, reason="Công tác xa", version=opened_at
    )
    stale = PartyMember.objects.get(pk=other_member.pk)
    with pytest.raises(StaleObjectError):
        services.residence_exempt_set(
            actor=secretary, member=stale, exempt=False, reason="", version=opened_at
        )


def test_a_member_cannot_change_an_exemption(cell, member_user, other_member):
    with pytest.raises(DomainError):
        services.residence_exempt_set(
            actor=member_user, member=other_member, exempt=True, reason="x", version=1
        )


def test_residence_feedback_for_each_status(cell, secretary):
    received = make_member(cell=cell, full_name="Có Nhận Xét")
    missing = make_member(cell=cell, full_name="Chưa Có")
    exempt = make_member(
        cell=cell, full_name="Được Miễn", residence_exempt=True, residence_exempt_reason="Học tập trung"
    )
    retired = make_member(cell=cell, full_name="Nghỉ Hưu", fee_basis="pension")
    feedback = make_feedback(received, year=LAST_YEAR)
    got = selectors.residence_feedback_for(received, LAST_YEAR)
    assert got.status == "received" and got.feedback == feedback
    assert selectors.residence_feedback_for(missing, LAST_YEAR).status == "missing"
    exempt_status = selectors.residence_feedback_for(exempt, LAST_YEAR)
    assert exempt_status.status == "exempt" and exempt_status.exempt_reason == "Học tập trung"
    assert selectors.residence_feedback_for(retired, LAST_YEAR).status == "not_required"
    assert selectors.residence_feedback_for(received, LAST_YEAR - 1).status == "missing"


def test_the_board_lists_every_working_member_with_a_warning(cell, committee_client, secretary):
    received = make_member(cell=cell, full_name="Có Nhận Xét")
    make_member(cell=cell, full_name="Chưa Có Nhận Xét")
    make_member(
        cell=cell, full_name="Đang Được Miễn", residence_exempt=True, residence_exempt_reason="Công tác xa"
    )
    make_member(cell=cell, full_name="Đã Chuyển Đi", status="transferred_out")
    make_member(cell=cell, full_name="Đang Nghỉ Hưu", fee_basis="pension")
    make_feedback(received, year=LAST_YEAR)
    page = committee_client.get(reverse("party:residence_list"), {"nam": LAST_YEAR})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Chưa Có Nhận Xét" in body and "Đang Được Miễn" in body
    assert "Đã Chuyển Đi" not in body and "Đang Nghỉ Hưu" not in body
    assert 'data-testid="missing-warning"' in body
    statuses = {
        line.member.full_name: line.status
        for line in selectors.residence_board(user=secretary, cell=cell, year=LAST_YEAR)
    }
    assert statuses["Có Nhận Xét"] == "received" and statuses["Chưa Có Nhận Xét"] == "missing"
    assert statuses["Đang Được Miễn"] == "exempt"


def test_the_board_costs_the_same_queries_for_5_and_50_members(cell, committee_client):
    def add(n):
        for i in range(n):
            member = make_member(cell=cell, full_name=f"Đảng Viên Cư Trú {i}")
            if i % 2:
                make_feedback(member, year=LAST_YEAR, with_file=True)

    url = reverse("party:residence_list") + f"?nam={LAST_YEAR}"
    assert_constant_queries(lambda: committee_client.get(url), add, budget=20)


def test_the_feedback_form_keeps_what_was_typed(cell, committee_client, other_member):
    url = reverse("party:residence_edit", args=[LAST_YEAR, other_member.pk])
    response = committee_client.post(
        url,
        {
            "received_on": "10/12/" + str(LAST_YEAR),
            "organisation": "Chi bộ tổ 5",
            "content": "",
            "assessment": "good",
        },
    )
    assert response.status_code == 200
    assert (
        "Hãy ghi nội dung nhận xét." in response.content.decode()
        and "Chi bộ tổ 5" in response.content.decode()
    )
    ok = committee_client.post(
        url,
        {
            "received_on": "10/12/" + str(LAST_YEAR),
            "organisation": "Chi bộ tổ 5",
            "content": "Tốt",
            "assessment": "good",
        },
    )
    assert ok.status_code == 302 and ResidenceFeedback.objects.get().organisation == "Chi bộ tổ 5"


def test_the_member_downloads_their_own_file_but_not_anothers(cell, member_user, member_client, other_member):
    mine = make_feedback(PartyMember.objects.get(user=member_user), year=LAST_YEAR, with_file=True)
    theirs = make_feedback(other_member, year=LAST_YEAR, with_file=True)
    response = member_client.get(reverse("party:residence_file", args=[mine.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert member_client.get(reverse("party:residence_file", args=[theirs.pk])).status_code == 404


# --------------------------------------------------------------------------------------------- the reminder


def test_no_reminder_before_october(cell, secretary, other_member):
    assert tasks_study.remind_missing_residence_feedback(date(2026, 9, 30))["notifications"] == 0
    assert not Notification.objects.filter(kind=tasks_study.KIND_RESIDENCE_MISSING).exists()


def test_the_reminder_goes_to_the_committee_once_a_week(cell, secretary, member_user, other_member):
    first = tasks_study.remind_missing_residence_feedback(date(2026, 10, 5))  # a Monday
    assert first["cells_reminded"] == 1
    note = Notification.objects.get(kind=tasks_study.KIND_RESIDENCE_MISSING)
    assert note.recipient == secretary and note.kind == "party.residence_missing"
    assert note.payload["year"] == 2026 and note.payload["missing"] >= 1
    title, body = tasks_study.render_residence_missing(note.payload)
    assert "2026" in title and "chưa có nhận xét" in body
    # Later the same week: nothing new; the next week: a new reminder.
    assert tasks_study.remind_missing_residence_feedback(date(2026, 10, 11))["notifications"] == 0
    assert Notification.objects.filter(kind=tasks_study.KIND_RESIDENCE_MISSING).count() == 1
    assert tasks_study.remind_missing_residence_feedback(date(2026, 10, 12))["notifications"] == 1


def test_no_reminder_when_nothing_is_missing(cell, secretary, member_user):
    committee_user()  # the builder's recorder is a member of the cell too
    for member in PartyMember.objects.filter(cell=cell):
        make_feedback(member, year=2026)
    assert tasks_study.remind_missing_residence_feedback(date(2026, 12, 1))["notifications"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_periodic_job_runs_through_the_worker(make_persona, run_jobs):
    secretary = make_persona("party_secretary")
    make_member(full_name="Chưa Có Nhận Xét")
    tasks_study.residence_reminders.defer(timestamp=0)
    run_jobs()
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, status FROM procrastinate_jobs ORDER BY id")
        jobs = cursor.fetchall()
    assert ("party.residence_reminders", "succeeded") in jobs, jobs

    expected = 1 if tasks_study.in_season(timezone.localdate()) else 0
    reminders = Notification.objects.filter(recipient=secretary, kind=tasks_study.KIND_RESIDENCE_MISSING)
    assert reminders.count() == expected
