"""Services of the members part: create and edit members, accounts, status changes, full membership, badges."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core.errors import DomainError, StaleObjectError
from hoptac.party import services_members as services
from hoptac.party.models import AdmissionCase, BadgeAward, MemberStatusPeriod, PartyMember

from .factories import make_member, other_cell

TODAY = date(2026, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def fields(**changes):
    values = {
        "full_name": "Hoàng Văn Mới",
        "card_number": "",
        "date_of_birth": date(1990, 4, 2),
        "gender": "male",
        "ethnicity": "Tày",
        "education": "Thạc sĩ Môi trường",
        "theory_level": "intermediate",
        "professional_title": "Nghiên cứu viên",
        "institute_position": "Phó trưởng phòng",
        "is_unit_leader": True,
        "residence_address": "Phường Cầu Giấy, Hà Nội",
        "residence_organisation": "Chi bộ Tổ dân phố 5",
        "residence_exempt": False,
        "residence_exempt_reason": "",
        "admitted_on": date(2015, 5, 19),
        "full_member_on": date(2016, 5, 19),
        "review_form": "2A",
        "fee_basis": "salary",
        "fee_base_amount": 12_500_000,
        "fee_fixed_amount": None,
    }
    values.update(changes)
    return values


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


# --------------------------------------------------------------------------------------------- create/edit


def test_secretary_creates_a_member_with_an_open_active_period(cell, secretary):
    member = services.member_create(
        actor=secretary, cell=cell, today=TODAY, **fields(card_number=" 12.345.678 ")
    )
    assert member.card_number == "12.345.678"
    assert member.status == "active" and member.status_since == date(2015, 5, 19)
    period = MemberStatusPeriod.objects.get(member=member)
    assert period.ends_on is None and period.starts_on == date(2015, 5, 19)


def test_a_plain_member_cannot_create_or_edit(cell, member_user):
    with pytest.raises(DomainError) as exc:
        services.member_create(actor=member_user, cell=cell, today=TODAY, **fields())
    assert exc.value.code == "not_committee"
    target = make_member(cell=cell)
    with pytest.raises(DomainError):
        services.member_update(actor=member_user, member=target, version=target.version, full_name="X")


def test_secretary_cannot_create_in_or_edit_another_cell(cell, secretary):
    with pytest.raises(DomainError):
        services.member_create(actor=secretary, cell=other_cell(), today=TODAY, **fields())
    stranger = make_member(cell=other_cell())
    with pytest.raises(DomainError):
        services.member_update(actor=secretary, member=stranger, version=stranger.version, full_name="X")


def test_duplicate_card_number_is_refused_whatever_the_case(cell, secretary):
    make_member(cell=cell, card_number="AB-001")
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=secretary, cell=cell, today=TODAY, **fields(card_number="ab-001"))
    assert "đã được dùng" in str(errors_of(exc)["card_number"])


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth", "sau hôm nay"),
        ({"admitted_on": date(2026, 4, 1), "full_member_on": None}, "admitted_on", "sau hôm nay"),
        ({"admitted_on": date(2007, 4, 1), "full_member_on": None}, "admitted_on", "đủ 18 tuổi"),
        ({"full_member_on": date(2015, 5, 18)}, "full_member_on", "trước ngày vào Đảng"),
        ({"full_member_on": date(2026, 3, 16)}, "full_member_on", "sau hôm nay"),
        ({"fee_base_amount": None}, "fee_base_amount", "căn cứ"),
        ({"residence_exempt": True}, "residence_exempt_reason", "lý do"),
        ({"full_name": "A" * 121}, "full_name", "121"),
        ({"gender": "other"}, "gender", "không phải là lựa chọn"),
        ({"fee_base_amount": -1}, "fee_base_amount", "0"),
    ],
)
def test_bad_values_get_a_clear_message_on_their_field(cell, secretary, changes, field, words):
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=secretary, cell=cell, today=TODAY, **fields(**changes))
    assert field in errors_of(exc)
    assert words in " ".join(errors_of(exc)[field])
    assert not PartyMember.objects.filter(full_name__startswith="Hoàng Văn Mới").exists()


def test_unknown_fields_are_a_programming_error(cell, secretary):
    with pytest.raises(TypeError):
        services.member_create(actor=secretary, cell=cell, today=TODAY, **fields(status="deceased"))


def test_edit_saves_changed_fields_and_refuses_a_stale_version(cell, secretary):
    member = make_member(cell=cell)
    opened = member.version
    services.member_update(actor=secretary, member=member, version=opened, education="Tiến sĩ", today=TODAY)
    member.refresh_from_db()
    assert member.education == "Tiến sĩ" and member.version == opened + 1
    stale = PartyMember.objects.get(pk=member.pk)
    with pytest.raises(StaleObjectError):
        services.member_update(
            actor=secretary, member=stale, version=opened, education="Cử nhân", today=TODAY
        )
    member.refresh_from_db()
    assert member.education == "Tiến sĩ"


def test_edit_refuses_a_card_number_taken_by_another(cell, secretary):
    make_member(cell=cell, card_number="X1")
    member = make_member(cell=cell)
    with pytest.raises(ValidationError) as exc:
        services.member_update(actor=secretary, member=member, version=member.version, card_number="x1")
    assert "card_number" in errors_of(exc)


# ------------------------------------------------------------------------------------------------ accounts


def test_link_by_username_or_email_and_refuse_a_user_already_linked(cell, secretary, member_user):
    from hoptac.accounts.models import User

    target = make_member(cell=cell)
    free = User.objects.create_user(
        username="tu.do", email="Tu.Do@example.vn", password="mat-khau-2026-x", full_name="Tự Do"
    )
    services.member_link_account(actor=secretary, member=target, identifier="TU.DO@example.vn")
    target.refresh_from_db()
    assert target.user == free
    assert free.has_role("party_member")
    other = make_member(cell=cell)
    with pytest.raises(DomainError) as exc:
        services.member_link_account(actor=secretary, member=other, identifier=member_user.username)
    assert exc.value.code == "user_taken"
    with pytest.raises(ValidationError):
        services.member_link_account(actor=secretary, member=other, identifier="khong-co-ai")
    with pytest.raises(ValidationError):
        services.member_link_account(actor=secretary, member=other, identifier="   ")


def test_unlinking_removes_the_party_roles(cell, secretary):
    target = make_member(cell=cell, with_user=True)
    user = target.user
    assert user.has_role("party_member")
    services.member_unlink_account(actor=secretary, member=target)
    user.refresh_from_db()
    user.forget_roles()
    assert not user.has_role("party_member")
    with pytest.raises(DomainError):
        services.member_unlink_account(actor=secretary, member=target)


def test_secretary_cannot_unlink_their_own_account(cell, secretary):
    own = PartyMember.objects.get(user=secretary)
    with pytest.raises(DomainError) as exc:
        services.member_unlink_account(actor=secretary, member=own)
    assert exc.value.code == "self"


# ------------------------------------------------------------------------------------------------ statuses


def _active(cell, **kwargs):
    member = services.member_create(actor=kwargs.pop("actor"), cell=cell, today=TODAY, **fields(**kwargs))
    return member


def test_status_change_closes_the_open_period_the_day_before(cell, secretary):
    member = _active(cell, actor=secretary)
    upload = SimpleUploadedFile("Quyết định miễn.pdf", PDF, content_type="application/pdf")
    period = services.member_status_change(
        actor=secretary,
        member=member,
        status="exempted",
        starts_on=date(2025, 6, 1),
        document="QĐ 12-QĐ/CB",
        file=upload,
        today=TODAY,
    )
    member.refresh_from_db()
    assert member.status == "exempted" and member.status_since == date(2025, 6, 1)
    first = MemberStatusPeriod.objects.get(member=member, status="active")
    assert first.ends_on == date(2025, 5, 31)
    assert period.file.name.endswith(".pdf")
    assert period.file.read().startswith(b"%PDF")


def test_status_change_refuses_dates_not_after_the_open_period(cell, secretary):
    member = _active(cell, actor=secretary)
    services.member_status_change(
        actor=secretary, member=member, status="exempted", starts_on=date(2025, 6, 1), today=TODAY
    )
    for day in (date(2025, 5, 1), date(2025, 6, 1)):
        with pytest.raises(ValidationError) as exc:
            services.member_status_change(
                actor=secretary, member=member, status="active", starts_on=day, today=TODAY
            )
        assert "01/06/2025" in " ".join(errors_of(exc)["starts_on"])
    with pytest.raises(ValidationError):
        services.member_status_change(
            actor=secretary, member=member, status="active", starts_on=date(2026, 3, 16), today=TODAY
        )
    assert MemberStatusPeriod.objects.filter(member=member).count() == 2


def test_status_change_refuses_same_status_unknown_status_and_bad_files(cell, secretary):
    member = _active(cell, actor=secretary)
    with pytest.raises(ValidationError):
        services.member_status_change(
            actor=secretary, member=member, status="active", starts_on=date(2025, 1, 1), today=TODAY
        )
    with pytest.raises(ValidationError):
        services.member_status_change(
            actor=secretary, member=member, status="retired", starts_on=date(2025, 1, 1), today=TODAY
        )
    with pytest.raises(ValidationError):
        services.member_status_change(
            actor=secretary, member=member, status="exempted", starts_on="2025-01-01", today=TODAY
        )
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.member_status_change(
            actor=secretary,
            member=member,
            status="exempted",
            starts_on=date(2025, 1, 1),
            file=fake,
            today=TODAY,
        )
    assert "file" in errors_of(exc)
    with pytest.raises(ValidationError):
        services.member_status_change(
            actor=secretary,
            member=member,
            status="exempted",
            starts_on=date(2025, 1, 1),
            document="x" * 201,
            today=TODAY,
        )
    member.refresh_from_db()
    assert member.status == "active"


def test_transferred_out_loses_party_roles(cell, secretary):
    member = make_member(cell=cell, with_user=True)
    user = member.user
    services.member_status_change(
        actor=secretary, member=member, status="transferred_out", starts_on=date(2025, 12, 1), today=TODAY
    )
    user.forget_roles()
    assert not user.has_role("party_member", "cell_secretary")


def test_status_change_of_another_cells_member_is_refused(cell, secretary):
    stranger = make_member(cell=other_cell())
    with pytest.raises(DomainError):
        services.member_status_change(
            actor=secretary, member=stranger, status="exempted", starts_on=date(2025, 1, 1), today=TODAY
        )


# ------------------------------------------------------------------------------------------- full member


def test_full_membership_date_for_an_existing_probationary_member(cell, secretary):
    member = make_member(cell=cell, admitted_on=date(2025, 2, 10), full_member_on=None)
    with pytest.raises(ValidationError) as exc:
        services.member_make_full(
            actor=secretary, member=member, full_member_on=date(2026, 2, 9), today=TODAY
        )
    assert "10/02/2026" in " ".join(errors_of(exc)["full_member_on"])
    services.member_make_full(actor=secretary, member=member, full_member_on=date(2026, 2, 10), today=TODAY)
    member.refresh_from_db()
    assert member.full_member_on == date(2026, 2, 10)
    with pytest.raises(DomainError):
        services.member_make_full(
            actor=secretary, member=member, full_member_on=date(2026, 2, 10), today=TODAY
        )


def test_full_membership_of_a_followed_member_also_closes_the_case(cell, secretary):
    member = make_member(cell=cell, admitted_on=date(2025, 2, 10), full_member_on=None)
    case = services.admission_follow_member(actor=secretary, member=member)
    assert case.probation_due_on == date(2026, 2, 10)
    services.member_make_full(actor=secretary, member=member, full_member_on=date(2026, 2, 12), today=TODAY)
    case.refresh_from_db()
    member.refresh_from_db()
    assert case.stage == "full_member" and member.full_member_on == date(2026, 2, 12)
    with pytest.raises(DomainError):
        services.admission_follow_member(actor=secretary, member=member)


def test_follow_refuses_a_member_who_already_has_a_case(cell, secretary):
    member = make_member(cell=cell, admitted_on=date(2025, 2, 10), full_member_on=None)
    services.admission_follow_member(actor=secretary, member=member)
    with pytest.raises(DomainError) as exc:
        services.admission_follow_member(actor=secretary, member=member)
    assert exc.value.code == "has_case"
    assert AdmissionCase.objects.filter(member=member).count() == 1


# ------------------------------------------------------------------------------------------------- badges


def test_badge_award_on_and_after_the_milestone(cell, secretary):
    member = make_member(cell=cell, admitted_on=date(1996, 2, 29), full_member_on=date(1997, 2, 28))
    with pytest.raises(ValidationError) as exc:
        services.badge_award(
            actor=secretary, member=member, years=30, awarded_on=date(2026, 2, 27), today=TODAY
        )
    assert "28/02/2026" in " ".join(errors_of(exc)["awarded_on"])
    award = services.badge_award(
        actor=secretary, member=member, years=30, awarded_on=date(2026, 2, 28), decision="QĐ 5", today=TODAY
    )
    assert str(award) == "Huy hiệu 30 năm tuổi Đảng"
    with pytest.raises(ValidationError) as exc:
        services.badge_award(
            actor=secretary, member=member, years=30, awarded_on=date(2026, 3, 1), today=TODAY
        )
    assert "years" in errors_of(exc)
    assert BadgeAward.objects.filter(member=member).count() == 1


@pytest.mark.parametrize("years", [31, "30", 0, None])
def test_badge_award_refuses_a_year_that_is_not_a_milestone(cell, secretary, years):
    member = make_member(
        cell=cell,
        admitted_on=date(1980, 1, 1),
        full_member_on=date(1981, 1, 1),
        date_of_birth=date(1955, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.badge_award(
            actor=secretary, member=member, years=years, awarded_on=date(2026, 1, 1), today=TODAY
        )


def test_badge_award_refuses_future_dates_and_other_cells(cell, secretary, member_user):
    member = make_member(
        cell=cell,
        admitted_on=date(1980, 1, 1),
        full_member_on=date(1981, 1, 1),
        date_of_birth=date(1955, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.badge_award(
            actor=secretary, member=member, years=30, awarded_on=date(2026, 4, 1), today=TODAY
        )
    with pytest.raises(DomainError):
        services.badge_award(
            actor=member_user, member=member, years=30, awarded_on=date(2026, 1, 1), today=TODAY
        )
    stranger = make_member(cell=other_cell(), admitted_on=date(1980, 1, 1), date_of_birth=date(1955, 1, 1))
    with pytest.raises(DomainError):
        services.badge_award(
            actor=secretary, member=stranger, years=30, awarded_on=date(2026, 1, 1), today=TODAY
        )
