"""The admission pipeline: candidate → training → vetting → probationary → full member (or not), in order."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core.errors import DomainError
from hoptac.party import services_members as services
from hoptac.party.models import AdmissionStep, CellRules, MemberStatusPeriod, PartyMember

from .factories import make_member, other_cell

TODAY = date(2026, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def _case(cell, actor, **changes):
    values = {
        "full_name": "Lý Thị Ưu Tú",
        "date_of_birth": date(1998, 8, 8),
        "gender": "female",
        "workplace": "Phòng Tư vấn, chuyên viên",
        "happened_on": date(2024, 3, 1),
        "document": "Nghị quyết chi bộ số 3",
        "today": TODAY,
    }
    values.update(changes)
    return services.admission_create(actor=actor, cell=cell, **values)


def _advance(case, actor, stage, day, **kwargs):
    case.refresh_from_db()
    return services.admission_advance(
        actor=actor, case=case, version=case.version, stage=stage, happened_on=day, today=TODAY, **kwargs
    )


def test_the_whole_way_to_full_membership(cell, secretary):
    helper = make_member(cell=cell)
    case = _case(cell, secretary, responsible=helper)
    _advance(case, secretary, "training", date(2024, 5, 10), document="Giấy chứng nhận lớp nhận thức")
    _advance(case, secretary, "vetting", date(2024, 9, 1), responsible=helper)
    upload = SimpleUploadedFile("qd-ket-nap.pdf", PDF, content_type="application/pdf")
    _advance(case, secretary, "probationary", date(2025, 2, 10), file=upload, fee_base_amount=9_000_000)
    case.refresh_from_db()
    member = case.member
    assert case.admitted_on == date(2025, 2, 10)
    assert case.probation_due_on == date(2026, 2, 10)
    assert member.is_probationary and member.admitted_on == date(2025, 2, 10)
    assert member.fee_basis == "salary" and member.fee_base_amount == 9_000_000
    assert MemberStatusPeriod.objects.get(member=member).status == "active"
    _advance(case, secretary, "full_member", date(2026, 2, 10))
    case.refresh_from_db()
    member.refresh_from_db()
    assert case.stage == "full_member" and member.full_member_on == date(2026, 2, 10)
    assert list(case.steps.values_list("stage", flat=True)) == [
        "candidate",
        "training",
        "vetting",
        "probationary",
        "full_member",
    ]
    with pytest.raises(DomainError) as exc:
        _advance(case, secretary, "not_recognised", date(2026, 3, 1))
    assert exc.value.code == "closed"


def test_probation_months_follow_the_cells_rules(cell, secretary):
    CellRules.objects.update_or_create(cell=cell, defaults={"probation_months": 18})
    case = _case(cell, secretary)
    for stage, day in [("training", date(2024, 5, 1)), ("vetting", date(2024, 6, 1))]:
        _advance(case, secretary, stage, day)
    _advance(case, secretary, "probationary", date(2024, 8, 31))
    case.refresh_from_db()
    assert case.probation_due_on == date(2026, 2, 28)
    assert case.member.fee_basis == "fixed"


@pytest.mark.parametrize(
    "stage", ["vetting", "probationary", "full_member", "not_recognised", "candidate", "nonsense"]
)
def test_steps_must_go_in_order(cell, secretary, stage):
    case = _case(cell, secretary)
    with pytest.raises((DomainError, ValidationError)):
        _advance(case, secretary, stage, date(2024, 5, 1))
    case.refresh_from_db()
    assert case.stage == "candidate"
    assert AdmissionStep.objects.filter(case=case).count() == 1


def test_dates_must_not_go_backwards_nor_into_the_future(cell, secretary):
    case = _case(cell, secretary)
    with pytest.raises(ValidationError) as exc:
        _advance(case, secretary, "training", date(2024, 2, 29))
    assert "01/03/2024" in " ".join(exc.value.message_dict["happened_on"])
    with pytest.raises(ValidationError):
        _advance(case, secretary, "training", date(2026, 3, 16))
    _advance(case, secretary, "training", date(2024, 3, 1))  # the same day is fine


def test_full_membership_not_before_the_end_of_probation(cell, secretary):
    case = _case(cell, secretary)
    _advance(case, secretary, "training", date(2024, 5, 1))
    _advance(case, secretary, "vetting", date(2024, 6, 1))
    _advance(case, secretary, "probationary", date(2025, 3, 20))
    with pytest.raises(ValidationError) as exc:
        _advance(case, secretary, "full_member", date(2026, 3, 14))
    assert "20/03/2026" in " ".join(exc.value.message_dict["happened_on"])


def test_not_recognised_strikes_the_record_off_the_roll(cell, secretary):
    case = _case(cell, secretary)
    _advance(case, secretary, "training", date(2024, 5, 1))
    _advance(case, secretary, "vetting", date(2024, 6, 1))
    _advance(case, secretary, "probationary", date(2024, 9, 2))
    _advance(case, secretary, "not_recognised", date(2025, 9, 10), document="NQ 9")
    case.refresh_from_db()
    member = case.member
    assert case.stage == "not_recognised"
    assert member.status == services.STRUCK_OFF_STATUS and member.is_probationary
    assert MemberStatusPeriod.objects.get(member=member, ends_on__isnull=True).starts_on == date(2025, 9, 10)


def test_admission_refused_before_eighteen(cell, secretary):
    case = _case(cell, secretary, date_of_birth=date(2007, 6, 1), happened_on=date(2024, 3, 1))
    _advance(case, secretary, "training", date(2024, 5, 1))
    _advance(case, secretary, "vetting", date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _advance(case, secretary, "probationary", date(2025, 5, 31))
    assert "01/06/2025" in " ".join(exc.value.message_dict["happened_on"])
    assert not PartyMember.objects.filter(full_name="Lý Thị Ưu Tú").exists()


def test_withdrawn_closes_the_case_before_admission(cell, secretary):
    case = _case(cell, secretary)
    _advance(case, secretary, "withdrawn", date(2024, 4, 1), note="Chuyển công tác")
    case.refresh_from_db()
    assert services.allowed_next(case) == ()
    with pytest.raises(DomainError):
        _advance(case, secretary, "training", date(2024, 5, 1))


def test_a_stale_form_is_refused(cell, secretary):
    case = _case(cell, secretary)
    opened = case.version
    _advance(case, secretary, "training", date(2024, 5, 1))
    with pytest.raises(DomainError) as exc:
        services.admission_advance(
            actor=secretary,
            case=case,
            version=opened,
            stage="vetting",
            happened_on=date(2024, 6, 1),
            today=TODAY,
        )
    assert exc.value.code == "stale"


def test_only_the_committee_of_the_cell_may_act(cell, secretary, member_user):
    with pytest.raises(DomainError):
        _case(cell, member_user)
    with pytest.raises(DomainError):
        _case(other_cell(), secretary)
    case = _case(cell, secretary)
    with pytest.raises(DomainError):
        _advance(case, member_user, "training", date(2024, 5, 1))


def test_responsible_must_be_of_the_cell(cell, secretary):
    stranger = make_member(cell=other_cell())
    with pytest.raises(ValidationError):
        _case(cell, secretary, responsible=stranger)
    case = _case(cell, secretary)
    with pytest.raises(ValidationError):
        _advance(case, secretary, "training", date(2024, 5, 1), responsible=stranger)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "A" * 121}, "full_name"),
        ({"gender": "x"}, "gender"),
        ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth"),
        ({"happened_on": date(2027, 1, 1)}, "happened_on"),
        ({"document": "x" * 201}, "document"),
    ],
)
def test_bad_case_input_is_refused_on_its_field(cell, secretary, changes, field):
    with pytest.raises(ValidationError) as exc:
        _case(cell, secretary, **changes)
    assert field in exc.value.message_dict


def test_a_refused_step_leaves_no_file_behind(cell, secretary, settings):
    from pathlib import Path

    case = _case(cell, secretary)
    upload = SimpleUploadedFile("nq.pdf", PDF, content_type="application/pdf")
    with pytest.raises(DomainError):
        _advance(case, secretary, "probationary", date(2024, 5, 1), file=upload)
    folder = Path(settings.MEDIA_ROOT) / "party"
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))
