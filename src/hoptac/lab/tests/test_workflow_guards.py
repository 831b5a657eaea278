"""Holes the review found in the lab's workflow, closed in the services: a reviewer verifies only the value their
page showed (four eyes), a reported sample is never cancelled, the regulation is not changed under verified
results (and not by an analyst), a sample comes only from a support request whose work was accepted, and an
amendment started by mistake is abandoned only while nothing changed."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoptac.core.errors import DomainError
from hoptac.lab import reports, services
from hoptac.lab.choices import ResultStatus, SampleState
from hoptac.lab.models import Result, Sample
from hoptac.support.choices import Category, State
from hoptac.support.tests.factories import request_in

from .builders import limit_set, received, sample_parameter, with_results
from .report_builders import reported_sample

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _detail(sample) -> str:
    return reverse("lab:sample_detail", args=[sample.pk])


def _shown_entered_at(page: str, testid: str) -> str:
    """The hidden ``entered_at`` of the form ``data-testid=testid`` on the page, as the browser would post it."""
    found = re.search(rf'data-testid="{testid}">.*?name="entered_at" value="([^"]+)"', page, re.DOTALL)
    assert found, testid
    return found.group(1)


def _result(sample, code) -> Result:
    return Result.objects.get(sample_parameter__sample=sample, sample_parameter__parameter__code=code)


# ------------------------------------------------------------------------------------------------ 1. four eyes


def test_a_value_entered_again_after_the_reviewer_saw_it_is_not_verified(manager, analyst, reviewer):
    sample = with_results(manager, analyst, {"BOD5": "10"})
    seen = _result(sample, "BOD5").entered_at  # the reviewer's page shows 10
    services.enter_result(actor=analyst, sample_parameter=sample_parameter(sample, "BOD5"), value="100")
    for action in (
        lambda: services.verify_result(actor=reviewer, result=_result(sample, "BOD5"), seen_entered_at=seen),
        lambda: services.return_result(
            actor=reviewer, result=_result(sample, "BOD5"), reason="Xem lại", seen_entered_at=seen
        ),
    ):
        with pytest.raises(DomainError) as caught:
            action()
        assert caught.value.code == "stale"
        assert "Kết quả vừa được nhập lại; hãy xem giá trị mới trước khi soát xét." in str(
            caught.value.message
        )
    result = _result(sample, "BOD5")
    assert (result.raw_value, result.status, result.reviewer) == ("100", ResultStatus.ENTERED, None)
    # Seen again (as datetime or as the ISO text a form posts): verified.
    fresh = result.entered_at
    done = services.verify_result(actor=reviewer, result=result, seen_entered_at=fresh.isoformat())
    assert (done.status, done.raw_value, done.reviewer) == (ResultStatus.VERIFIED, "100", reviewer)


@pytest.mark.parametrize("posted", ["", "  ", "hôm qua", "2026-11-27T10:00:00"])  # last: no time zone
def test_a_review_that_does_not_say_what_it_saw_is_refused(manager, analyst, reviewer, posted):
    sample = with_results(manager, analyst, {"pH": "7"})
    with pytest.raises(DomainError) as caught:
        services.verify_result(actor=reviewer, result=_result(sample, "pH"), seen_entered_at=posted)
    assert caught.value.code == "stale"
    assert _result(sample, "pH").status == ResultStatus.ENTERED


def test_callers_that_show_nothing_may_leave_the_check_out(manager, analyst, reviewer):
    """The demo and scripts verify what they just entered: None skips the check (the screens never pass None)."""
    sample = with_results(manager, analyst, {"pH": "7"})
    assert (
        services.verify_result(actor=reviewer, result=_result(sample, "pH")).status == ResultStatus.VERIFIED
    )


def test_the_race_on_the_sample_page_the_analyst_enters_again_between_load_and_verify(
    client_as, manager, analyst, reviewer
):
    sample = with_results(manager, analyst, {"pH": "7", "BOD5": "10"})
    client = client_as("lab_reviewer")
    page = _text(client.get(_detail(sample)))
    shown = _shown_entered_at(page, "verify-BOD5")
    assert _shown_entered_at(page, "return-BOD5") == shown
    bod = sample_parameter(sample, "BOD5")
    # The analyst enters 100 while the reviewer looks at 10.
    services.enter_result(actor=analyst, sample_parameter=bod, value="100")
    response = client.post(reverse("lab:result_verify", args=[sample.pk, bod.pk]), {"entered_at": shown})
    assert response.status_code == 409
    assert "Kết quả vừa được nhập lại; hãy xem giá trị mới trước khi soát xét." in _text(response)
    assert _result(sample, "BOD5").status == ResultStatus.ENTERED
    returned = client.post(
        reverse("lab:result_return", args=[sample.pk, bod.pk]), {"entered_at": shown, "reason": "Sai"}
    )
    assert returned.status_code == 409 and _result(sample, "BOD5").status == ResultStatus.ENTERED
    # The refusal page shows the new value and its new entry time: verifying from it works.
    again = _shown_entered_at(_text(response), "verify-BOD5")
    assert again != shown and "100" in _text(response)
    done = client.post(reverse("lab:result_verify", args=[sample.pk, bod.pk]), {"entered_at": again})
    assert done.status_code == 302
    result = _result(sample, "BOD5")
    assert (result.status, result.raw_value) == (ResultStatus.VERIFIED, "100")


def test_a_verify_post_without_the_time_seen_is_refused(client_as, manager, analyst):
    sample = with_results(manager, analyst, {"pH": "7"})
    ph = sample_parameter(sample, "pH")
    response = client_as("lab_reviewer").post(reverse("lab:result_verify", args=[sample.pk, ph.pk]))
    assert response.status_code == 409 and "hãy xem giá trị mới" in _text(response)
    assert _result(sample, "pH").status == ResultStatus.ENTERED


def test_batch_review_verifies_only_the_values_its_page_showed(client_as, manager, analyst):
    sample = with_results(manager, analyst, {"pH": "7", "BOD5": "10"})
    client = client_as("lab_reviewer")
    url = reverse("lab:batch_verify")
    page = _text(client.get(url))
    rows = {r.sample_parameter.parameter.code: r for r in client.get(url).context["rows"]}
    shown = {
        code: re.search(rf'name="entered_at-{r.pk}" value="([^"]+)"', page).group(1)
        for code, r in rows.items()
    }
    services.enter_result(actor=analyst, sample_parameter=sample_parameter(sample, "BOD5"), value="100")
    data = {"verify": [r.pk for r in rows.values()]}
    data.update({f"entered_at-{rows[code].pk}": value for code, value in shown.items()})
    response = client.post(url, data)
    assert [r.sample_parameter.parameter.code for r in response.context["saved"]] == ["pH"]
    assert "hãy xem giá trị mới" in _text(response)
    assert _result(sample, "pH").status == ResultStatus.VERIFIED
    assert _result(sample, "BOD5").status == ResultStatus.ENTERED
    # Ticked without its hidden time: refused too.
    response = client.post(url, {"verify": [rows["BOD5"].pk]})
    assert response.context["saved"] == [] and _result(sample, "BOD5").status == ResultStatus.ENTERED


# ------------------------------------------------------------------------------------------------ 2. cancelling


def test_a_sample_with_a_report_is_not_cancelled_even_while_amending(make_persona, manager):
    sample, _report = reported_sample(make_persona)
    bod = _result(sample, "BOD5")
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai BOD5", reopen=[bod])
    assert sample.state == SampleState.IN_ANALYSIS  # an open state: only the report stops the cancel
    with pytest.raises(DomainError) as caught:
        services.cancel_sample(actor=manager, sample=sample, reason="Hủy cho gọn")
    assert caught.value.code == "reported" and "đã có phiếu kết quả nên không thể hủy" in str(
        caught.value.message
    )
    # Even with the amendment's reason gone (by hand): the issued report is enough.
    Sample.objects.filter(pk=sample.pk).update(amendment_reason="")
    with pytest.raises(DomainError):
        services.cancel_sample(actor=manager, sample=Sample.objects.get(pk=sample.pk), reason="Hủy")
    assert Sample.objects.get(pk=sample.pk).state == SampleState.IN_ANALYSIS


def test_the_cancel_form_is_not_offered_while_amending_and_a_post_is_refused(
    client_as, make_persona, manager
):
    sample, _report = reported_sample(make_persona)
    reports.start_amendment(actor=manager, sample=sample, reason="Sai BOD5", reopen=[_result(sample, "BOD5")])
    client = client_as("lab_manager")
    response = client.get(_detail(sample))
    assert not response.context["may"]["cancel"] and 'data-testid="form-cancel"' not in _text(response)
    refused = client.post(reverse("lab:sample_cancel", args=[sample.pk]), {"reason": "Hủy"})
    assert refused.status_code == 409 and "không thể hủy" in _text(refused)
    assert Sample.objects.get(pk=sample.pk).state == SampleState.IN_ANALYSIS


# ------------------------------------------------------------------------------------------------ 3. regulation


def test_the_regulation_is_not_changed_once_a_result_is_verified(manager, analyst, reviewer):
    sample = with_results(manager, analyst, {"pH": "7", "BOD5": "45"})  # column B with K = 1: BOD5 ≤ 50
    services.verify_result(actor=reviewer, result=_result(sample, "BOD5"))
    with pytest.raises(DomainError) as caught:
        services.apply_regulation(actor=manager, sample=sample, limit_set=limit_set(name="A"))  # BOD5 ≤ 30
    assert caught.value.code == "verified"
    assert "mở lại mọi kết quả đã soát xét" in str(caught.value.message)
    sample = Sample.objects.get(pk=sample.pk)
    assert sample.limit_set_name == "B" and services.sample_compliance(sample) != services.NOT_COMPLIANT


def test_an_analyst_does_not_choose_the_regulation(make_persona, manager):
    sample = received(manager, regulation=False)
    with pytest.raises(DomainError) as caught:
        services.apply_regulation(actor=make_persona("lab_analyst"), sample=sample, limit_set=limit_set())
    assert caught.value.code == "forbidden"
    for persona in ("lab_reviewer", "lab_manager", "institute_leader"):
        applied = services.apply_regulation(actor=make_persona(persona), sample=sample, limit_set=limit_set())
        assert applied.limit_set_name == "B"


def test_during_an_amendment_only_the_manager_applies_again_after_reopening_everything(make_persona, manager):
    sample, _report = reported_sample(make_persona)
    # Only BOD5 reopened: pH stays verified, so the regulation stays.
    partial = reports.start_amendment(
        actor=manager, sample=sample, reason="Sai BOD5", reopen=[_result(sample, "BOD5")]
    )
    with pytest.raises(DomainError) as caught:
        services.apply_regulation(actor=manager, sample=partial, limit_set=limit_set(name="A"))
    assert caught.value.code == "verified"
    # Everything reopened: the manager applies again; a reviewer may not during an amendment.
    other, _report = reported_sample(make_persona)
    everything = [_result(other, "pH"), _result(other, "BOD5")]
    other = reports.start_amendment(
        actor=manager, sample=other, reason="Sai cột quy chuẩn", reopen=everything
    )
    with pytest.raises(DomainError) as caught:
        services.apply_regulation(
            actor=make_persona("lab_reviewer"), sample=other, limit_set=limit_set(name="A")
        )
    assert caught.value.code == "forbidden" and "chỉ trưởng phòng thí nghiệm" in str(caught.value.message)
    applied = services.apply_regulation(actor=manager, sample=other, limit_set=limit_set(name="A"))
    assert applied.limit_set_name == "A"


def test_the_apply_form_is_hidden_once_a_result_is_verified_and_a_post_is_refused(
    client_as, manager, analyst, reviewer
):
    sample = with_results(manager, analyst, {"pH": "7", "BOD5": "45"})
    client = client_as("lab_manager")
    assert client.get(_detail(sample)).context["may"]["apply"]
    services.verify_result(actor=reviewer, result=_result(sample, "pH"))
    response = client.get(_detail(sample))
    assert not response.context["may"]["apply"] and response.context["apply_form"] is None
    refused = client.post(
        reverse("lab:sample_apply_regulation", args=[sample.pk]),
        {"limit_set": limit_set(name="A").pk, "coefficient": "1"},
    )
    assert refused.status_code == 409 and "không đổi được quy chuẩn" in _text(refused)
    assert Sample.objects.get(pk=sample.pk).limit_set_name == "B"


# ------------------------------------------------------------------------------------------------ 4. support request


def test_an_order_from_a_closed_request_is_refused_in_words(client_as, make_persona):
    leader = make_persona("institute_leader")
    closed = request_in(State.CLOSED, created_by=leader, category=Category.QUALITY_TESTING, assignee=leader)
    client = client_as("institute_leader")
    from .test_views import _order

    response = client.post(reverse("lab:sample_create"), _order(request=str(closed.pk)))
    assert response.status_code == 200 and "chỉ yêu cầu đã được Viện tiếp nhận" in _text(response)
    assert not Sample.objects.exists()


# ------------------------------------------------------------------------------------------------ 5. abandoning


def test_an_amendment_with_nothing_reopened_is_abandoned(make_persona, manager):
    sample, report = reported_sample(make_persona)
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    sample = reports.abandon_amendment(actor=manager, sample=sample, reason="Nơi lấy mẫu vẫn đúng")
    assert (sample.state, sample.amendment_reason) == (SampleState.REPORTED, "")
    assert reports.is_current(report)


def test_reopened_results_go_back_to_their_reviewer(make_persona, manager):
    sample, _report = reported_sample(make_persona)
    before = _result(sample, "BOD5")
    reports.start_amendment(actor=manager, sample=sample, reason="Sai BOD5", reopen=[before])
    assert _result(sample, "BOD5").status == ResultStatus.RETURNED
    reports.abandon_amendment(actor=manager, sample=sample, reason="Kiểm tra lại, BOD5 đúng")
    after = _result(sample, "BOD5")
    assert (after.status, after.reviewer_id, after.reviewed_at, after.return_reason) == (
        ResultStatus.VERIFIED,
        before.reviewer_id,
        before.reviewed_at,
        "",
    )
    assert (after.raw_value, after.entered_at) == (before.raw_value, before.entered_at)
    assert Sample.objects.get(pk=sample.pk).state == SampleState.REPORTED


def test_an_amendment_with_a_change_is_finished_not_abandoned(make_persona, manager, analyst):
    sample, _report = reported_sample(make_persona)
    bod = _result(sample, "BOD5")
    reports.start_amendment(actor=manager, sample=sample, reason="Sai BOD5", reopen=[bod])
    services.enter_result(actor=analyst, sample_parameter=bod.sample_parameter, value="45")
    with pytest.raises(DomainError) as caught:
        reports.abandon_amendment(actor=manager, sample=sample, reason="Thôi")
    assert caught.value.code == "changed" and "hãy hoàn tất sửa đổi" in str(caught.value.message)
    assert Sample.objects.get(pk=sample.pk).state == SampleState.IN_ANALYSIS
    # Corrected sample details count as a change too.
    other, _report = reported_sample(make_persona)
    other = reports.start_amendment(actor=manager, sample=other, reason="Sai nơi lấy mẫu")
    services.correct_sample_details(
        actor=manager,
        sample=other,
        sampling_place="Cửa xả sau bể lắng",
        sampled_at=other.sampled_at,
        sampler=other.sampler,
        reason="Ghi nhầm",
    )
    with pytest.raises(DomainError) as caught:
        reports.abandon_amendment(actor=manager, sample=other, reason="Thôi")
    assert caught.value.code == "changed"


def test_abandoning_is_the_managers_with_a_reason_and_only_while_pending(make_persona, manager):
    sample, _report = reported_sample(make_persona)
    with pytest.raises(DomainError) as caught:
        reports.abandon_amendment(actor=manager, sample=sample, reason="Thôi")
    assert caught.value.code == "state"
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    for persona in ("lab_reviewer", "institute_leader"):
        with pytest.raises(DomainError) as caught:
            reports.abandon_amendment(actor=make_persona(persona), sample=sample, reason="Thôi")
        assert caught.value.code == "forbidden"
    with pytest.raises(ValidationError):
        reports.abandon_amendment(actor=manager, sample=sample, reason="  ")
    assert Sample.objects.get(pk=sample.pk).amendment_reason == "Sai nơi lấy mẫu"


def test_the_panel_offers_abandoning_and_the_view_answers(client_as, make_persona, manager, analyst):
    sample, _report = reported_sample(make_persona)
    client = client_as("lab_manager")
    assert not client.get(_detail(sample)).context["reports_may_abandon"]
    bod = _result(sample, "BOD5")
    reports.start_amendment(actor=manager, sample=sample, reason="Sai BOD5", reopen=[bod])
    page = _text(client.get(_detail(sample)))
    url = reverse("lab:amendment_abandon", args=[sample.pk])
    assert 'data-testid="amendment-abandon-form"' in page and url in page
    assert client.post(url, {"reason": " "}).status_code == 400
    done = client.post(url, {"reason": "Bắt đầu nhầm mẫu"})
    assert done.status_code == 302 and done["Location"] == _detail(sample)
    assert Sample.objects.get(pk=sample.pk).state == SampleState.REPORTED
    # Again: nothing pending any more, refused in words.
    refused = client.post(url, {"reason": "Lần nữa"})
    assert refused.status_code == 409 and "không có việc sửa đổi phiếu kết quả nào đang chờ" in _text(refused)
    # Changed since: refused, the amendment stays.
    reports.start_amendment(actor=manager, sample=sample, reason="Sai BOD5", reopen=[_result(sample, "BOD5")])
    services.enter_result(actor=analyst, sample_parameter=bod.sample_parameter, value="45")
    refused = client.post(url, {"reason": "Thôi"})
    assert refused.status_code == 409 and "hãy hoàn tất sửa đổi" in _text(refused)
    assert Sample.objects.get(pk=sample.pk).amendment_reason == "Sai BOD5"
