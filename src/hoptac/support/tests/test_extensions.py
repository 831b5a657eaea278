"""Another module can add an action to a request's page without support importing it (the lab's sample order)."""

from __future__ import annotations

import pytest

from hoptac.support.choices import Category, State
from hoptac.support.extensions import RequestAction, actions_for, register_action, unregister_action

from .factories import request_in


@pytest.fixture
def sample_order_action():
    action = RequestAction(
        "lab.sample_order",
        "Tạo phiếu yêu cầu kiểm nghiệm",
        url=lambda request: f"/kiem-nghiem/them/?yeu_cau={request.pk}",
        applies=lambda user, request: (
            request.category == Category.QUALITY_TESTING and user.has_role("lab_manager")
        ),
    )
    register_action(action)
    yield action
    unregister_action(action.code)


@pytest.mark.django_db
def test_a_registered_action_applies_only_where_its_module_says(make_persona, sample_order_action):
    rep = make_persona("cooperative_rep")
    testing = request_in(State.ENDORSED, created_by=rep, category=Category.QUALITY_TESTING)
    other = request_in(State.ENDORSED, created_by=rep, category=Category.TRAINING)
    manager = make_persona("lab_manager")
    assert actions_for(manager, testing) == [
        (sample_order_action, f"/kiem-nghiem/them/?yeu_cau={testing.pk}")
    ]
    assert actions_for(manager, other) == []
    assert actions_for(rep, testing) == []


def test_a_code_cannot_be_taken_twice(sample_order_action):
    with pytest.raises(RuntimeError):
        register_action(RequestAction("lab.sample_order", "Khác", url=str, applies=lambda u, r: True))


@pytest.mark.django_db
def test_the_request_page_shows_a_registered_action_to_whom_it_applies(
    client_as, make_persona, sample_order_action
):
    from django.urls import reverse

    from hoptac.accounts.models import Role, RoleAssignment

    rep = make_persona("cooperative_rep")
    testing = request_in(State.ENDORSED, created_by=rep, category=Category.QUALITY_TESTING)
    leader = make_persona("institute_leader")
    RoleAssignment.objects.create(user=leader, role=Role.objects.get(code="lab_manager"))
    url = reverse("support:request_detail", args=[testing.pk])
    page = client_as("institute_leader").get(url).content.decode()
    assert (
        f'href="/kiem-nghiem/them/?yeu_cau={testing.pk}"' in page and "Tạo phiếu yêu cầu kiểm nghiệm" in page
    )
    assert "Tạo phiếu yêu cầu kiểm nghiệm" not in client_as("cooperative_rep").get(url).content.decode()
