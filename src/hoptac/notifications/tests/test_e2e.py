"""Browser test in real Chromium: the bell shows the count, the list opens, reading lowers the count."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from hoptac.core.testing.browser import PHONE
from hoptac.notifications.services import notify

from .kinds_for_tests import PAYLOAD, TEST_KIND

SHOTS = Path(os.environ["HOPTAC_SHOTS"]) if os.environ.get("HOPTAC_SHOTS") else None
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))


def test_reading_notifications_lowers_the_bell_count(page, make_persona):
    expert = make_persona("institute_expert")
    actor = make_persona("coordinator_daklak")
    for number in (1, 2, 3):
        notify(
            recipients=[expert],
            kind=TEST_KIND.code,
            payload={**PAYLOAD, "number": number},
            url="/tai-khoan/",
            actor=actor,
            email=False,
        )
    _log_in(page, "institute_expert")
    bell = page.get_by_test_id("notification-bell")
    assert bell.get_by_test_id("unread-count").inner_text() == "3"

    bell.click()
    page.wait_for_url(re.compile(r"/thong-bao/$"))
    items = page.get_by_test_id("notification")
    assert items.count() == 3
    assert "Yêu cầu 3 · Tháng 1" in items.first.inner_text()  # newest first
    assert page.locator('[data-testid="notification"][data-read="0"].fw-bold').count() == 3  # unread in bold
    if SHOTS:
        page.screenshot(path=str(SHOTS / "notifications-list.png"), full_page=True)

    items.first.click()  # marks it read and goes where it leads
    page.wait_for_url(re.compile(r"/tai-khoan/$"))
    assert bell.get_by_test_id("unread-count").inner_text() == "2"

    bell.click()
    page.wait_for_url(re.compile(r"/thong-bao/$"))
    assert page.locator('[data-testid="notification"][data-read="1"]').count() == 1
    page.get_by_test_id("mark-all-read").click()
    page.wait_for_url(re.compile(r"/thong-bao/$"))
    assert page.get_by_test_id("messages").is_visible()
    assert bell.get_by_test_id("unread-count").count() == 0
    assert page.locator('[data-testid="notification"][data-read="0"]').count() == 0
    assert page.console_errors == []  # CSP blocked nothing


def test_the_bell_stays_in_reach_on_a_phone(page, make_persona):
    expert = make_persona("institute_expert")
    notify(recipients=[expert], kind=TEST_KIND.code, payload=PAYLOAD, url="/", email=False)
    page.set_viewport_size(PHONE)
    _log_in(page, "institute_expert")
    bell = page.get_by_test_id("notification-bell")
    assert bell.is_visible()  # outside the collapsed menu
    assert page.get_by_test_id("menu-toggle").is_visible()
    if SHOTS:
        page.screenshot(path=str(SHOTS / "bell-phone.png"))
    bell.click()
    page.wait_for_url(re.compile(r"/thong-bao/$"))
    assert page.get_by_test_id("notification").count() == 1
