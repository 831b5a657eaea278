"""Real Chromium (Debian's package) driven by Playwright for Python.

`playwright install` cannot download browsers here, so the Debian build at /usr/bin/chromium is used. When it
is missing the browser tests are skipped loudly — except under CI=true, where they are required and fail.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .personas import PASSWORD

CHROMIUM = os.environ.get("HOPTAC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def require_chromium() -> None:
    if chromium_available():
        return
    message = f"Chromium not found at {CHROMIUM}: install the Debian package `chromium` (make test does so as root)."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " Browser tests are required when CI=true.", pytrace=False)
    pytest.skip("BROWSER TESTS SKIPPED — " + message)


def log_in(page, user, password: str = PASSWORD) -> None:
    """Log ``user`` in through the screens, in a fresh session: the password, then — when the person has (or, with
    a party role, must have) an authenticator — a code computed from it. Ends on the home page."""
    from hoptac.accounts import second_factor
    from hoptac.accounts.models import TwoFactorDevice
    from hoptac.accounts.testing import enrol

    if second_factor.requires_two_factor(user):
        enrol(user)
    device = TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(user.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        page.wait_for_url(re.compile(r"/dang-nhap/ma-xac-thuc/$"))
        page.get_by_label("Mã xác thực").fill(_fresh_code(device))
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")  # the home page, not the code step's URL


def _fresh_code(device) -> str:
    """A code the server will take: a step after the last one used (the same code twice is refused as a replay),
    waiting for the next 30-second step when the one ahead is already used too."""
    from hoptac.accounts import totp

    device.refresh_from_db(fields=["last_used_step"])
    step = totp.time_step()
    if device.last_used_step is not None and device.last_used_step >= step:
        step = device.last_used_step + 1
        while step > totp.time_step() + totp.DRIFT_STEPS:
            time.sleep(1)
    return totp.hotp(bytes(device.secret), step)
