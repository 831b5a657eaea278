"""Results: entering values as typed, four-eyes review, returning with a reason, and compliance judged against the
limits frozen on the sample with its coefficient."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hoptac.core.errors import DomainError
from hoptac.lab import services
from hoptac.lab.choices import ResultStatus, SampleState
from hoptac.lab.models import LimitInterval, LimitSet, Sample

from .test_samples import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager, "pH", "BOD5")
    services.receive_sample(actor=manager, sample=sample, condition="intact")
    limit_set = LimitSet.objects.get(regulation__code="QCVN 14:2008/BTNMT", name="B")
    return services.apply_regulation(actor=manager, sample=sample, limit_set=limit_set, k="1.2")


def _analyst_and_reviewer():
    """One person holding both roles (small labs do): four eyes is about the result, not the role. Made here, not
    as a persona, so the role matrix does not grow a column for it."""
    from hoptac.accounts.models import Role, RoleAssignment, User

    user = User.objects.create_user(username="kiem_soat", email="ks@example.vn", full_name="Trịnh Văn Kiêm")
    for code in ("lab_analyst", "lab_reviewer"):
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=code))
    return User.objects.get(pk=user.pk)


def _sp(sample, code):
    return sample.parameters.get(parameter__code=code)


def test_entering_parses_the_value_and_starts_the_analysis(sample, make_persona):
    analyst = make_persona("lab_analyst")
    result = services.enter_result(
        actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="55,5", uncertainty="±3"
    )
    assert (result.raw_value, result.reading_kind, result.value) == ("55,5", "exact", Decimal("55.5"))
    assert result.unit == "mg/L" and result.method == _sp(sample, "BOD5").parameter.method
    assert result.analyst == analyst and result.status == ResultStatus.ENTERED
    assert Sample.objects.get(pk=sample.pk).state == SampleState.IN_ANALYSIS
    below = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "pH"), value="KPH")
    assert below.reading_kind == "not_detected"
    with pytest.raises(ValidationError):
        services.enter_result(actor=analyst, sample_parameter=_sp(sample, "pH"), value="khoảng bảy")


@pytest.mark.parametrize("persona", ["lab_reviewer", "lab_manager", "cooperative_rep"])
def test_only_an_analyst_enters(sample, make_persona, persona):
    with pytest.raises(DomainError) as caught:
        services.enter_result(actor=make_persona(persona), sample_parameter=_sp(sample, "pH"), value="7")
    assert caught.value.code == "forbidden"


def test_the_reviewer_is_never_the_analyst_of_that_result(sample, make_persona):
    both = _analyst_and_reviewer()
    result = services.enter_result(actor=both, sample_parameter=_sp(sample, "pH"), value="7")
    for action in (
        lambda: services.verify_result(actor=both, result=result),
        lambda: services.return_result(actor=both, result=result, reason="Xem lại"),
    ):
        with pytest.raises(DomainError) as caught:
            action()
        assert caught.value.code == "four_eyes"
        assert "không thể tự soát xét" in str(caught.value.message)
    result.refresh_from_db()
    assert result.status == ResultStatus.ENTERED and result.reviewer is None
    # The same person reviews a colleague's result.
    other = services.enter_result(
        actor=make_persona("lab_analyst"), sample_parameter=_sp(sample, "BOD5"), value="40"
    )
    services.verify_result(actor=both, result=other)


def test_verifying_every_result_verifies_the_sample(sample, make_persona):
    analyst, reviewer = make_persona("lab_analyst"), make_persona("lab_reviewer")
    ph = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "pH"), value="7,2")
    bod = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="55")
    services.verify_result(actor=reviewer, result=ph)
    assert Sample.objects.get(pk=sample.pk).state == SampleState.IN_ANALYSIS
    bod = services.verify_result(actor=reviewer, result=bod)
    assert bod.reviewer == reviewer and bod.reviewed_at is not None
    assert Sample.objects.get(pk=sample.pk).state == SampleState.RESULTS_VERIFIED
    with pytest.raises(DomainError) as caught:
        services.verify_result(actor=reviewer, result=bod)
    assert caught.value.code == "state"
    with pytest.raises(DomainError):  # verified: no more entering
        services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="50")


def test_returning_needs_a_reason_and_the_analyst_enters_again(sample, make_persona):
    analyst, reviewer = make_persona("lab_analyst"), make_persona("lab_reviewer")
    result = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="550")
    with pytest.raises(ValidationError):
        services.return_result(actor=reviewer, result=result, reason="  ")
    result = services.return_result(actor=reviewer, result=result, reason="Nghi nhập thừa số 0")
    assert result.status == ResultStatus.RETURNED and result.return_reason == "Nghi nhập thừa số 0"
    with pytest.raises(DomainError) as caught:
        services.verify_result(actor=reviewer, result=result)
    assert caught.value.code == "state"
    again = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="55")
    assert again.pk == result.pk and again.status == ResultStatus.ENTERED and again.reviewer is None
    with pytest.raises(DomainError, match="không có quyền"):
        services.verify_result(actor=make_persona("lab_analyst"), result=again)


def test_verdicts_use_the_frozen_limits_and_the_samples_coefficient(sample, make_persona):
    analyst = make_persona("lab_analyst")
    bod = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="55")
    ph = services.enter_result(actor=analyst, sample_parameter=_sp(sample, "pH"), value="7,2")
    # A later edit of the live regulation (BOD5 50 → 10) changes nothing for this sample.
    LimitInterval.objects.filter(
        limit__limit_set__regulation__code="QCVN 14:2008/BTNMT",
        limit__limit_set__name="B",
        limit__parameter__code="BOD5",
    ).update(upper=Decimal(10))
    assert services.result_verdict(bod).as_dict() == {"verdict": "pass", "limit": "60", "class": None}
    assert services.result_verdict(ph).verdict == "pass"
    assert services.sample_compliance(sample) == services.COMPLIANT
    services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="61")
    assert services.sample_compliance(sample) == services.NOT_COMPLIANT


def test_compliance_is_undetermined_while_a_result_is_missing_or_undecidable(sample, make_persona):
    analyst = make_persona("lab_analyst")
    assert services.sample_compliance(sample) == services.UNDETERMINED
    services.enter_result(actor=analyst, sample_parameter=_sp(sample, "pH"), value="7")
    services.enter_result(actor=analyst, sample_parameter=_sp(sample, "BOD5"), value="<70")  # limit 60
    assert services.sample_compliance(sample) == services.UNDETERMINED
    services.enter_result(actor=analyst, sample_parameter=_sp(sample, "pH"), value="4")
    assert services.sample_compliance(sample) == services.NOT_COMPLIANT
