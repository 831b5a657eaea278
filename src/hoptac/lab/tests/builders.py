"""Samples in any state, built through the services (the screens' tests start from a state, not a journey)."""

from __future__ import annotations

from hoptac.registry.tests.personas import OTHER_TAX_CODE, OWN_TAX_CODE, cooperative

from .. import services
from ..models import LimitSet, Matrix, Parameter, Sample

WASTEWATER = "domestic-wastewater"


def daklak_cooperative():
    return cooperative(OWN_TAX_CODE)


def camau_cooperative():
    return cooperative(OTHER_TAX_CODE)


def limit_set(code="QCVN 14:2008/BTNMT", name="B"):
    return LimitSet.objects.get(regulation__code=code, name=name)


def registered(manager, *codes, coop=None, matrix=WASTEWATER, **kwargs) -> Sample:
    kwargs.setdefault("sampling_place", "Cửa xả bể tự hoại, trại heo")
    return services.register_sample(
        actor=manager,
        cooperative=coop or daklak_cooperative(),
        matrix=Matrix.objects.get(code=matrix),
        parameters=[Parameter.objects.get(code=c) for c in (codes or ("pH", "BOD5"))],
        **kwargs,
    )


def received(manager, *codes, k="1", regulation=True, **kwargs) -> Sample:
    sample = registered(manager, *codes, **kwargs)
    sample = services.receive_sample(actor=manager, sample=sample, condition="intact")
    if regulation:
        sample = services.apply_regulation(actor=manager, sample=sample, limit_set=limit_set(), k=k)
    return sample


def sample_parameter(sample, code):
    return sample.parameters.select_related("parameter").get(parameter__code=code)


def with_results(manager, analyst, values: dict[str, str], **kwargs) -> Sample:
    """Received, regulation applied, and the given results entered (not reviewed)."""
    sample = received(manager, *values, **kwargs)
    for code, value in values.items():
        services.enter_result(actor=analyst, sample_parameter=sample_parameter(sample, code), value=value)
    return Sample.objects.get(pk=sample.pk)


def verified(manager, analyst, reviewer, values: dict[str, str], **kwargs) -> Sample:
    sample = with_results(manager, analyst, values, **kwargs)
    for code in values:
        services.verify_result(actor=reviewer, result=sample_parameter(sample, code).result)
    return Sample.objects.get(pk=sample.pk)
