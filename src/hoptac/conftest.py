"""Fixtures shared by every app's tests: personas, logged-in clients, query counting, e-mail jobs."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from hoptac.core.testing import personas as persona_registry
from hoptac.core.testing.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, require_chromium

persona_registry.load_app_personas()


@pytest.fixture(autouse=True)
def _settings_for_tests(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; hashing is Django's
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded and generated files stay inside the test


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return
    request.getfixturevalue("transactional_db")
    from hoptac.core.testing.jobs import clear_jobs
    from hoptac.core.testing.reference import ensure_reference_data

    ensure_reference_data()
    clear_jobs()


@pytest.fixture
def make_persona(db):
    """``make_persona("coordinator_daklak")`` → that persona's user (created once per test)."""
    cache: dict[str, object] = {}

    def make(name: str):
        if name not in cache:
            cache[name] = persona_registry.create_persona_user(name)
        return cache[name]

    return make


@pytest.fixture
def client_as(make_persona):
    """``client_as("system_admin")`` → a test client logged in as that persona (anonymous: not logged in).

    Personas with a party role must pass the second factor; the client's session has (as after the code step)."""
    from hoptac.accounts.testing import log_in_with_second_factor

    def make(name: str) -> Client:
        client = Client()
        if name != persona_registry.ANONYMOUS:
            log_in_with_second_factor(client, make_persona(name))
        return client

    return make


@pytest.fixture
def admin_user(make_persona):
    return make_persona("system_admin")


@pytest.fixture
def run_jobs(db):
    """Run the Procrastinate jobs waiting in the queue, in-process, until none is left; returns how many ran."""
    from hoptac.core.testing.jobs import run_pending_jobs

    return run_pending_jobs


# --- browser tests (one Chromium per test process, shared by every app's tests) -------------------------


@pytest.fixture(scope="session")
def chromium():
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the Django test code around it is synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)  # a 2-core machine running two test workers: slow, not stuck
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
