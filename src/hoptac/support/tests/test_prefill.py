"""A link may prefill the new-request form (the lab's one-click follow-up for a non-compliant sample): category,
cooperative, title and description from GET parameters — each checked, never trusted, and still a form the
person reads and submits."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from ..forms import prefill_initial
from ..models import SupportRequest
from .builders import camau_cooperative, daklak_cooperative

pytestmark = pytest.mark.django_db

CREATE = reverse("support:request_create")
TITLE = "Khắc phục vượt quy chuẩn nước thải — mẫu MT-2026-00045"
DESCRIPTION = (
    "Mẫu MT-2026-00045 (nước thải sau biogas) vượt QCVN 14:2008/BTNMT cột B:\nBOD5 85 mg/L (giới hạn 60)."
)


def _initial(response) -> dict:
    return response.context["form"].initial


def test_a_follow_up_link_prefills_the_form_for_a_cooperative_the_user_may_act_for(client_as):
    own = daklak_cooperative()
    response = client_as("coordinator_daklak").get(
        CREATE,
        {"category": "environment", "cooperative": own.pk, "title": TITLE, "description": DESCRIPTION},
    )
    assert response.status_code == 200
    assert _initial(response) == {"category": "environment", "title": TITLE, "description": DESCRIPTION}
    assert response.context["chosen"] == own
    page = html.unescape(response.content.decode())
    assert TITLE in page and "BOD5 85 mg/L (giới hạn 60)." in page
    assert '<option value="environment" selected>' in page
    assert f'value="{own.pk}" id="coop-chosen" checked' in page
    assert not SupportRequest.objects.exists()  # a GET only fills the form; the person submits it


def test_the_prefilled_form_is_submitted_like_any_other(client_as):
    own = daklak_cooperative()
    client = client_as("coordinator_daklak")
    client.get(CREATE, {"category": "environment", "cooperative": own.pk, "title": TITLE})
    client.post(
        CREATE,
        {
            "cooperative": own.pk,
            "category": "environment",
            "title": TITLE,
            "description": DESCRIPTION,
            "priority": "normal",
            "action": "submit",
        },
    )
    req = SupportRequest.objects.get()
    assert (req.cooperative, req.category, req.title) == (own, "environment", TITLE)


def test_a_cooperative_the_user_may_not_act_for_is_ignored(client_as):
    other = camau_cooperative()  # another province's
    response = client_as("coordinator_daklak").get(
        CREATE, {"category": "environment", "cooperative": other.pk, "title": TITLE}
    )
    assert response.status_code == 200
    assert response.context["chosen"] is None
    assert other.name not in html.unescape(response.content.decode())
    assert _initial(response)["title"] == TITLE  # the rest of the link still helps


@pytest.mark.parametrize("raw", ["abc", "-1", "99999999", "1" * 30, "1 OR 1=1", ""])
def test_a_malformed_or_unknown_cooperative_is_ignored(client_as, raw):
    response = client_as("institute_leader").get(CREATE, {"cooperative": raw})
    assert response.status_code == 200 and response.context["chosen"] is None


def test_a_representative_keeps_their_own_cooperative_whatever_the_link_says(client_as):
    own, other = daklak_cooperative(), camau_cooperative()
    response = client_as("cooperative_rep").get(CREATE, {"cooperative": other.pk, "title": TITLE})
    assert response.context["fixed"] == own
    assert other.name not in html.unescape(response.content.decode())


def test_an_unknown_category_is_ignored():
    assert prefill_initial({"category": "nuclear", "title": "x"}) == {"title": "x"}
    assert prefill_initial({"category": "Environment"}) == {}


def test_texts_are_trimmed_to_the_fields_and_cleaned():
    initial = prefill_initial(
        {
            "title": "  Khắc phục\nvượt   quy chuẩn\x00 " + "x" * 400,
            "description": " a\r\nb\x07 " + "y" * 20_000,
        }
    )
    assert initial["title"].startswith("Khắc phục vượt quy chuẩn x")
    assert len(initial["title"]) == 255 and "\n" not in initial["title"] and "\x00" not in initial["title"]
    assert initial["description"].startswith("a\nb y")
    assert len(initial["description"]) == 10_000 and "\x07" not in initial["description"]


def test_blank_parameters_prefill_nothing():
    assert prefill_initial({"category": "", "title": "   ", "description": "\n"}) == {}


def test_a_post_ignores_the_query_string(client_as):
    own = daklak_cooperative()
    response = client_as("coordinator_daklak").post(
        CREATE + "?title=Tu+URL&category=environment", {"cooperative": own.pk, "title": ""}
    )
    assert response.status_code == 200 and not SupportRequest.objects.exists()
    assert response.context["form"].initial == {}
