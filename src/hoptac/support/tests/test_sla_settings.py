"""SLAs are configurable per category and stage by the institute; bad input loses nothing; new stages use them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.support.choices import State
from hoptac.support.models import SlaPolicy
from hoptac.support.workflow import _enter_stage, sla_days

from .factories import request_in

URL = "support:sla_settings"


def _all_blank() -> dict:
    from hoptac.support.choices import Category, Stage

    return {f"{c or 'all'}__{s}": "" for c in ("", *Category.values) for s in Stage.values}


@pytest.mark.django_db
def test_defaults_then_a_category_override_then_back(client_as):
    client = client_as("institute_leader")
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert "đang dùng 30" in page.content.decode()
    assert (sla_days("environment", "resolution"), sla_days("training", "resolution")) == (30, 30)
    response = client.post(
        reverse(URL), {**_all_blank(), "all__resolution": "20", "environment__resolution": "45"}
    )
    assert response.status_code == 302
    assert (sla_days("environment", "resolution"), sla_days("training", "resolution")) == (45, 20)
    client.post(reverse(URL), _all_blank())
    assert not SlaPolicy.objects.exists()
    assert sla_days("environment", "resolution") == 30


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "366", "abc", "-3", "2.5", "9999"])
def test_bad_values_are_refused_in_place_and_nothing_is_saved(client_as, value):
    client = client_as("system_admin")
    data = {**_all_blank(), "all__endorsement": "7", "digital__acceptance": value}
    response = client.post(reverse(URL), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhập số ngày làm việc từ 1 đến 365." in body
    assert f'value="{value}"' in body and 'value="7"' in body  # what was typed is still there
    assert not SlaPolicy.objects.exists()


@pytest.mark.django_db
def test_a_new_stage_uses_the_configured_days(make_persona):
    SlaPolicy.objects.create(category="environment", stage="endorsement", working_days=2)
    request = request_in(State.SUBMITTED, created_by=make_persona("cooperative_rep"))
    _enter_stage(request, timezone.now())
    from hoptac.workdays.calendar import add_working_days

    assert request.due_date == add_working_days(timezone.localdate(), 2)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["coordinator_daklak", "institute_expert", "cooperative_rep", "outsider"])
def test_others_get_404_and_cannot_save(client_as, persona):
    client = client_as(persona)
    assert client.get(reverse(URL)).status_code == 404
    assert client.post(reverse(URL), {**_all_blank(), "all__endorsement": "1"}).status_code == 404
    assert not SlaPolicy.objects.exists()


@pytest.mark.django_db
def test_a_request_holds_at_most_30_files(make_persona):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoptac.support.attachments import MAX_FILES_PER_REQUEST, add_attachment
    from hoptac.support.models import Attachment

    rep = make_persona("cooperative_rep")
    request = request_in(State.SUBMITTED, created_by=rep)
    Attachment.objects.bulk_create(
        Attachment(
            request=request,
            uploaded_by=rep,
            filename=f"{n}.pdf",
            stored_file=f"support/{n}.pdf",
            content_type="application/pdf",
            size=10,
        )
        for n in range(MAX_FILES_PER_REQUEST)
    )
    with pytest.raises(ValidationError) as caught:
        add_attachment(actor=rep, request=request, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"))
    assert "tối đa 30 tệp" in caught.value.message_dict["file"][0]
