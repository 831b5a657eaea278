"""The figures page: effort per staff member, counts and durations for the period, within the reader's scope."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hoptac.support.choices import State
from hoptac.support.models import WorkLogEntry

from .factories import request_in

URL = reverse("support:statistics")


@pytest.fixture
def worked(make_persona):
    rep, expert = make_persona("cooperative_rep"), make_persona("institute_expert")
    now = timezone.now()
    own = request_in(
        State.CLOSED, created_by=rep, assignee=expert, rating=5, submitted_at=now - datetime.timedelta(days=3)
    )
    other = request_in(
        State.IN_PROGRESS, created_by=make_persona("coordinator_camau"), assignee=expert, own=False
    )
    for request, hours in ((own, "4"), (other, "1.5")):
        WorkLogEntry.objects.create(
            request=request,
            author=expert,
            kind="visit",
            date=timezone.localdate(),
            hours=Decimal(hours),
            description="x",
        )
    return own, other


@pytest.mark.django_db
def test_the_leader_sees_every_province_and_the_effort(client_as, worked):
    response = client_as("institute_leader").get(URL)
    assert response.status_code == 200
    [effort] = response.context["effort"]
    assert (effort["author__full_name"], effort["hours"]) == ("Phạm Thu Chuyên", Decimal("5.5"))
    assert {row["province__name"] for row in response.context["by_province"]} == {"Đắk Lắk", "Cà Mau"}
    body = response.content.decode()
    assert "Phạm Thu Chuyên" in body and ("5,5" in body or "5.5" in body)


@pytest.mark.django_db
def test_a_coordinator_sees_their_province_only(client_as, worked):
    response = client_as("coordinator_daklak").get(URL)
    assert [row["province__name"] for row in response.context["by_province"]] == ["Đắk Lắk"]
    assert response.context["effort"][0]["hours"] == Decimal("4.0")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tu": "31/02/2026"}, "không đúng dạng ngày/tháng/năm"),
        ({"tu": "abc"}, "không đúng dạng ngày/tháng/năm"),
        ({"tu": "01/12/2026", "den": "01/01/2026"}, "đã đổi chỗ hai ngày"),
        ({"tu": "01/01/2000", "den": "01/01/2026"}, "dài quá 5 năm"),
    ],
)
def test_a_bad_period_is_explained_and_the_page_still_answers(client_as, params, message):
    response = client_as("system_admin").get(URL, params)
    assert response.status_code == 200
    assert any(message in str(p) for p in response.context["problems"])
