"""The lab demo: a month of samples in every state, written by the real services, loaded once."""

from __future__ import annotations

import datetime
import io
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from hoptac.accounts.models import RoleAssignment
from hoptac.lab import demo, judging
from hoptac.lab.choices import PaymentStatus, ResultStatus, SampleState
from hoptac.lab.models import Package, Result, Sample, SampleLimit, TestReport


def _load() -> str:
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_loads_a_month_of_samples_in_every_state_once():
    started = timezone.now()
    out = _load()
    samples = Sample.objects.all()
    counts = Counter(samples.values_list("state", flat=True))
    assert 60 <= sum(counts.values()) <= 120
    assert set(counts) == set(SampleState.values)  # every state
    assert "Mẫu thử nghiệm:" in out and "Đã trả kết quả: " in out
    assert "phantich" in out and "kiemnghiem" in out and "soatxet" in out and "truongphongtn" in out

    # Registered over the last 30 days, in code order; custody kept for everything past registration.
    first = started - datetime.timedelta(days=31)
    registered = list(samples.order_by("code").values_list("registered_at", flat=True))
    assert registered == sorted(registered) and first <= registered[0] and registered[-1] <= started
    assert all(re.fullmatch(r"MT-\d{4}-\d{5}", code) for code in samples.values_list("code", flat=True))
    received = samples.exclude(state__in=[SampleState.REGISTERED, SampleState.CANCELLED])
    assert not received.filter(received_at__isnull=True).exists()
    assert all(s.received_at >= s.registered_at and s.due_date is not None for s in received)
    assert all(s.sampled_at is None or s.sampled_at <= s.received_at for s in received)

    # Regulations applied and frozen: QCVN 14:2008 B with K = 1.2 for wastewater, 08:2023 and 01-1:2018.
    applied = Counter(samples.values_list("regulation_code", "coefficient"))
    assert applied[("QCVN 14:2008/BTNMT", Decimal("1.2"))] > 0
    assert {code for code, _k in applied} == {
        "QCVN 14:2008/BTNMT",
        "QCVN 08:2023/BTNMT",
        "QCVN 01-1:2018/BYT",
    }
    assert SampleLimit.objects.filter(sample__in=samples).count() > 5 * samples.count()
    assert samples.exclude(support_request=None).exists()
    represented = RoleAssignment.objects.filter(role__code="cooperative_representative").values_list(
        "scope_id", flat=True
    )
    for cooperative in represented:  # a representative's own view has a report and work under way
        assert samples.filter(cooperative_id=cooperative, state=SampleState.REPORTED).exists()
        assert samples.filter(cooperative_id=cooperative, state=SampleState.IN_ANALYSIS).exists()
    assert Package.objects.filter(name="Nước thải sinh hoạt cơ bản").exists()

    # Results: four eyes, a returned one, the analyst's spellings, some exceedances.
    results = Result.objects.all()
    assert not results.filter(reviewer_id=F("analyst_id")).exists()
    assert results.filter(status=ResultStatus.RETURNED).exists()
    assert results.filter(status=ResultStatus.ENTERED).exists()
    raw = set(results.values_list("raw_value", flat=True))
    assert "KPH" in raw and any(v.startswith("<") for v in raw) and any("," in v for v in raw)
    assert len(set(results.values_list("analyst", flat=True))) == 2

    # Reports: one per reported sample, each with its PDF; one amended (version 2, the first superseded).
    reported = samples.filter(state=SampleState.REPORTED)
    reports = TestReport.objects.filter(sample__in=reported)
    assert set(reports.values_list("sample", flat=True)) == set(reported.values_list("pk", flat=True))
    assert all(pdf.startswith(b"%PDF") for pdf in reports.values_list("pdf", flat=True))
    amended = reports.get(version=2)
    assert amended.amends.number == amended.number and amended.amendment_reason
    assert reports.filter(overall_verdict="not_compliant").exists()
    assert (
        reported.filter(payment_status__in=[PaymentStatus.PAID, PaymentStatus.WAIVED]).count()
        == reported.count()
    )

    # Running the command again adds nothing.
    before = (
        Sample.objects.count(),
        Result.objects.count(),
        TestReport.objects.count(),
        Package.objects.count(),
    )
    again = _load()
    assert (
        Sample.objects.count(),
        Result.objects.count(),
        TestReport.objects.count(),
        Package.objects.count(),
    ) == before
    assert "(mới nạp 0)" in again.split("Mẫu thử nghiệm:")[1].splitlines()[0]


@pytest.mark.parametrize("kind", sorted(demo.KINDS))
@pytest.mark.parametrize("bad", [False, True])
def test_every_demo_value_is_one_an_analyst_could_type(kind, bad):
    rng = random.Random(1)
    package = next(p for p in demo.PACKAGES if p[0] == demo.KINDS[kind][0])
    for _ in range(50):
        for code in package[3]:
            raw, _unit, _uncertainty = demo._value(rng, code, kind, bad)
            judging.parse_value(raw)  # never refused


def test_the_plan_places_are_unique_points():
    places = [template for templates in demo.PLACES.values() for template in templates]
    assert len(places) == len(set(places))
    assert sum(count for _variant, count, _ages in demo.QUOTAS) in range(60, 121)
