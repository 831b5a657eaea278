"""Report screens: issuing and amending from the sample page, the stored PDF per the policy, the label, and the
public verification page that shows the fact of issue and nothing more."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from hoptac.core.testing.queries import count_queries
from hoptac.documents.tests.test_engine import squash
from hoptac.lab import reports
from hoptac.lab.choices import ResultStatus, SampleState
from hoptac.lab.models import Result, Sample, TestReport
from hoptac.registry.tests.personas import OTHER_TAX_CODE, cooperative

from .report_builders import reported_sample, verified_sample

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# ------------------------------------------------------------------------------------------------ issue / amend


def test_the_manager_issues_from_the_sample_page(client_as, make_persona):
    sample = verified_sample(make_persona)
    response = client_as("lab_manager").post(reverse("lab:report_issue", args=[sample.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("lab:sample_detail", args=[sample.pk])
    report = TestReport.objects.get(sample=sample)
    assert _messages(response) == [f"Đã ban hành phiếu kết quả {report.number} (lần 1)."]
    assert Sample.objects.get(pk=sample.pk).state == SampleState.REPORTED


def test_issuing_twice_is_refused_in_words_and_changes_nothing(client_as, make_persona):
    sample, _report = reported_sample(make_persona)
    response = client_as("lab_manager").post(reverse("lab:report_issue", args=[sample.pk]))
    assert response.status_code == 302
    assert "Đã trả kết quả" in _messages(response)[0]
    assert TestReport.objects.filter(sample=sample).count() == 1


def test_others_who_see_the_sample_are_refused_in_words(client_as, make_persona):
    sample = verified_sample(make_persona)
    for persona in ("lab_reviewer", "cooperative_rep"):
        response = client_as(persona).post(reverse("lab:report_issue", args=[sample.pk]))
        assert response.status_code == 403
        assert "Chỉ trưởng phòng thí nghiệm" in response.content.decode()
    assert (
        client_as("coordinator_camau").post(reverse("lab:report_issue", args=[sample.pk])).status_code == 404
    )
    assert client_as("lab_manager").get(reverse("lab:report_issue", args=[sample.pk])).status_code == 405
    assert not TestReport.objects.filter(sample=sample).exists()


def test_starting_an_amendment_reopens_the_chosen_results(client_as, make_persona):
    sample, _report = reported_sample(make_persona)
    bod = Result.objects.get(sample_parameter__sample=sample, sample_parameter__parameter__code="BOD5")
    response = client_as("lab_manager").post(
        reverse("lab:amendment_start", args=[sample.pk]), {"reason": "Sai kết quả BOD5", "reopen": [bod.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("lab:sample_detail", args=[sample.pk])
    bod.refresh_from_db()
    assert bod.status == ResultStatus.RETURNED
    assert Sample.objects.get(pk=sample.pk).state == SampleState.IN_ANALYSIS


def test_an_amendment_without_a_reason_keeps_what_was_chosen(client_as, make_persona):
    sample, _report = reported_sample(make_persona)
    bod = Result.objects.get(sample_parameter__sample=sample, sample_parameter__parameter__code="BOD5")
    response = client_as("lab_manager").post(
        reverse("lab:amendment_start", args=[sample.pk]), {"reason": "  ", "reopen": [bod.pk]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trường này là bắt buộc" in page or "bắt buộc" in page
    assert f'value="{bod.pk}"' in page and "checked" in page
    assert Sample.objects.get(pk=sample.pk).state == SampleState.REPORTED


def test_the_reports_panel_lists_versions_and_offers_what_the_user_may_do(make_persona):
    manager, rep = make_persona("lab_manager"), make_persona("cooperative_rep")
    sample = verified_sample(make_persona)
    context = reports.panel_context(manager, sample)
    assert context["reports_may_issue"] and not context["reports_may_amend"]
    assert context["reports_versions"] == []
    html = render_to_string("lab/_reports_panel.html", context)
    assert reverse("lab:report_issue", args=[sample.pk]) in html
    first = reports.issue_report(actor=manager, sample=sample)
    sample = reports.start_amendment(actor=manager, sample=Sample.objects.get(pk=sample.pk), reason="Sai")
    second = reports.issue_report(actor=manager, sample=sample)
    sample = Sample.objects.get(pk=sample.pk)

    context = reports.panel_context(manager, sample)
    assert [r.pk for r in context["reports_versions"]] == [second.pk, first.pk]
    assert context["reports_may_amend"] and not context["reports_may_issue"]
    assert set(context["reports_amendment_form"].fields["reopen"].queryset) == set(
        Result.objects.filter(sample_parameter__sample=sample)
    )
    html = render_to_string("lab/_reports_panel.html", context)
    assert "Hiện hành" in html and "Đã được thay thế bởi lần 2" in html
    assert reverse("lab:report_pdf", args=[first.pk]) in html
    assert reverse("lab:amendment_start", args=[sample.pk]) in html
    # Neither the PDF nor the content is loaded for the list.
    deferred = context["reports_versions"][0].get_deferred_fields()
    assert {"pdf", "content"} <= deferred

    rep_context = reports.panel_context(rep, sample)
    assert not rep_context["reports_may_amend"] and rep_context["reports_amendment_form"] is None
    assert len(rep_context["reports_versions"]) == 2
    other = reports.panel_context(make_persona("coordinator_camau"), sample)
    assert other["reports_versions"] == []


def test_the_panel_reads_its_versions_in_constant_queries(make_persona):
    manager = make_persona("lab_manager")
    sample, _report = reported_sample(make_persona)
    one, _ = count_queries(lambda: reports.panel_context(manager, sample))
    for reason in ("Sai một", "Sai hai", "Sai ba"):
        sample = reports.start_amendment(
            actor=manager, sample=Sample.objects.get(pk=sample.pk), reason=reason
        )
        reports.issue_report(actor=manager, sample=sample)
    sample = Sample.objects.get(pk=sample.pk)
    four, statements = count_queries(lambda: reports.panel_context(manager, sample))
    assert one == four, statements


# ------------------------------------------------------------------------------------------------ the PDF


def test_the_pdf_is_served_as_issued_with_its_number(client_as, make_persona):
    _sample, report = reported_sample(make_persona)
    response = client_as("cooperative_rep").get(reverse("lab:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(report.pdf)
    assert f'filename="{report.number}-lan-1.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_another_cooperatives_report_is_not_found(client_as, make_persona):
    _sample, report = reported_sample(make_persona, coop=cooperative(OTHER_TAX_CODE))
    for persona in (
        "cooperative_rep",
        "coordinator_daklak",
        "alliance_viewer",
        "institute_expert",
        "outsider",
    ):
        assert client_as(persona).get(reverse("lab:report_pdf", args=[report.pk])).status_code == 404
    assert client_as("institute_leader").get(reverse("lab:report_pdf", args=[report.pk])).status_code == 200


def test_a_superseded_version_stays_downloadable(client_as, make_persona):
    manager = make_persona("lab_manager")
    sample, first = reported_sample(make_persona)
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    reports.issue_report(actor=manager, sample=sample)
    response = client_as("cooperative_rep").get(reverse("lab:report_pdf", args=[first.pk]))
    assert response.status_code == 200 and response.content == bytes(first.pdf)


def test_the_pdf_view_costs_a_fixed_number_of_queries(make_persona):
    _sample, report = reported_sample(make_persona)
    client = Client()
    client.force_login(make_persona("cooperative_rep"))
    url = reverse("lab:report_pdf", args=[report.pk])
    client.get(url)  # the session's first request may record the second-factor state
    count, statements = count_queries(lambda: client.get(url))
    assert count <= 4, "\n".join(statements)  # session, user, roles, the report (with its bytes)


# ------------------------------------------------------------------------------------------------ verification


def _amended(make_persona):
    manager = make_persona("lab_manager")
    sample, first = reported_sample(make_persona, {"pH": "7,2", "BOD5": "57,3"})
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    second = reports.issue_report(actor=manager, sample=sample)
    return sample, first, second


def test_anyone_logged_out_sees_that_the_report_was_issued_and_nothing_more(make_persona):
    sample, report = reported_sample(make_persona, {"pH": "7,2", "BOD5": "57,3"})
    response = Client().get(reverse("lab:report_verify", args=[report.verification_code]))
    assert response.status_code == 200
    page = response.content.decode()
    facts = squash(page)
    for shown in (report.number, report.issue_date.strftime("%d/%m/%Y"), sample.code, "Đạt", "Hiện hành"):
        assert squash(shown) in facts, shown
    assert 'data-testid="verify-current"' in page
    coop = sample.cooperative
    for hidden in (
        coop.name,
        coop.tax_code,
        "57,3",
        "7,2",
        "BOD5",
        "Nhu cầu ôxy",
        "Cửa xả",
        "Nguyễn Văn Lấy",
        "Đỗ Thị Kiểm",
        "Vũ Thị Phòng",
        "QCVN",
    ):
        assert hidden not in page, hidden
    assert response["X-Robots-Tag"] == "noindex"


def test_codes_are_matched_without_case_or_dashes(make_persona):
    _sample, report = reported_sample(make_persona)
    typed = report.verification_code.replace("-", "").lower()
    response = Client().get(reverse("lab:report_verify", args=[typed]))
    assert response.status_code == 200 and report.number in response.content.decode()


def test_the_form_sends_the_typed_code_to_its_page(make_persona):
    client = Client()
    assert client.get(reverse("lab:report_verify_form")).status_code == 200
    response = client.get(reverse("lab:report_verify_form"), {"ma": " 7kq4 m2xd-p9ht "})
    assert response.status_code == 302
    assert response["Location"] == reverse("lab:report_verify", args=["7KQ4-M2XD-P9HT"])
    # What cannot be a code (a slash would not even fit the address) gets the unknown-code answer.
    assert client.get(reverse("lab:report_verify_form"), {"ma": "ab/cd"}).status_code == 404


def test_a_superseded_report_says_which_version_replaced_it(make_persona):
    _sample, first, second = _amended(make_persona)
    page = Client().get(reverse("lab:report_verify", args=[first.verification_code])).content.decode()
    assert 'data-testid="verify-superseded"' in page
    assert "thay thế bởi lần ban hành 2" in page and "Hiện hành" not in page
    current = Client().get(reverse("lab:report_verify", args=[second.verification_code])).content.decode()
    assert 'data-testid="verify-current"' in current and "Hiện hành" in current


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ", "not-a-code", "0000-0000-0000"])
def test_an_unknown_code_is_a_404_that_reveals_nothing(make_persona, code):
    _sample, report = reported_sample(make_persona)
    url = reverse("lab:report_verify", args=[code])
    response = Client().get(url)
    assert response.status_code == 404
    # The language switch posts back to the address typed; the page itself never repeats the code.
    page = response.content.decode().replace(f'value="{url}"', "")
    assert "Không tìm thấy phiếu kết quả" in page
    assert report.number not in page and code not in page and "KQ-" not in page


def test_guessing_is_slowed_down_per_address(make_persona):
    _sample, report = reported_sample(make_persona)
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(reports.VERIFY_FAILURES_ALLOWED):
        assert client.get(reverse("lab:report_verify", args=["ZZZZ-ZZZZ-ZZZZ"])).status_code == 404
    blocked = client.get(reverse("lab:report_verify", args=[report.verification_code]))
    assert blocked.status_code == 429 and report.number not in blocked.content.decode()
    other = Client(REMOTE_ADDR="203.0.113.8").get(
        reverse("lab:report_verify", args=[report.verification_code])
    )
    assert other.status_code == 200


def test_the_throttle_is_shared_by_every_process_and_forgets_past_windows(make_persona):
    import datetime

    from django.utils import timezone

    from hoptac.lab.models import VerificationThrottle

    for _ in range(reports.VERIFY_FAILURES_ALLOWED):
        reports.verification_failed(
            "198.51.100.4"
        )  # as if from other app servers: the count is in the database
    assert reports.verification_throttled("198.51.100.4")
    assert (
        VerificationThrottle.objects.get(address="198.51.100.4").failures == reports.VERIFY_FAILURES_ALLOWED
    )
    later = timezone.now() + datetime.timedelta(seconds=reports.VERIFY_WINDOW_SECONDS + 1)
    assert reports.purge_verification_throttle(later) == 1
    assert not reports.verification_throttled("198.51.100.4")
    VerificationThrottle.objects.create(
        address="198.51.100.5",
        window_start=timezone.now() - datetime.timedelta(seconds=reports.VERIFY_WINDOW_SECONDS + 1),
        failures=reports.VERIFY_FAILURES_ALLOWED,
    )
    assert not reports.verification_throttled("198.51.100.5")  # a past window no longer blocks
    reports.verification_failed("198.51.100.5")
    assert VerificationThrottle.objects.get(address="198.51.100.5").failures == 1  # a new window begins


def test_the_verification_page_costs_two_queries(make_persona):
    _sample, report = reported_sample(make_persona)
    url = reverse("lab:report_verify", args=[report.verification_code])
    anonymous = Client()
    count, statements = count_queries(lambda: anonymous.get(url))
    assert count == 2, "\n".join(statements)  # the address's throttle, the report
    _, first, _second = _amended(make_persona)
    superseded_url = reverse("lab:report_verify", args=[first.verification_code])
    count, statements = count_queries(lambda: anonymous.get(superseded_url))
    assert count == 2, "\n".join(statements)
