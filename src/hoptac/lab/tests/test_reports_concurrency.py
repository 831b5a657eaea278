"""Report numbers stay unique and gap-free when reports are issued at once (real threads and connections), and a
sample is issued once however many times the button is pressed."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from hoptac.core.testing.concurrency import race
from hoptac.lab import reports
from hoptac.lab.models import TestReport

from .report_builders import verified_sample


@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_and_gap_free_under_concurrent_issuing(make_persona, shipped_lab_data):
    manager = make_persona("lab_manager")
    samples = [verified_sample(make_persona) for _ in range(4)]
    outcomes = race(*[lambda s=s: reports.issue_report(actor=manager, sample=s) for s in samples])
    assert [kind for kind, _ in outcomes] == ["ok"] * 4, outcomes
    year = timezone.localdate().year
    assert sorted(TestReport.objects.values_list("number", flat=True)) == [
        f"KQ-{year}-{n:05d}" for n in range(1, 5)
    ]
    assert TestReport.objects.values("verification_code").distinct().count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_double_press_issues_one_report(make_persona, shipped_lab_data):
    manager = make_persona("lab_manager")
    sample = verified_sample(make_persona)
    outcomes = race(*[lambda: reports.issue_report(actor=manager, sample=sample)] * 2)
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refusal = next(message for kind, message in outcomes if kind == "refused")
    assert "Đã trả kết quả" in refusal
    assert TestReport.objects.filter(sample=sample).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_issue_leaves_no_gap(make_persona, shipped_lab_data):
    manager = make_persona("lab_manager")
    first, second = verified_sample(make_persona), verified_sample(make_persona)
    with pytest.raises(RuntimeError), transaction.atomic():
        reports.issue_report(actor=manager, sample=first)
        raise RuntimeError("the page failed after issuing")
    assert not TestReport.objects.exists()
    assert (
        reports.issue_report(actor=manager, sample=second).number == f"KQ-{timezone.localdate().year}-00001"
    )
