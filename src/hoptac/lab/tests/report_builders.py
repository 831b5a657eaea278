"""Samples brought to "results verified" through the real services, for the report tests and the role matrix."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hoptac.lab import services
from hoptac.lab.models import LimitSet, Matrix, Parameter, Sample
from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

# QCVN 14:2008/BTNMT column B with K = 1.2: BOD5 ≤ 60 (50 × 1.2, K applies), pH 5–9 (K does not apply).
DEFAULT_VALUES = {"pH": "7,2", "BOD5": "55"}


def verified_sample(
    make_persona,
    values: dict[str, str] | None = None,
    *,
    coop=None,
    matrix: str = "domestic-wastewater",
    regulation: tuple[str, str] | None = ("QCVN 14:2008/BTNMT", "B"),
    k: str = "1.2",
    uncertainty: str = "",
) -> Sample:
    """A sample of ``coop`` (the representative's own by default) with ``values`` entered by the analyst persona
    and verified by the reviewer persona, judged against ``regulation`` with coefficient ``k``."""
    values = dict(DEFAULT_VALUES if values is None else values)
    manager = make_persona("lab_manager")
    analyst, reviewer = make_persona("lab_analyst"), make_persona("lab_reviewer")
    now = timezone.now()
    sample = services.register_sample(
        actor=manager,
        cooperative=coop or cooperative(OWN_TAX_CODE),
        matrix=Matrix.objects.get(code=matrix),
        parameters=[Parameter.objects.get(code=code) for code in values],
        sampling_place="Cửa xả bể tự hoại, trại heo Ea Tu",
        sampled_at=now - datetime.timedelta(hours=3),
        sampler="Nguyễn Văn Lấy",
    )
    services.receive_sample(
        actor=analyst, sample=sample, condition="intact", received_at=now - datetime.timedelta(hours=1)
    )
    if regulation is not None:
        limit_set = LimitSet.objects.get(regulation__code=regulation[0], name=regulation[1])
        services.apply_regulation(actor=manager, sample=sample, limit_set=limit_set, k=k)
    results = [
        services.enter_result(
            actor=analyst,
            sample_parameter=sample.parameters.get(parameter__code=code),
            value=value,
            uncertainty=uncertainty,
        )
        for code, value in values.items()
    ]
    for result in results:
        services.verify_result(actor=reviewer, result=result)
    return Sample.objects.get(pk=sample.pk)


def reported_sample(make_persona, values: dict[str, str] | None = None, **options):
    """A sample with its first report issued by the lab manager persona: (sample, report)."""
    from hoptac.lab import reports

    sample = verified_sample(make_persona, values, **options)
    report = reports.issue_report(actor=make_persona("lab_manager"), sample=sample)
    return Sample.objects.get(pk=sample.pk), report
