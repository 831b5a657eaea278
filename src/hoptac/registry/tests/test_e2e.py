"""Browser test: a coordinator imports a messy spreadsheet and finds a cooperative without typing diacritics."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from .test_import import GOOD_ROWS, messy_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "progress"])]


def test_coordinator_imports_a_messy_spreadsheet_end_to_end(page, make_persona, run_jobs, tmp_path):
    make_persona("coordinator_daklak")
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("coordinator_daklak")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/hop-tac-xa/")
    page.get_by_test_id("import").click()
    with page.expect_download() as template:
        page.get_by_test_id("download-template").click()
    blank = load_workbook(io.BytesIO(template.value.path().read_bytes()))
    assert blank.active["A1"].value == "Tên hợp tác xã"

    rows = [GOOD_ROWS[0], [2, "HTX Sai mã", 100233480, "Đắk Lắk", 9, None, None, None], GOOD_ROWS[1]]
    messy = messy_xlsx(tmp_path / "danh-sach-htx.xlsx", rows)
    page.get_by_label("Tệp bảng tính").set_input_files(str(messy))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_url(re.compile(r"/nhap/luot/"))
    assert run_jobs() == 1  # the preview job (in production a worker picks it up)
    status = page.get_by_test_id("run-status")
    page.wait_for_selector('[data-testid="run-status"][data-status="done"]', timeout=15_000)
    assert status.locator('[data-count="new"]').inner_text() == "1"
    assert status.locator('[data-count="invalid"]').inner_text() == "2"
    problems = page.get_by_test_id("problems").inner_text()
    assert "100233480" in problems and "ngoài tỉnh/thành phố bạn được nhập" in problems

    with page.expect_download() as error_file:
        page.get_by_test_id("download-errors").click()
    rejected = load_workbook(io.BytesIO(error_file.value.path().read_bytes())).active
    assert rejected.max_row == 3 and [c.value for c in rejected[1]][-1] == "Lỗi cần sửa"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("commit").click()
    page.wait_for_url(re.compile(r"/nhap/luot/"))
    assert run_jobs() == 1
    page.wait_for_selector('[data-testid="run-status"][data-status="done"]', timeout=15_000)
    page.get_by_test_id("back-to-list").click()

    page.get_by_test_id("registry-search").fill("nong nghiep dich vu ea kly")
    table = page.get_by_test_id("cooperative-table")
    table.get_by_role("link", name="HTX Nông nghiệp Dịch vụ Ea Kly").wait_for()
    assert table.locator("tbody tr").count() == 1
    assert page.console_errors == []
