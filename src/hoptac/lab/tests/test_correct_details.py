"""Correcting a sample's details (where, when and by whom it was taken): who may, in which states, what is checked,
the reason in the history, the sample page's form, and an amendment that prints the corrected place on the next
version while the issued one keeps the old."""

from __future__ import annotations

import datetime
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hoptac.core.audit import event_model_for
from hoptac.core.errors import DomainError
from hoptac.documents.tests.test_engine import squash

from .. import reports, services
from ..choices import SampleState
from ..models import Result, Sample, TestReport
from .builders import camau_cooperative, received, registered, verified, with_results
from .report_builders import reported_sample

pytestmark = pytest.mark.django_db

OLD_PLACE = "Cửa xả bể tự hoại, trại heo Ea Tu"
NEW_PLACE = "Hố ga sau bể lắng số 2, trại gà Krông Búk"


def _correct(actor, sample, **changes):
    values = {
        "sampling_place": NEW_PLACE,
        "sampled_at": sample.sampled_at,
        "sampler": sample.sampler,
        "reason": "Ghi nhầm nơi lấy mẫu khi đăng ký",
    }
    values.update(changes)
    return services.correct_sample_details(actor=actor, sample=sample, **values)


def _events(sample):
    return event_model_for(Sample).objects.filter(pgh_obj_id=sample.pk).order_by("-pgh_id")


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _pdf_text(report: TestReport) -> str:
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    return squash("\n".join(page.extract_text() for page in reader.pages))


# ------------------------------------------------------------------------------------------------ the service


@pytest.mark.parametrize("persona", ["institute_leader", "lab_manager"])
def test_a_registrar_corrects_the_details_and_the_version_moves_on(make_persona, manager, persona):
    sample = registered(manager, sampling_place=OLD_PLACE, sampler="Nguyễn Văn Lấy")
    sampled = timezone.now() - datetime.timedelta(days=1)
    done = _correct(make_persona(persona), sample, sampled_at=sampled, sampler="  Trần Thị Mẫu ")
    stored = Sample.objects.get(pk=sample.pk)
    assert (stored.sampling_place, stored.sampled_at, stored.sampler) == (NEW_PLACE, sampled, "Trần Thị Mẫu")
    assert stored.version == sample.version + 1 == done.version


@pytest.mark.parametrize(
    "persona", ["system_admin", "institute_expert", "lab_analyst", "lab_reviewer", "cooperative_rep"]
)
def test_others_are_refused_in_words(make_persona, manager, persona):
    sample = registered(manager, sampling_place=OLD_PLACE)
    with pytest.raises(DomainError) as caught:
        _correct(make_persona(persona), sample)
    assert caught.value.code == "forbidden" and "không có quyền" in str(caught.value.message)
    assert Sample.objects.get(pk=sample.pk).sampling_place == OLD_PLACE


def test_every_open_state_allows_a_correction(manager, analyst, reviewer):
    samples = [
        registered(manager),
        received(manager),
        with_results(manager, analyst, {"pH": "7"}),
        verified(manager, analyst, reviewer, {"pH": "7"}),
    ]
    assert [s.state for s in samples] == [
        SampleState.REGISTERED,
        SampleState.RECEIVED,
        SampleState.IN_ANALYSIS,
        SampleState.RESULTS_VERIFIED,
    ]
    for sample in samples:
        assert _correct(manager, sample).sampling_place == NEW_PLACE


def test_a_reported_sample_needs_an_amendment_first(make_persona, manager):
    sample, _report = reported_sample(make_persona)
    with pytest.raises(DomainError) as caught:
        _correct(manager, sample)
    assert caught.value.code == "state"
    assert "hãy bắt đầu sửa đổi phiếu (ghi lý do) trước khi sửa thông tin mẫu" in str(caught.value.message)
    assert Sample.objects.get(pk=sample.pk).sampling_place == OLD_PLACE


def test_a_pending_amendment_allows_a_correction(make_persona, manager):
    sample, _report = reported_sample(make_persona)
    # Only the details were wrong: nothing reopened, the sample is ready to issue again.
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    assert sample.state == SampleState.RESULTS_VERIFIED and sample.amendment_reason
    assert _correct(manager, sample).sampling_place == NEW_PLACE
    # A result reopened as well: the sample is in analysis, still correctable.
    other, _report = reported_sample(make_persona)
    bod = Result.objects.get(sample_parameter__sample=other, sample_parameter__parameter__code="BOD5")
    other = reports.start_amendment(actor=manager, sample=other, reason="Sai BOD5 và nơi lấy", reopen=[bod])
    assert other.state == SampleState.IN_ANALYSIS
    assert _correct(manager, other).sampling_place == NEW_PLACE


def test_reported_means_no_amendment_pending_and_is_never_corrected(make_persona, manager):
    """start_amendment always moves the sample out of "reported" (and issuing or abandoning clears the reason), so
    "reported with an amendment pending" does not arise; the service has no branch for it: reported is refused,
    even with a reason left on it by hand."""
    sample, _report = reported_sample(make_persona)
    started = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    assert started.state != SampleState.REPORTED
    abandoned = reports.abandon_amendment(actor=manager, sample=started, reason="Nhầm mẫu")
    assert (abandoned.state, abandoned.amendment_reason) == (SampleState.REPORTED, "")
    Sample.objects.filter(pk=sample.pk).update(amendment_reason="Sai nơi lấy mẫu")
    with pytest.raises(DomainError) as caught:
        _correct(manager, Sample.objects.get(pk=sample.pk))
    assert caught.value.code == "state"


def test_a_cancelled_sample_is_not_corrected(manager):
    sample = registered(manager, sampling_place=OLD_PLACE)
    services.cancel_sample(actor=manager, sample=sample, reason="Hợp tác xã rút yêu cầu")
    with pytest.raises(DomainError) as caught:
        _correct(manager, sample)
    assert caught.value.code == "state" and "không thể sửa thông tin mẫu" in str(caught.value.message)
    # Even with an amendment reason somehow left on it.
    Sample.objects.filter(pk=sample.pk).update(amendment_reason="Sai nơi lấy mẫu")
    with pytest.raises(DomainError):
        _correct(manager, Sample.objects.get(pk=sample.pk))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sampling_place": "   "}, "sampling_place", "Hãy ghi nơi lấy mẫu."),
        ({"reason": " "}, "reason", "Hãy ghi lý do."),
        (
            {"sampled_at": timezone.now() + datetime.timedelta(days=2)},
            "sampled_at",
            "Thời điểm lấy mẫu không được ở trong tương lai.",
        ),
    ],
)
def test_bad_details_are_refused_on_their_field(manager, changes, field, message):
    sample = registered(manager, sampling_place=OLD_PLACE)
    with pytest.raises(ValidationError) as caught:
        _correct(manager, sample, **changes)
    assert caught.value.message_dict == {field: [message]}
    stored = Sample.objects.get(pk=sample.pk)
    assert (stored.sampling_place, stored.version) == (OLD_PLACE, sample.version)


def test_the_sampling_time_cannot_follow_the_receipt(manager):
    sample = received(manager, sampled_at=timezone.now() - datetime.timedelta(hours=5))
    Sample.objects.filter(pk=sample.pk).update(received_at=timezone.now() - datetime.timedelta(hours=3))
    sample.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _correct(manager, sample, sampled_at=sample.received_at + datetime.timedelta(hours=1))
    assert caught.value.message_dict == {"sampled_at": ["Thời điểm lấy mẫu phải trước thời điểm nhận mẫu."]}
    # Before the receipt is fine; so is no time at all.
    earlier = sample.received_at - datetime.timedelta(hours=2)
    assert _correct(manager, sample, sampled_at=earlier).sampled_at == earlier
    assert _correct(manager, sample, sampled_at=None, reason="Không rõ giờ lấy").sampled_at is None


def test_the_reason_is_kept_in_the_history(manager):
    sample = registered(manager, sampling_place=OLD_PLACE)
    _correct(manager, sample, reason="  Hợp tác xã báo ghi nhầm nơi lấy mẫu  ")
    event = _events(sample).first()
    assert event.pgh_context.metadata["note"] == "Hợp tác xã báo ghi nhầm nơi lấy mẫu"
    assert event.sampling_place == NEW_PLACE
    assert event.pgh_context.metadata["user"] == manager.pk


def test_a_changed_sampler_unlinks_the_samplers_account(manager, analyst):
    sample = registered(manager, sampler="Đỗ Thị Kiểm", sampler_user=analyst)
    _correct(manager, sample, sampling_place=sample.sampling_place, sampler="Y Nuê Êban")
    stored = Sample.objects.get(pk=sample.pk)
    assert stored.sampler == "Y Nuê Êban" and stored.sampler_user is None
    # The sampler unchanged, the account stays.
    kept = registered(manager, sampler="Đỗ Thị Kiểm", sampler_user=analyst)
    _correct(manager, kept)
    assert Sample.objects.get(pk=kept.pk).sampler_user == analyst


def test_nothing_differing_changes_nothing(manager):
    sampled = timezone.now() - datetime.timedelta(hours=3)
    sample = registered(manager, sampling_place=OLD_PLACE, sampled_at=sampled, sampler="Nguyễn Văn Lấy")
    events = _events(sample).count()
    same = _correct(manager, sample, sampling_place=f"  {OLD_PLACE} ", sampler="Nguyễn Văn Lấy ")
    assert same.version == sample.version == Sample.objects.get(pk=sample.pk).version
    assert _events(sample).count() == events


# ------------------------------------------------------------------------------------------------ the screen


def _url(sample):
    return reverse("lab:sample_correct", args=[sample.pk])


def _detail(sample):
    return reverse("lab:sample_detail", args=[sample.pk])


def test_the_form_is_offered_to_registrars_while_correctable(client_as, make_persona, manager):
    sample = registered(manager, sampling_place=OLD_PLACE)
    page = _text(client_as("lab_manager").get(_detail(sample)))
    assert 'data-testid="form-correct"' in page and f'value="{OLD_PLACE}"' in page
    assert 'data-testid="form-correct"' in _text(client_as("institute_leader").get(_detail(sample)))
    assert 'data-testid="form-correct"' not in _text(client_as("lab_analyst").get(_detail(sample)))
    reported, _report = reported_sample(make_persona)
    assert 'data-testid="form-correct"' not in _text(client_as("lab_manager").get(_detail(reported)))
    reports.start_amendment(actor=manager, sample=reported, reason="Sai nơi lấy mẫu")
    page = _text(client_as("lab_manager").get(_detail(reported)))
    assert 'data-testid="form-correct"' in page and "lần ban hành mới" in page


def test_a_correction_from_the_page(client_as, manager):
    sample = registered(manager, sampling_place=OLD_PLACE)
    client = client_as("lab_manager")
    response = client.post(
        _url(sample),
        {
            "sampling_place": NEW_PLACE,
            "sampled_at": "20/11/2026 08:30",
            "sampler": "Y Nuê Êban",
            "reason": "Ghi nhầm",
        },
        follow=True,
    )
    page = _text(response)
    assert response.redirect_chain == [(_detail(sample), 302)]
    assert "Đã sửa thông tin mẫu." in page and NEW_PLACE in page and "20/11/2026 08:30" in page
    stored = Sample.objects.get(pk=sample.pk)
    assert timezone.localtime(stored.sampled_at).strftime("%d/%m/%Y %H:%M") == "20/11/2026 08:30"
    assert _events(sample).first().pgh_context.metadata["note"] == "Ghi nhầm"


def test_an_untouched_time_with_seconds_is_not_a_change(client_as, manager):
    sampled = timezone.now().replace(second=42, microsecond=123456) - datetime.timedelta(hours=3)
    sample = registered(manager, sampling_place=OLD_PLACE, sampled_at=sampled, sampler="Nguyễn Văn Lấy")
    shown = timezone.localtime(sampled).strftime("%d/%m/%Y %H:%M")
    assert f'value="{shown}"' in _text(client_as("lab_manager").get(_detail(sample)))
    data = {
        "sampling_place": OLD_PLACE,
        "sampled_at": shown,
        "sampler": "Nguyễn Văn Lấy",
        "reason": "Xem lại",
    }
    assert client_as("lab_manager").post(_url(sample), data).status_code == 302
    stored = Sample.objects.get(pk=sample.pk)
    assert stored.sampled_at == sampled and stored.version == sample.version


def test_bad_input_keeps_what_was_typed(client_as, manager):
    sample = received(manager, sampling_place=OLD_PLACE)
    Sample.objects.filter(pk=sample.pk).update(received_at=timezone.now() - datetime.timedelta(hours=3))
    sample.refresh_from_db()
    client = client_as("lab_manager")
    typed = {"sampling_place": "", "sampled_at": "31/02/2026 25:00", "sampler": "Y Nuê Êban", "reason": "Sai"}
    response = client.post(_url(sample), typed)
    page = _text(response)
    assert response.status_code == 200 and response.context["open_action"] == "correct"
    assert "Hãy ghi nơi lấy mẫu." in page and "Hãy nhập thời điểm theo dạng dd/mm/yyyy hh:mm" in page
    assert (
        'value="31/02/2026 25:00"' in page
        and 'value="Y Nuê Êban"' in page
        and 'id="sua-reason">\nSai</textarea>' in page
    )
    # The service's own check (after the receipt) lands on its field, the rest kept.
    later = timezone.localtime(sample.received_at + datetime.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    response = client.post(_url(sample), {**typed, "sampling_place": NEW_PLACE, "sampled_at": later})
    page = _text(response)
    assert response.status_code == 200 and "Thời điểm lấy mẫu phải trước thời điểm nhận mẫu." in page
    assert f'value="{NEW_PLACE}"' in page and f'value="{later}"' in page
    no_reason = client.post(
        _url(sample), {**typed, "sampling_place": NEW_PLACE, "sampled_at": "", "reason": ""}
    )
    assert no_reason.status_code == 200 and "Hãy ghi lý do." in _text(no_reason)
    assert Sample.objects.get(pk=sample.pk).sampling_place == OLD_PLACE


def test_a_reader_without_the_role_is_told_why_with_403(client_as, manager):
    sample = registered(manager, sampling_place=OLD_PLACE)
    data = {"sampling_place": NEW_PLACE, "reason": "Sai"}
    for persona in ("lab_analyst", "cooperative_rep"):
        response = client_as(persona).post(_url(sample), data)
        assert response.status_code == 403
        assert "Bạn không có quyền thực hiện thao tác này với mẫu này." in _text(response)
    assert Sample.objects.get(pk=sample.pk).sampling_place == OLD_PLACE


def test_an_invisible_sample_is_404_and_get_is_405(client_as, manager):
    other = registered(manager, coop=camau_cooperative())
    data = {"sampling_place": NEW_PLACE, "reason": "Sai"}
    assert client_as("cooperative_rep").post(_url(other), data).status_code == 404
    assert client_as("lab_manager").post(reverse("lab:sample_correct", args=[10**9]), data).status_code == 404
    assert client_as("lab_manager").get(_url(other)).status_code == 405


def test_a_reported_sample_answers_409_in_words(client_as, make_persona):
    sample, _report = reported_sample(make_persona)
    response = client_as("lab_manager").post(_url(sample), {"sampling_place": NEW_PLACE, "reason": "Sai"})
    assert response.status_code == 409
    assert "hãy bắt đầu sửa đổi phiếu (ghi lý do) trước khi sửa thông tin mẫu" in _text(response)
    assert Sample.objects.get(pk=sample.pk).sampling_place == OLD_PLACE


# ------------------------------------------------------------------------------------------------ the report


def test_an_amendment_prints_the_corrected_place_on_version_2_only(make_persona, manager):
    sample, first = reported_sample(make_persona)
    assert squash(OLD_PLACE) in _pdf_text(first)
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu")
    sample = _correct(manager, sample, reason="Hợp tác xã báo ghi nhầm nơi lấy mẫu")
    second = reports.issue_report(actor=manager, sample=sample)
    assert (second.number, second.version, second.amends_id) == (first.number, 2, first.pk)
    new_text = _pdf_text(second)
    assert squash(NEW_PLACE) in new_text and squash(OLD_PLACE) not in new_text
    assert squash("Lý do sửa đổi: Sai nơi lấy mẫu") in new_text
    assert second.content["sample"]["sampling_place"] == NEW_PLACE
    # Version 1 as stored: the old place, byte for byte what was issued.
    stored = TestReport.objects.get(pk=first.pk)
    assert bytes(stored.pdf) == bytes(first.pdf)
    old_text = _pdf_text(stored)
    assert squash(OLD_PLACE) in old_text and squash(NEW_PLACE) not in old_text
    assert stored.content["sample"]["sampling_place"] == OLD_PLACE
    assert not reports.is_current(stored) and reports.is_current(second)


def test_corrected_details_reach_the_sample_page_of_the_cooperative(client_as, manager):
    sample = registered(manager, sampling_place=OLD_PLACE)
    _correct(manager, sample)
    page = _text(client_as("cooperative_rep").get(_detail(sample)))
    assert NEW_PLACE in page and OLD_PLACE not in page
