"""The sample page says what the report says: the frozen limit with K before and after a result, the class of a
graded set as the report words it, and a graded sample never called "Đạt" (review of 27/11/2026)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from .. import services, verdicts
from ..models import LimitSet, Sample
from ..selectors import compliance_of, sample_parameter_rows
from .builders import received, sample_parameter

pytestmark = pytest.mark.django_db


def _page(client, sample) -> str:
    response = client.get(reverse("lab:sample_detail", args=[sample.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _graded(manager):
    sample = received(manager, "COD", "BOD5", matrix="surface-water", regulation=False)
    bang2 = LimitSet.objects.get(regulation__code="QCVN 08:2023/BTNMT", name="Bảng 2")
    return services.apply_regulation(actor=manager, sample=sample, limit_set=bang2)


def test_the_limit_shown_carries_k_before_a_result_and_does_not_change_after_it(make_persona):
    manager, analyst = make_persona("lab_manager"), make_persona("lab_analyst")
    sample = received(manager, "pH", "BOD5", k="1.2")
    before = {row.parameter.code: row.limit_text for row in sample_parameter_rows(sample)}
    assert before == {"pH": "5–9", "BOD5": "≤ 60"}  # K applies to BOD5, never to pH; the report's writing
    services.enter_result(actor=analyst, sample_parameter=sample_parameter(sample, "BOD5"), value="40")
    after = {row.parameter.code: row.limit_text for row in sample_parameter_rows(sample)}
    assert after == before


def test_a_cooperative_cannot_read_a_class_from_the_limit_column_before_the_report(client_as, make_persona):
    manager, analyst = make_persona("lab_manager"), make_persona("lab_analyst")
    sample = _graded(manager)
    blank = _page(client_as("cooperative_rep"), sample)
    services.enter_result(actor=analyst, sample_parameter=sample_parameter(sample, "COD"), value="12")
    entered = _page(client_as("cooperative_rep"), sample)
    table = lambda page: page.split('data-testid="results"')[1].split("</table>")[0]  # noqa: E731
    assert table(entered) == table(blank)  # a result in hand changes nothing the cooperative sees
    assert "Hạng B" not in entered


def test_a_graded_sample_is_graded_not_compliant_in_the_reports_words(client_as, make_persona):
    manager, analyst = make_persona("lab_manager"), make_persona("lab_analyst")
    sample = _graded(manager)
    for code, value in {"COD": "500", "BOD5": "3"}.items():  # COD far into class D
        services.enter_result(actor=analyst, sample_parameter=sample_parameter(sample, code), value=value)
    sample = Sample.objects.get(pk=sample.pk)
    rows = sample_parameter_rows(sample)
    assert services.sample_compliance(sample) == compliance_of(sample, rows) == verdicts.GRADED
    labels = {row.parameter.code: row.verdict_label for row in rows}
    assert labels["COD"].startswith("Hạng ") and labels["BOD5"] == "Hạng A"
    page = _page(client_as("institute_leader"), sample)
    overall = page.split('data-testid="overall"')[1].split("</p>")[0]
    assert "Đã phân hạng chất lượng" in overall and "Đạt" not in overall


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], verdicts.COMPLIANT),
        (["pass", "pass"], verdicts.COMPLIANT),
        (["pass", "graded"], verdicts.GRADED),
        (["graded", None], verdicts.UNDETERMINED),  # a limited parameter without a result
        (["graded", "undetermined"], verdicts.UNDETERMINED),
        (["graded", "below_minimum"], verdicts.NOT_COMPLIANT),
        (["exceed", "undetermined"], verdicts.NOT_COMPLIANT),
    ],
)
def test_the_one_overall_rule(values, expected):
    assert verdicts.overall(values, judged=True) == expected
    assert verdicts.overall(values, judged=False) == ""


def test_below_a_range_is_a_failure_in_words_not_only_a_minimum():
    from ..judging import BELOW_MINIMUM, EXCEED, Judgement

    assert verdicts.verdict_label(Judgement(EXCEED, "≤ 60", None)) == "Không đạt"
    assert verdicts.verdict_label(Judgement(BELOW_MINIMUM, "5-9", None)).startswith("Không đạt")
    assert verdicts.verdict_label(None) == "—"
