"""Every URL × every persona answers as declared; a URL without a declaration fails the suite."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import include, path, reverse

from hoptac.accounts.testing import log_in_with_second_factor
from hoptac.core.testing import personas
from hoptac.core.testing.matrix import (
    Expect,
    collect_expectations,
    find_gaps,
    logged_in,
    unnamed_patterns,
    url_names,
)

EXPECTATIONS = collect_expectations()


def test_every_url_has_an_expectation_for_every_persona():
    problems = find_gaps(url_names(), EXPECTATIONS, personas.persona_names())
    assert problems == []


def test_every_url_pattern_is_named_so_the_matrix_can_see_it():
    assert unnamed_patterns() == []


def _probe_view(request):  # pragma: no cover - never requested
    raise AssertionError


urlpatterns = [
    path("", include("hoptac.config.urls")),
    path("tham-do/", _probe_view, name="matrix_probe"),
]


def test_harness_fails_when_a_url_is_added_without_expectations():
    """A test of the harness itself: a new URL with no declaration is reported by name."""
    names = url_names(urlpatterns)
    assert "matrix_probe" in names
    problems = find_gaps(names, EXPECTATIONS, personas.persona_names())
    assert problems == ["matrix_probe: no role-matrix expectation declared"]


def test_harness_fails_when_an_expectation_forgets_a_persona():
    incomplete = logged_in(200)
    del incomplete["coordinator_camau"]
    problems = find_gaps(["core:home"], [Expect("core:home", incomplete)], personas.persona_names())
    assert problems == ["core:home: no expected status for coordinator_camau"]


def test_harness_fails_when_a_persona_is_added_without_expectations():
    names = [*personas.persona_names(), "cooperative_representative_new"]
    problems = find_gaps(["core:home"], [Expect("core:home", logged_in(200))], names)
    assert problems == ["core:home: no expected status for cooperative_representative_new"]


def _context(make_persona, user):
    from hoptac.accounts.models import Role, RoleAssignment, User

    other = User.objects.create_user(
        username="nguoi.khac",
        email="nguoi.khac@example.vn",
        password="x-mat-khau-2026",
        full_name="Nguyễn Văn Khác",
    )
    assignment = RoleAssignment.objects.create(user=other, role=Role.objects.get(code="institute_expert"))
    return SimpleNamespace(
        user=user, other_user=other, other_assignment=assignment, make_persona=make_persona
    )


def _resolve(value, ctx):
    return value(ctx) if callable(value) else (value or {})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "expectation",
    EXPECTATIONS,
    ids=[f"{e.url_name}{'[' + e.note + ']' if e.note else ''}" for e in EXPECTATIONS],
)
def test_role_matrix(expectation, make_persona):
    mismatches = []
    for name in personas.persona_names():
        client = Client()
        user = None
        if name != personas.ANONYMOUS:
            user = make_persona(name)
            log_in_with_second_factor(client, user)  # party personas must have passed the second factor
        ctx = (
            _context(make_persona, user)
            if user is not None
            else _context(make_persona, make_persona("outsider"))
        )
        url = reverse(expectation.url_name, kwargs=_resolve(expectation.kwargs, ctx))
        data = _resolve(expectation.data, ctx)
        response = client.post(url, data) if expectation.method == "POST" else client.get(url, data)
        if response.status_code != expectation.expected[name]:
            mismatches.append(f"{name}: expected {expectation.expected[name]}, got {response.status_code}")
        redirects_to_login = expectation.url_name not in {"accounts:logout", "accounts:set_language"}
        if name == personas.ANONYMOUS and response.status_code == 302 and redirects_to_login:
            # The anonymous redirect must go to the log-in page, not anywhere else.
            assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
        ctx.other_user.delete()
    assert mismatches == [], f"{expectation.url_name} {expectation.method}"
