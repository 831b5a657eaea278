"""Two-factor log-in in real Chromium: enrol from the account page, then log in with a code from the secret."""

from __future__ import annotations

import re

import pytest

from hoptac.accounts import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-2026"


def _password_step(page, identifier):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(identifier)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_enrol_then_log_in_with_a_code_computed_from_the_secret(page, make_persona):
    make_persona("institute_expert")
    _password_step(page, "institute_expert")
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/tai-khoan/")
    page.get_by_role("link", name="Bật xác thực hai lớp").click()
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc-hai-lop/$"))
    qr = page.get_by_test_id("two-factor-qr")
    assert qr.is_visible()
    assert page.evaluate("el => el.naturalWidth", qr.element_handle()) > 0  # the data: image loaded (CSP)
    secret = totp.from_b32(page.get_by_test_id("two-factor-secret").inner_text())
    step = totp.time_step()
    page.get_by_label("Mã 6 chữ số trong ứng dụng").fill(totp.hotp(secret, step))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    assert page.get_by_test_id("two-factor-enabled").is_visible()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    assert codes.count() == 10

    page.context.clear_cookies()  # log out
    _password_step(page, "institute_expert@example.vn")
    page.wait_for_url(re.compile(r"/dang-nhap/ma-xac-thuc/$"))
    field = page.get_by_label("Mã xác thực")
    field.fill("000000" if totp.hotp(secret, step + 1) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận").click()
    assert page.get_by_text("Mã xác thực không đúng").is_visible()
    # The enrolment's code was used: the next time step's code is accepted (one step of drift).
    page.get_by_label("Mã xác thực").fill(totp.hotp(secret, max(step + 1, totp.time_step())))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", name="Xin chào, Phạm Thu Chuyên").is_visible()
    assert page.console_errors == []


def test_the_enrolment_page_fits_a_phone(page, make_persona):
    from hoptac.core.testing.browser import PHONE

    make_persona("alliance_viewer")
    page.set_viewport_size(PHONE)
    _password_step(page, "alliance_viewer")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/tai-khoan/xac-thuc-hai-lop/")
    assert page.get_by_test_id("two-factor-qr").is_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the enrolment page scrolls sideways at phone width: {widths}"
