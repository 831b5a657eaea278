"""Sample orders: registration (codes, parameters from the matrix only, quality-testing requests only), reception
and the due date in working days, the regulation frozen on the sample, cancelling, roles and states."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hoptac.core.errors import DomainError
from hoptac.core.permissions import VIEW, restrict
from hoptac.lab import services
from hoptac.lab.choices import SampleState
from hoptac.lab.judging import judge_text
from hoptac.lab.models import LimitInterval, LimitSet, Matrix, Parameter, Regulation, Sample, SampleLimit
from hoptac.registry.tests.personas import OTHER_TAX_CODE, OWN_TAX_CODE, cooperative
from hoptac.support.choices import Category, State
from hoptac.support.tests.factories import request_in

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))


def _at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def _params(*codes):
    return [Parameter.objects.get(code=c) for c in codes]


def register(actor, *codes, coop=None, **kwargs):
    kwargs.setdefault("matrix", Matrix.objects.get(code="domestic-wastewater"))
    kwargs.setdefault("sampling_place", "Cửa xả bể tự hoại, trại heo")
    return services.register_sample(
        actor=actor,
        cooperative=coop or cooperative(OWN_TAX_CODE),
        parameters=_params(*(codes or ("pH", "BOD5"))),
        **kwargs,
    )


def _limit_set(code="QCVN 14:2008/BTNMT", name="B"):
    return LimitSet.objects.get(regulation__code=code, name=name)


# ------------------------------------------------------------------------------------------------ registering


def test_register_copies_prices_and_quotes_their_sum(make_persona):
    manager = make_persona("lab_manager")
    ph, bod = _params("pH", "BOD5")
    sample = register(manager, "pH", "BOD5", sampler="Nguyễn Văn Lấy", sampled_at=_at(2026, 3, 2))
    year = timezone.localdate().year
    assert sample.code == f"MT-{year}-00001"
    assert sample.state == SampleState.REGISTERED and sample.registered_by == manager
    assert sample.quote == ph.price + bod.price
    assert [(p.parameter.code, p.price) for p in sample.parameters.all()] == [
        ("pH", ph.price),
        ("BOD5", bod.price),
    ]
    Parameter.objects.filter(pk=ph.pk).update(price=ph.price + 1000)  # a later price change
    assert sample.parameters.get(parameter=ph).price == ph.price
    assert register(make_persona("institute_leader")).code == f"MT-{year}-00002"


def test_the_same_form_token_registers_one_sample_and_uses_one_code(make_persona):
    import uuid

    manager = make_persona("lab_manager")
    token = uuid.uuid4()
    first = register(manager, token=token)
    again = register(manager, token=token)
    assert again.pk == first.pk and Sample.objects.count() == 1
    year = timezone.localdate().year
    assert register(manager, token=uuid.uuid4()).code == f"MT-{year}-00002"  # no number spent on the repeat


def test_a_parameter_the_matrix_does_not_offer_is_refused(make_persona):
    matrix = Matrix.objects.get(code="domestic-wastewater")
    foreign = Parameter.objects.exclude(matrices=matrix).first()
    with pytest.raises(DomainError) as caught:
        services.register_sample(
            actor=make_persona("lab_manager"),
            cooperative=cooperative(OWN_TAX_CODE),
            matrix=matrix,
            parameters=[*_params("pH"), foreign],
            sampling_place="Cửa xả",
        )
    assert caught.value.code == "parameter"
    assert foreign.code in str(caught.value.message) and "không thuộc danh mục" in str(caught.value.message)
    assert not Sample.objects.exists()


def test_only_a_quality_testing_request_starts_a_sample(make_persona):
    manager, rep = make_persona("lab_manager"), make_persona("cooperative_rep")
    environment = request_in(State.ENDORSED, created_by=rep)  # category environment
    with pytest.raises(DomainError) as caught:
        register(manager, support_request=environment, coop=None)
    assert caught.value.code == "category"
    assert "Kiểm nghiệm chất lượng" in str(caught.value.message)
    testing = request_in(State.ASSIGNED, created_by=rep, category=Category.QUALITY_TESTING, assignee=manager)
    sample = services.register_sample(
        actor=manager,
        support_request=testing,
        matrix=Matrix.objects.get(code="domestic-wastewater"),
        parameters=_params("pH"),
        sampling_place="Cửa xả",
    )
    assert sample.cooperative_id == testing.cooperative_id and sample.support_request == testing
    with pytest.raises(DomainError, match="phải thuộc hợp tác xã"):
        register(manager, support_request=testing, coop=cooperative(OTHER_TAX_CODE))


@pytest.mark.parametrize(
    "state",
    [State.ENDORSED, State.RESOLVED, State.CLOSED, State.DECLINED, State.WITHDRAWN],
)
def test_a_request_whose_work_is_not_accepted_starts_no_sample(make_persona, state):
    """The same rule as the request page's button (integration.WORK_ACCEPTED_STATES): a closed, declined or
    withdrawn request — or one the institute has not accepted yet — still reachable as ``?request=<pk>``."""
    from hoptac.lab.integration import WORK_ACCEPTED_STATES, sample_order_applies

    manager, rep = make_persona("lab_manager"), make_persona("cooperative_rep")
    assignee = manager if state in (State.RESOLVED, State.CLOSED) else None
    request = request_in(state, created_by=rep, category=Category.QUALITY_TESTING, assignee=assignee)
    assert state not in WORK_ACCEPTED_STATES and not sample_order_applies(manager, request)
    with pytest.raises(DomainError) as caught:
        register(manager, support_request=request, coop=None)
    assert caught.value.code == "request_state"
    assert "chỉ yêu cầu đã được Viện tiếp nhận" in str(caught.value.message)
    assert not Sample.objects.exists()


def test_registering_needs_parameters_and_a_place(make_persona):
    manager = make_persona("lab_manager")
    with pytest.raises(ValidationError):
        services.register_sample(
            actor=manager,
            cooperative=cooperative(OWN_TAX_CODE),
            matrix=Matrix.objects.get(code="domestic-wastewater"),
            parameters=[],
            sampling_place="x",
        )
    with pytest.raises(ValidationError):
        register(manager, sampling_place="  ")


@pytest.mark.parametrize(
    "persona", ["cooperative_rep", "lab_analyst", "lab_reviewer", "institute_expert", "outsider"]
)
def test_who_may_not_register(make_persona, persona):
    with pytest.raises(DomainError) as caught:
        register(make_persona(persona))
    assert caught.value.code == "forbidden"


# ------------------------------------------------------------------------------------------------ receiving


def test_receiving_records_custody_and_the_due_date_skips_the_weekend(make_persona):
    Parameter.objects.filter(code="pH").update(turnaround_days=3)
    Parameter.objects.filter(code="COD").update(turnaround_days=5)
    sample = register(make_persona("lab_manager"), "pH", "COD", sampled_at=_at(2026, 3, 5, 7))
    analyst = make_persona("lab_analyst")
    sample = services.receive_sample(
        actor=analyst,
        sample=sample,
        condition="intact",
        received_at=_at(2026, 3, 5),  # a Thursday
    )
    assert sample.state == SampleState.RECEIVED
    assert (sample.received_by, sample.condition) == (analyst, "intact")
    # The longest turnaround (5 working days) from Thursday 5 March: Fri, Mon, Tue, Wed, Thu.
    assert sample.due_date == datetime.date(2026, 3, 12)
    assert sample.version == 2


def test_the_due_date_skips_tet(make_persona):
    Parameter.objects.filter(code="pH").update(turnaround_days=3)
    sample = register(make_persona("lab_manager"), "pH")
    # Friday 13 February 2026; Tết Bính Ngọ: Monday 16 to Friday 20 February off.
    sample = services.receive_sample(
        actor=make_persona("lab_reviewer"), sample=sample, condition="intact", received_at=_at(2026, 2, 13)
    )
    assert sample.due_date == datetime.date(2026, 2, 25)


def test_receiving_twice_or_a_cancelled_sample_is_refused(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager)
    services.receive_sample(actor=manager, sample=sample, condition="damaged", condition_note="Nắp chai nứt")
    with pytest.raises(DomainError) as caught:
        services.receive_sample(actor=manager, sample=sample, condition="intact")
    assert caught.value.code == "state" and "Đã nhận mẫu" in str(caught.value.message)
    other = register(manager)
    services.cancel_sample(actor=manager, sample=other, reason="Hợp tác xã hủy đơn")
    with pytest.raises(DomainError, match="Đã hủy"):
        services.receive_sample(actor=manager, sample=other, condition="intact")


def test_receiving_needs_a_condition_and_a_note_for_other(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager)
    with pytest.raises(ValidationError):
        services.receive_sample(actor=manager, sample=sample, condition="")
    with pytest.raises(ValidationError):
        services.receive_sample(actor=manager, sample=sample, condition="other")


@pytest.mark.parametrize("persona", ["cooperative_rep", "institute_leader", "institute_expert"])
def test_who_may_not_receive(make_persona, persona):
    sample = register(make_persona("lab_manager"))
    with pytest.raises(DomainError) as caught:
        services.receive_sample(actor=make_persona(persona), sample=sample, condition="intact")
    assert caught.value.code == "forbidden"


# ------------------------------------------------------------------------------------------------ the regulation


def test_applied_limits_are_frozen_on_the_sample(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager, "pH", "BOD5")
    sample = services.apply_regulation(actor=manager, sample=sample, limit_set=_limit_set(), k="1,2")
    assert (sample.regulation_code, sample.limit_set_name, sample.coefficient) == (
        "QCVN 14:2008/BTNMT",
        "B",
        Decimal("1.2"),
    )
    frozen = {f.parameter.code: f for f in SampleLimit.objects.filter(sample=sample)}
    assert set(frozen) == {"pH", "BOD5"}
    assert frozen["BOD5"].coefficient_applies and not frozen["pH"].coefficient_applies
    before = frozen["BOD5"].rule
    # An administrator later edits the regulation's limit for BOD5 (50 → 10) and renames the set.
    LimitInterval.objects.filter(limit__limit_set=_limit_set(), limit__parameter__code="BOD5").update(
        upper=Decimal(10)
    )
    LimitSet.objects.filter(pk=_limit_set().pk).update(name="B (sửa)")
    again = SampleLimit.objects.get(sample=sample, parameter__code="BOD5")
    assert again.rule == before and again.limit_set_name == "B"
    judgement = judge_text(again.as_rule(), "55", sample.coefficient, "mg/L")
    assert judgement.as_dict() == {"verdict": "pass", "limit": "60", "class": None}


def test_a_graded_set_is_frozen_with_its_classes(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager, "pH", "COD", matrix=Matrix.objects.get(code="surface-water"))
    services.apply_regulation(
        actor=manager, sample=sample, limit_set=_limit_set("QCVN 08:2023/BTNMT", "Bảng 2")
    )
    cod = SampleLimit.objects.get(sample=sample, parameter__code="COD")
    assert judge_text(cod.as_rule(), "12").as_dict() == {"verdict": "graded", "limit": "15", "class": "B"}


def test_applying_again_replaces_the_copy_and_a_superseded_regulation_warns(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager, "pH", "BOD5")
    services.apply_regulation(actor=manager, sample=sample, limit_set=_limit_set(name="A"))
    sample = services.apply_regulation(actor=manager, sample=sample, limit_set=_limit_set(name="B"))
    assert set(SampleLimit.objects.filter(sample=sample).values_list("limit_set_name", flat=True)) == {"B"}
    regulation = Regulation.objects.get(code="QCVN 14:2008/BTNMT")
    newer = regulation.superseded_by  # shipped as superseded (QCVN 14:2025/BTNMT)
    Regulation.objects.filter(pk=regulation.pk).update(superseded_by=None)
    assert not Sample.objects.get(pk=sample.pk).applied_regulation_superseded
    if newer is None:
        newer = Regulation.objects.create(
            code="QCVN 99:2099/TEST", title="Mới", issuing_body="Bộ", source="x", confidence="L"
        )
    Regulation.objects.filter(pk=regulation.pk).update(superseded_by=newer)
    assert Sample.objects.get(pk=sample.pk).applied_regulation_superseded


def test_a_coefficient_for_a_set_without_one_is_refused(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager, "pH", "COD", matrix=Matrix.objects.get(code="surface-water"))
    with pytest.raises(ValidationError):
        services.apply_regulation(
            actor=manager, sample=sample, limit_set=_limit_set("QCVN 08:2023/BTNMT", "Bảng 2"), k="1.5"
        )
    with pytest.raises(ValidationError):
        services.apply_regulation(actor=manager, sample=sample, limit_set=_limit_set(), k="-1")


def test_the_regulation_is_not_applied_after_verification_or_by_a_cooperative(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager)
    with pytest.raises(DomainError) as caught:
        services.apply_regulation(
            actor=make_persona("cooperative_rep"), sample=sample, limit_set=_limit_set()
        )
    assert caught.value.code == "forbidden"
    Sample.objects.filter(pk=sample.pk).update(
        state=SampleState.RESULTS_VERIFIED, received_at=timezone.now(), received_by=manager
    )
    with pytest.raises(DomainError) as caught:
        services.apply_regulation(actor=manager, sample=sample, limit_set=_limit_set())
    assert caught.value.code == "state"


# ------------------------------------------------------------------------------------------------ cancelling


def test_cancelling_needs_a_reason_a_registrar_and_an_open_sample(make_persona):
    manager = make_persona("lab_manager")
    sample = register(manager)
    with pytest.raises(ValidationError):
        services.cancel_sample(actor=manager, sample=sample, reason=" ")
    for persona in ("lab_analyst", "cooperative_rep"):
        with pytest.raises(DomainError, match="không có quyền"):
            services.cancel_sample(actor=make_persona(persona), sample=sample, reason="x")
    sample = services.cancel_sample(actor=manager, sample=sample, reason="Hợp tác xã hủy đơn")
    assert sample.state == SampleState.CANCELLED and sample.cancel_reason == "Hợp tác xã hủy đơn"
    with pytest.raises(DomainError) as caught:
        services.cancel_sample(actor=manager, sample=sample, reason="lần hai")
    assert caught.value.code == "state"


# ------------------------------------------------------------------------------------------------ who sees


def test_an_expert_sees_the_samples_of_requests_assigned_to_them_or_their_unit(make_persona):
    manager, expert = make_persona("lab_manager"), make_persona("institute_expert")
    rep, leader = make_persona("cooperative_rep"), make_persona("institute_leader")
    quality = {"category": Category.QUALITY_TESTING, "created_by": rep}
    mine = request_in(State.ASSIGNED, assignee=expert, **quality)
    ours = request_in(State.ASSIGNED, assignee=leader, assignee_unit=expert.unit, **quality)
    theirs = request_in(State.ASSIGNED, assignee=leader, **quality)
    samples = [register(manager, support_request=r) for r in (mine, ours, theirs)]
    visible = set(restrict(Sample.objects.all(), expert, VIEW))
    assert visible == ({samples[0], samples[1]} if expert.unit_id else {samples[0]})
    assert not restrict(Sample.objects.all(), expert, "change").exists()


def test_a_cooperative_sees_only_its_own_samples(make_persona):
    manager = make_persona("lab_manager")
    own = register(manager)
    other = register(manager, coop=cooperative(OTHER_TAX_CODE))
    rep = make_persona("cooperative_rep")
    assert list(restrict(Sample.objects.all(), rep, VIEW)) == [own]
    assert not restrict(Sample.objects.all(), rep, "change").exists()
    for persona in ("lab_analyst", "institute_leader", "system_admin"):
        assert set(restrict(Sample.objects.all(), make_persona(persona), VIEW)) == {own, other}
    # An expert sees the samples of the requests assigned to them or their unit, not every cooperative's.
    for persona in ("coordinator_daklak", "alliance_planner", "institute_expert", "outsider"):
        assert not restrict(Sample.objects.all(), make_persona(persona), VIEW).exists()
    parameters = restrict(own.parameters.model.objects.all(), rep, VIEW)
    assert {p.sample_id for p in parameters} == {own.pk}
