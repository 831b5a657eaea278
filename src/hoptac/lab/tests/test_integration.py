"""The lab's action on support requests: "Tạo phiếu yêu cầu kiểm nghiệm" on a quality-testing request whose work
was accepted, for whoever registers samples — and nowhere else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.lab.integration import SAMPLE_ORDER
from hoptac.support.choices import Category, State
from hoptac.support.extensions import actions_for
from hoptac.support.tests.factories import request_in

LABEL = "Tạo phiếu yêu cầu kiểm nghiệm"


def _codes(user, request) -> list[str]:
    return [action.code for action, _url in actions_for(user, request)]


@pytest.mark.django_db
def test_the_lab_manager_sees_the_sample_order_on_an_accepted_quality_testing_request(
    make_persona, client_as
):
    rep = make_persona("cooperative_rep")
    manager = make_persona("lab_manager")
    testing = request_in(
        State.IN_PROGRESS, created_by=rep, assignee=manager, category=Category.QUALITY_TESTING
    )
    page = client_as("lab_manager").get(reverse("support:request_detail", args=[testing.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    url = reverse("lab:sample_create") + f"?request={testing.pk}"
    assert f'data-extension="{SAMPLE_ORDER}"' in html
    assert f'href="{url}"' in html and LABEL in html


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.ASSIGNED, State.IN_PROGRESS])
def test_the_action_applies_once_the_work_is_accepted(make_persona, state):
    rep, manager = make_persona("cooperative_rep"), make_persona("lab_manager")
    testing = request_in(state, created_by=rep, assignee=manager, category=Category.QUALITY_TESTING)
    assert _codes(manager, testing) == [SAMPLE_ORDER]
    assert _codes(make_persona("institute_leader"), testing) == [SAMPLE_ORDER]  # the other registrar


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [State.DRAFT, State.SUBMITTED, State.ENDORSED, State.RESOLVED, State.CLOSED, State.DECLINED]
)
def test_not_before_the_work_is_accepted_nor_after_it_is_done(make_persona, state):
    rep, manager = make_persona("cooperative_rep"), make_persona("lab_manager")
    testing = request_in(state, created_by=rep, assignee=manager, category=Category.QUALITY_TESTING)
    assert _codes(manager, testing) == []


@pytest.mark.django_db
@pytest.mark.parametrize("category", [c for c in Category.values if c != Category.QUALITY_TESTING])
def test_not_on_other_categories(make_persona, category):
    rep, manager = make_persona("cooperative_rep"), make_persona("lab_manager")
    other = request_in(State.IN_PROGRESS, created_by=rep, assignee=manager, category=category)
    assert _codes(manager, other) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["lab_analyst", "lab_reviewer", "institute_expert", "cooperative_rep", "system_admin"]
)
def test_not_for_roles_that_do_not_register_samples(make_persona, persona):
    rep = make_persona("cooperative_rep")
    user = make_persona(persona)
    testing = request_in(State.IN_PROGRESS, created_by=rep, assignee=user, category=Category.QUALITY_TESTING)
    assert _codes(user, testing) == []


@pytest.mark.django_db
def test_the_page_does_not_show_it_to_an_analyst_carrying_out_the_request(make_persona, client_as):
    rep, analyst = make_persona("cooperative_rep"), make_persona("lab_analyst")
    testing = request_in(
        State.IN_PROGRESS, created_by=rep, assignee=analyst, category=Category.QUALITY_TESTING
    )
    page = client_as("lab_analyst").get(reverse("support:request_detail", args=[testing.pk]))
    assert page.status_code == 200
    assert LABEL not in page.content.decode()
