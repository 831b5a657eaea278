"""Screens of the members part: what the committee and a member see, forms keeping what was typed, 404 for
anything not theirs, and query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party.models import AdmissionCase, BadgeAward, MemberStatusPeriod, PartyMember

from .factories import make_member, other_cell

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def _constant(client, url, add, budget):
    """The first request creates the cell's rules with their defaults; count the requests after it."""
    client.get(url)
    return assert_constant_queries(lambda: client.get(url), add, budget=budget)


def _period_with_file(member, **kwargs):
    period = MemberStatusPeriod(member=member, status="exempted", starts_on=date(2024, 1, 1), **kwargs)
    period.file.save("qd.pdf", ContentFile(PDF), save=False)
    period.save()
    return period


# ------------------------------------------------------------------------------------------------ list


def test_member_list_filters_and_searches_without_diacritics(cell, committee_client):
    make_member(cell=cell, full_name="Hoàng Đức Anh")
    make_member(cell=cell, full_name="Phan Thị Dự Bị", admitted_on=date(2025, 6, 1), full_member_on=None)
    make_member(cell=cell, full_name="Bùi Văn Đi", status="transferred_out")
    url = reverse("party:member_list")
    page = committee_client.get(url).content.decode()
    assert "Hoàng Đức Anh" in page and "Phan Thị Dự Bị" in page
    assert "Bùi Văn Đi" not in page  # off the roll: not in the default list
    assert "Bùi Văn Đi" in committee_client.get(url, {"tinh-trang": "transferred_out"}).content.decode()
    found = committee_client.get(url, {"q": "hoang duc"}).content.decode()
    assert "Hoàng Đức Anh" in found and "Phan Thị Dự Bị" not in found
    probationary = committee_client.get(url, {"loai": "du-bi"}).content.decode()
    assert "Phan Thị Dự Bị" in probationary and "Hoàng Đức Anh" not in probationary
    odd = committee_client.get(url, {"tinh-trang": "<script>", "loai": "x" * 500, "sau": "rác"})
    assert odd.status_code == 200


def test_member_list_counts_per_status(cell, committee_client):
    make_member(cell=cell, status="exempted")
    make_member(cell=cell, admitted_on=date(2025, 6, 1), full_member_on=None)
    response = committee_client.get(reverse("party:member_list"))
    tabs = {value: n for value, _label, n in response.context["status_tabs"]}
    assert tabs["exempted"] == 1
    assert tabs["dang-sinh-hoat"] == PartyMember.objects.filter(cell=cell).count()
    assert response.context["probationary_count"] == 1


def test_member_list_query_count_is_constant(cell, committee_client):
    def add(n):
        for _i in range(n):
            make_member(cell=cell, with_user=True)

    _constant(committee_client, reverse("party:member_list"), add, 25)


def test_member_list_pages_by_cursor(cell, committee_client):
    for i in range(55):
        make_member(cell=cell, full_name=f"Đảng viên {i:03d}")
    first = committee_client.get(reverse("party:member_list"))
    assert len(first.context["page"].items) == 50
    cursor = first.context["page"].next_cursor
    second = committee_client.get(reverse("party:member_list"), {"sau": cursor})
    assert len(second.context["page"].items) == PartyMember.objects.filter(cell=cell).count() - 50


# ------------------------------------------------------------------------------------------- member page


def test_member_page_shows_history_badges_and_case(cell, secretary, committee_client):
    member = make_member(cell=cell, full_name="Ngô Văn Lâu Năm", admitted_on=date(1990, 1, 5),
                         date_of_birth=date(1965, 1, 1), full_member_on=date(1991, 1, 5))  # fmt: skip
    _period_with_file(member, document="QĐ miễn sinh hoạt 07")
    BadgeAward.objects.create(member=member, years=30, awarded_on=date(2020, 2, 3), decision="QĐ 30")
    page = committee_client.get(reverse("party:member_detail", args=[member.pk])).content.decode()
    assert "QĐ miễn sinh hoạt 07" in page
    assert "Huy hiệu 30 năm tuổi Đảng" in page
    assert "Mốc tiếp theo: 40 năm tuổi Đảng" in page or "Đã đủ tuổi Đảng" in page


def test_member_of_another_cell_answers_404(cell, committee_client):
    stranger = make_member(cell=other_cell())
    for name in (
        "member_detail",
        "member_edit",
        "member_status",
        "member_account",
        "badge_award",
        "member_full",
    ):
        assert committee_client.get(reverse(f"party:{name}", args=[stranger.pk])).status_code == 404, name
    assert committee_client.post(reverse("party:member_follow", args=[stranger.pk])).status_code == 404


def test_member_page_query_count_is_constant(cell, committee_client):
    member = make_member(cell=cell, admitted_on=date(1980, 1, 5), date_of_birth=date(1955, 1, 1))
    milestones = iter([30, 40, 45])
    start = [date(1990, 1, 1)]

    def add(n):
        for _i in range(n):
            start[0] += timedelta(days=100)
            MemberStatusPeriod.objects.create(member=member, status="exempted", starts_on=start[0],
                                              ends_on=start[0] + timedelta(days=10))  # fmt: skip
        years = next(milestones, None)
        if years:
            BadgeAward.objects.create(member=member, years=years, awarded_on=date(2025, 1, 1))

    url = reverse("party:member_detail", args=[member.pk])
    _constant(committee_client, url, add, 25)


# ------------------------------------------------------------------------------------------------ my record


def test_my_record_shows_only_my_own_data(cell, member_user, member_client, other_member):
    mine = PartyMember.objects.get(user=member_user)
    _period_with_file(mine, document="Giấy giới thiệu của tôi")
    _period_with_file(other_member, document="Văn bản của người khác")
    page = member_client.get(reverse("party:my_record")).content.decode()
    assert mine.full_name in page and "Giấy giới thiệu của tôi" in page
    assert other_member.full_name not in page and "Văn bản của người khác" not in page
    assert "Sửa hồ sơ" not in page  # read-only


def test_a_member_can_never_open_another_members_page_or_file(cell, member_user, member_client, other_member):
    mine = PartyMember.objects.get(user=member_user)
    own_file = _period_with_file(mine)
    other_file = _period_with_file(other_member)
    assert member_client.get(reverse("party:member_detail", args=[other_member.pk])).status_code == 404
    assert (
        member_client.get(reverse("party:member_detail", args=[mine.pk])).status_code == 404
    )  # committee page
    assert member_client.get(reverse("party:status_file", args=[other_file.pk])).status_code == 404
    response = member_client.get(reverse("party:status_file", args=[own_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_my_record_query_count_is_constant(cell, member_user, member_client):
    mine = PartyMember.objects.get(user=member_user)
    start = [date(2015, 6, 1)]

    def add(n):
        for _i in range(n):
            start[0] += timedelta(days=20)
            MemberStatusPeriod.objects.create(member=mine, status="exempted", starts_on=start[0],
                                              ends_on=start[0] + timedelta(days=5))  # fmt: skip

    _constant(member_client, reverse("party:my_record"), add, 20)


def test_my_record_without_a_linked_record(cell, login, make_persona):
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import Role, RoleAssignment, User
    from hoptac.party.models import PartyCell

    user = User.objects.create_user(username="chua.gan", email="chua.gan@example.vn",
                                    password="mat-khau-2026-x", full_name="Chưa Gắn")  # fmt: skip
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code="party_member"),
                                  scope_type=ContentType.objects.get_for_model(PartyCell), scope_id=cell.pk)  # fmt: skip
    response = login(user).get(reverse("party:my_record"))
    assert response.status_code == 200
    assert "chưa được gắn" in response.content.decode()


# ------------------------------------------------------------------------------------------------ forms


def _member_post(**changes):
    data = {
        "full_name": "Đinh Thị Mới Vào",
        "card_number": "",
        "date_of_birth": "02/04/1990",
        "gender": "female",
        "ethnicity": "Kinh",
        "theory_level": "",
        "admitted_on": "19/05/2015",
        "full_member_on": "19/05/2016",
        "review_form": "2B",
        "fee_basis": "salary",
        "fee_base_amount": "12000000",
    }
    data.update(changes)
    return data


def test_create_member_through_the_form(cell, committee_client):
    response = committee_client.post(reverse("party:member_create"), _member_post())
    member = PartyMember.objects.get(full_name="Đinh Thị Mới Vào")
    assert response.status_code == 302 and response["Location"] == reverse(
        "party:member_detail", args=[member.pk]
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"admitted_on": "31/02/2015"}, "Nhập ngày theo dạng ngày/tháng/năm"),
        ({"full_member_on": "18/05/2015"}, "không được trước ngày vào Đảng"),
        ({"full_name": "A" * 121}, "121"),
        ({"fee_base_amount": "mười triệu"}, "số"),
        ({"fee_base_amount": ""}, "căn cứ tính đảng phí"),
    ],
)
def test_bad_member_form_keeps_what_was_typed(cell, committee_client, changes, message):
    response = committee_client.post(
        reverse("party:member_create"), _member_post(ethnicity="Mường", **changes)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Mường"' in page
    assert not PartyMember.objects.filter(full_name="Đinh Thị Mới Vào").exists()


def test_stale_edit_is_refused_and_nothing_is_overwritten(cell, committee_client):
    member = make_member(cell=cell, education="Cử nhân")
    url = reverse("party:member_edit", args=[member.pk])
    data = _member_post(full_name=member.full_name, education="Thạc sĩ", version=member.version,
                        date_of_birth="01/06/1985", admitted_on="03/03/2010", full_member_on="03/03/2011")  # fmt: skip
    PartyMember.objects.filter(pk=member.pk).update(version=member.version + 1, education="Tiến sĩ")
    response = committee_client.post(url, data)
    assert response.status_code == 409
    assert "vừa được người khác sửa" in response.content.decode()
    member.refresh_from_db()
    assert member.education == "Tiến sĩ"


def test_status_change_through_the_form_with_a_file(cell, committee_client):
    member = make_member(cell=cell)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = committee_client.post(
        reverse("party:member_status", args=[member.pk]),
        {"status": "temporarily_transferred", "starts_on": "01/09/2025", "document": "Giấy giới thiệu 15",
         "note": "Học cao cấp lý luận", "file": SimpleUploadedFile("gt.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    period = MemberStatusPeriod.objects.get(member=member, ends_on__isnull=True)
    assert period.status == "temporarily_transferred"
    download = committee_client.get(reverse("party:status_file", args=[period.pk]))
    assert download.status_code == 200


def test_status_change_with_a_date_before_the_open_period_keeps_the_form(cell, committee_client):
    member = make_member(cell=cell)
    MemberStatusPeriod.objects.create(member=member, status="active", starts_on=date(2012, 1, 2))
    response = committee_client.post(
        reverse("party:member_status", args=[member.pk]),
        {"status": "exempted", "starts_on": "01/06/2011", "document": "QĐ 99"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "02/01/2012" in page and 'value="QĐ 99"' in page


def test_link_account_form(cell, committee_client, other_member):
    member = make_member(cell=cell)
    response = committee_client.post(reverse("party:member_account", args=[member.pk]),
                                     {"account": other_member.user.username})  # fmt: skip
    assert response.status_code == 409
    assert "đã gắn với một đảng viên khác" in response.content.decode()


def test_badge_page_lists_upcoming_and_overdue_and_records_an_award(cell, committee_client):
    today = timezone.localdate()
    soon = make_member(cell=cell, full_name="Sắp Đủ Mốc", admitted_on=today.replace(year=today.year - 30) + timedelta(days=20),
                       date_of_birth=date(1960, 1, 1), full_member_on=date(1997, 1, 1) if today.year - 30 < 1997 else None)  # fmt: skip
    if soon.full_member_on is None:
        PartyMember.objects.filter(pk=soon.pk).update(full_member_on=soon.admitted_on + timedelta(days=400))
    late = make_member(cell=cell, full_name="Đã Đủ Mốc", admitted_on=date(1980, 4, 4), date_of_birth=date(1958, 1, 1),
                       full_member_on=date(1981, 4, 4))  # fmt: skip
    page = committee_client.get(reverse("party:badge_list")).content.decode()
    assert "Sắp Đủ Mốc" in page and "Đã Đủ Mốc" in page
    response = committee_client.post(reverse("party:badge_award", args=[late.pk]),
                                     {"years": "45", "awarded_on": "19/05/2025", "decision": "QĐ 1200"})  # fmt: skip
    assert response.status_code == 302
    assert BadgeAward.objects.filter(member=late, years=45).exists()
    bad = committee_client.post(
        reverse("party:badge_award", args=[late.pk]), {"years": "33", "awarded_on": "x"}
    )
    assert bad.status_code == 200 and "Nhập ngày theo dạng" in bad.content.decode()


def test_badge_page_query_count_is_constant(cell, committee_client):
    def add(n):
        for i in range(n):
            member = make_member(cell=cell, admitted_on=date(1980, 1, 1) + timedelta(days=i),
                                 date_of_birth=date(1955, 1, 1))  # fmt: skip
            BadgeAward.objects.create(member=member, years=30, awarded_on=date(2011, 1, 1))

    _constant(committee_client, reverse("party:badge_list"), add, 20)


# -------------------------------------------------------------------------------------------- admission


def test_admission_screens_end_to_end(cell, committee_client):
    response = committee_client.post(
        reverse("party:admission_create"),
        {"full_name": "Trịnh Văn Ưu Tú", "date_of_birth": "05/05/1999", "gender": "male",
         "workplace": "Phòng Môi trường", "happened_on": "01/03/2025", "document": "NQ 2"},
    )  # fmt: skip
    case = AdmissionCase.objects.get(full_name="Trịnh Văn Ưu Tú")
    assert response.status_code == 302
    step_url = reverse("party:admission_step", args=[case.pk])
    wrong = committee_client.post(
        step_url, {"version": case.version, "stage": "vetting", "happened_on": "01/04/2025"}
    )
    assert wrong.status_code == 200  # not among the choices offered
    ok = committee_client.post(
        step_url, {"version": case.version, "stage": "training", "happened_on": "01/04/2025"}
    )
    assert ok.status_code == 302
    backwards = committee_client.post(step_url, {"version": case.version + 1, "stage": "vetting",
                                                 "happened_on": "01/03/2025"})  # fmt: skip
    assert backwards.status_code == 200 and "01/04/2025" in backwards.content.decode()
    stale = committee_client.post(
        step_url, {"version": case.version, "stage": "vetting", "happened_on": "02/04/2025"}
    )
    assert stale.status_code == 409
    detail = committee_client.get(reverse("party:admission_detail", args=[case.pk])).content.decode()
    assert "Học lớp nhận thức về Đảng" in detail


def test_admission_list_shows_probation_reminders(cell, committee_client):
    today = timezone.localdate()
    make_member(cell=cell, full_name="Sắp Hết Dự Bị", admitted_on=today - timedelta(days=350),
                full_member_on=None, date_of_birth=date(1995, 1, 1))  # fmt: skip
    make_member(cell=cell, full_name="Mới Kết Nạp", admitted_on=today - timedelta(days=30),
                full_member_on=None, date_of_birth=date(1995, 1, 1))  # fmt: skip
    page = committee_client.get(reverse("party:admission_list")).content.decode()
    assert "Sắp Hết Dự Bị" in page and "Mới Kết Nạp" not in page


def test_admission_list_and_detail_query_counts(cell, secretary, committee_client):
    from hoptac.party.models import AdmissionStep

    case = AdmissionCase.objects.create(cell=cell, full_name="Nhiều Bước", date_of_birth=date(1990, 1, 1),
                                        gender="male")  # fmt: skip

    def add(n):
        for i in range(n):
            other = AdmissionCase.objects.create(cell=cell, full_name=f"Hồ sơ {i}", date_of_birth=date(1990, 1, 1),
                                                 gender="female")  # fmt: skip
            AdmissionStep.objects.create(case=other, stage="candidate", happened_on=date(2025, 1, 1),
                                         recorded_by=secretary)  # fmt: skip
            AdmissionStep.objects.create(case=case, stage="candidate", happened_on=date(2025, 1, 1),
                                         recorded_by=secretary, responsible=make_member(cell=cell))  # fmt: skip

    _constant(committee_client, reverse("party:admission_list"), add, 20)
    _constant(committee_client, reverse("party:admission_detail", args=[case.pk]), add, 25)


def test_admission_case_of_another_cell_answers_404(cell, committee_client):
    case = AdmissionCase.objects.create(cell=other_cell(), full_name="Ngoài Chi Bộ", date_of_birth=date(1990, 1, 1),
                                        gender="male")  # fmt: skip
    assert committee_client.get(reverse("party:admission_detail", args=[case.pk])).status_code == 404
    assert committee_client.post(reverse("party:admission_step", args=[case.pk]), {}).status_code == 404


# -------------------------------------------------------------------------------------------- reminders


def test_daily_reminders_are_sent_once_a_day(cell, secretary):
    from procrastinate.contrib.django import app

    from hoptac.notifications.kinds import render_notification
    from hoptac.notifications.models import Notification
    from hoptac.party.tasks_members import KIND_BADGES, KIND_PROBATION, send_member_reminders

    today = date(2026, 3, 15)
    make_member(cell=cell, full_name="Sắp 30 Năm", admitted_on=date(1996, 4, 1), date_of_birth=date(1970, 1, 1),
                full_member_on=date(1997, 4, 1))  # fmt: skip
    make_member(cell=cell, full_name="Dự Bị Sắp Hết", admitted_on=date(2025, 4, 1), full_member_on=None)
    first = send_member_reminders(today)
    assert first == {"badges": 1, "probation": 1}
    assert send_member_reminders(today) == {"badges": 0, "probation": 0}
    notes = Notification.objects.filter(recipient=secretary)
    assert set(notes.values_list("kind", flat=True)) == {KIND_BADGES, KIND_PROBATION}
    badge_note = notes.get(kind=KIND_BADGES)
    title, body = render_notification(badge_note.kind, badge_note.payload)
    assert "1 đảng viên" in title and "Sắp 30 Năm (30 năm, 01/04/2026)" in body
    assert send_member_reminders(today + timedelta(days=1)) == {"badges": 1, "probation": 1}
    assert "party.member_reminders" in app.tasks
