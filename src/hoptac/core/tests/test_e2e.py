"""Browser tests in real Chromium: log in, lock-out message, language, the role's menu, phone width."""

from __future__ import annotations

import re

import pytest

from hoptac.core.testing.browser import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-2026"


def _log_in(page, identifier, password=PASSWORD):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(identifier)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_log_in_with_email_shows_the_roles_menu(page, make_persona):
    make_persona("system_admin")
    _log_in(page, "system_admin@example.vn")
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", name="Xin chào, Trần Quản Trị").is_visible()
    menu = page.get_by_test_id("main-menu")
    assert menu.get_by_role("link", name="Người dùng").is_visible()
    assert page.console_errors == []  # CSP blocked nothing, scripts loaded


def test_coordinator_menu_has_no_administration(page, make_persona):
    make_persona("coordinator_daklak")
    _log_in(page, "coordinator_daklak")
    page.wait_for_url(re.compile(r"/$"))
    menu = page.get_by_test_id("main-menu")
    assert menu.get_by_role("link", name="Trang chủ").is_visible()
    assert menu.get_by_role("link", name="Người dùng").count() == 0
    assert "Đắk Lắk" in page.get_by_test_id("my-roles").inner_text()


def test_lockout_message_after_five_failures(page, make_persona):
    make_persona("institute_expert")
    for attempt in range(4):
        _log_in(page, "institute_expert" if attempt % 2 else "institute_expert@example.vn", "sai-mat-khau")
        assert page.get_by_text("mật khẩu không đúng").is_visible()
    _log_in(page, "institute_expert", "sai-mat-khau")
    locked = page.get_by_test_id("locked-out")
    assert locked.is_visible()
    assert "15 phút" in locked.inner_text()
    # The right password is refused too until the cool-off ends.
    _log_in(page, "institute_expert@example.vn")
    assert page.get_by_test_id("locked-out").is_visible()


def test_switch_language_to_english_and_back(page, make_persona):
    make_persona("institute_leader")
    _log_in(page, "institute_leader")
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_test_id("language-switch").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your roles").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("language-switch").get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vai trò của bạn").is_visible()


def test_phone_width_collapses_the_menu_and_nothing_overflows(page, make_persona):
    make_persona("system_admin")
    page.set_viewport_size(PHONE)
    _log_in(page, "system_admin")
    page.wait_for_url(re.compile(r"/$"))
    menu_link = page.get_by_test_id("main-menu").get_by_role("link", name="Người dùng")
    assert not menu_link.is_visible()
    page.get_by_test_id("menu-toggle").click()
    menu_link.wait_for(state="visible")
    menu_link.click()
    page.wait_for_url(re.compile(r"/quan-tri/nguoi-dung/"))
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page scrolls sideways at phone width: {widths}"
    # The user table turns into stacked rows with their labels.
    first_cell = page.get_by_test_id("user-table").locator("tbody td").first
    label = page.evaluate("el => getComputedStyle(el, '::before').content", first_cell.element_handle())
    assert "Họ và tên" in label


def test_print_stylesheet_hides_the_application_chrome(page, make_persona):
    make_persona("system_admin")
    _log_in(page, "system_admin")
    page.wait_for_url(re.compile(r"/$"))
    page.emulate_media(media="print")
    assert not page.get_by_test_id("navbar").is_visible()
    assert page.get_by_role("heading", name="Xin chào, Trần Quản Trị").is_visible()


def test_history_panel_loads_when_opened(page, make_persona):
    make_persona("system_admin")
    expert = make_persona("institute_expert")
    _log_in(page, "system_admin")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/quan-tri/nguoi-dung/{expert.pk}/")
    panel = page.get_by_test_id("history-panel")
    panel.get_by_text("Lịch sử thay đổi").click()
    history = panel.get_by_test_id("history")
    history.wait_for(state="visible")
    assert "Tạo mới" in history.inner_text()
    assert "Phạm Thu Chuyên" in history.inner_text()
