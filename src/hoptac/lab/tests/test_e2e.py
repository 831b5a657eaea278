"""Browser test: one sample's way through the center with four people (issue 5, "Must show").

The lab manager registers the order on its form, receives the sample and applies the regulation → the analyst enters one result on the sample page
and the other on the batch-entry grid → a reviewer (another person) verifies both → the manager issues the report
from the reports panel → an anonymous visitor opens the verification page and sees the report's number and its
overall verdict.
"""

from __future__ import annotations

import re

import pytest

from hoptac.core.testing.browser import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "progress"])]
PASSWORD = "mat-khau-thu-nghiem-2026"


def _log_in_as(page, username):
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))


def _act(page, action):
    page.locator(f'button[data-action="{action}"]').click()
    page.get_by_test_id(f"form-{action}").wait_for(state="visible")


def _submit(page, testid):
    """Click a POST form's button and wait for the page it leads to (PRG: back on the sample page)."""
    with page.expect_navigation():
        page.get_by_test_id(testid).click()


def _state(page) -> str:
    return page.get_by_test_id("sample-state").inner_text()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_receive_enter_verify_issue_and_verify_the_report_anonymously(page, make_persona, shipped_lab_data):
    from hoptac.lab.models import Matrix, Parameter, Sample, TestReport
    from hoptac.registry.tests.personas import OWN_TAX_CODE, cooperative

    from .builders import limit_set

    for name in ("lab_manager", "lab_analyst", "lab_reviewer"):
        make_persona(name)
    cooperative(OWN_TAX_CODE)
    ph, bod = Parameter.objects.get(code="pH"), Parameter.objects.get(code="BOD5")

    # 0. The manager registers the order: the cooperative picked by name, the matrix's parameters loaded on
    #    change (htmx), the quote following the ticks.
    _log_in_as(page, "lab_manager")
    page.goto("/mau/them/")
    page.get_by_label("Hợp tác xã").fill("ea tu")
    page.get_by_test_id("cooperative-choices").get_by_text("Hợp tác xã Dịch vụ Nông nghiệp Ea Tu").click()
    page.get_by_test_id("matrix").select_option(str(Matrix.objects.get(code="domestic-wastewater").pk))
    page.locator(f"#parameter-{ph.pk}").check()
    page.locator(f"#parameter-{bod.pk}").check()
    expected = f"{ph.price + bod.price:,.0f}".replace(",", ".") + " ₫"
    assert page.get_by_test_id("quote").inner_text() == expected
    page.get_by_label("Nơi lấy mẫu").fill("Cửa xả bể tự hoại, trại heo")
    _submit(page, "register-sample")
    sample = Sample.objects.get()
    detail = f"/mau/{sample.pk}/"
    assert page.url.endswith(detail)

    # 1. The manager finds it in "Chờ nhận mẫu", receives it and applies QCVN 14:2008 column B.
    page.goto("/mau/")
    assert page.locator('[data-tab="cho-nhan"]').get_attribute("data-count") == "1"
    page.get_by_test_id("sample-table").get_by_role("link", name=sample.code).click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    _act(page, "receive")
    page.get_by_test_id("form-receive").get_by_label("Tình trạng mẫu khi nhận").select_option("intact")
    _submit(page, "do-receive")
    assert _state(page) == "Đã nhận mẫu"
    _act(page, "apply")
    form = page.get_by_test_id("form-apply")
    form.get_by_label("Quy chuẩn và bộ giới hạn").select_option(str(limit_set().pk))
    form.get_by_label("Hệ số K").fill("1")
    _submit(page, "do-apply")
    assert "QCVN 14:2008/BTNMT — B" in page.get_by_test_id("regulation").inner_text()

    # 2. The analyst enters pH on the sample page (on a phone), BOD5 on the batch grid.
    _log_in_as(page, "lab_analyst")
    page.set_viewport_size(PHONE)
    page.goto(detail)
    page.get_by_test_id("enter-pH").get_by_label("Kết quả (pH)").fill("7,2")
    with page.expect_navigation():
        page.get_by_test_id("enter-pH").get_by_test_id("do-enter").click()
    assert _state(page) == "Đang phân tích"
    assert _fits_the_screen(page)
    page.set_viewport_size(DESKTOP)
    page.goto(f"/mau/nhap-theo-chi-tieu/?chi_tieu={bod.pk}")
    page.get_by_label(f"Kết quả {sample.code}").fill("40")
    _submit(page, "save-batch")
    assert sample.code in page.get_by_test_id("saved-rows").inner_text()

    # 3. A reviewer — not the analyst — verifies both from the "Chờ soát xét" list.
    _log_in_as(page, "lab_reviewer")
    page.goto("/mau/")
    page.get_by_test_id("sample-table").get_by_role("link", name=sample.code).click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    for code in ("pH", "BOD5"):
        with page.expect_navigation():
            page.get_by_test_id(f"verify-{code}").get_by_test_id("do-verify").click()
    assert _state(page) == "Đã soát xét kết quả"
    assert page.get_by_test_id("compliance").get_attribute("data-compliance") == "compliant"

    # 4. The manager issues the report from the reports panel.
    _log_in_as(page, "lab_manager")
    page.goto(detail)
    _submit(page, "report-issue")
    assert _state(page) == "Đã trả kết quả"
    report = TestReport.objects.get(sample=sample)
    assert report.number in page.get_by_test_id("reports-panel").inner_text()

    # 5. Anyone holding the report checks its code without logging in.
    page.context.clear_cookies()
    page.goto(f"/xac-thuc/{report.verification_code}/")
    facts = page.get_by_test_id("verify-facts").inner_text()
    assert report.number in facts and sample.code in facts and "Đạt" in facts
    assert page.get_by_test_id("verify-current").is_visible()
    assert page.console_errors == []
