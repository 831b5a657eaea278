"""Browser test: one whole journey with four people (issue 4, "Must show").

The cooperative's representative submits on a phone → the coordinator of Đắk Lắk endorses → the institute's
leader accepts and assigns an expert → the expert logs work, writes an internal note and resolves → the
representative, on a phone again, reads the timeline (without the internal note) and confirms with 5 stars.
"""

from __future__ import annotations

import re

import pytest

from hoptac.core.testing.browser import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "progress"])]
PASSWORD = "mat-khau-thu-nghiem-2026"
INTERNAL_NOTE = "Ghi chú nội bộ: đề nghị lấy mẫu nước thải đợt 2, chưa báo hợp tác xã"
PUBLIC_NOTE = "Chúng tôi sẽ đến khảo sát xưởng vào thứ Năm."


def _log_in_as(page, username):
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))


def _state(page) -> str:
    return page.get_by_test_id("request-state").inner_text()


def _act(page, slug):
    """Open an action's small form (Bootstrap collapse) and wait until it shows."""
    page.locator(f'button[data-action="{slug}"]').click()
    page.get_by_test_id(f"form-{slug}").wait_for(state="visible")


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_whole_journey_with_four_people(page, make_persona):
    for name in ("cooperative_rep", "coordinator_daklak", "institute_leader", "institute_expert"):
        make_persona(name)

    # 1. The representative writes the request on a phone and sends it.
    page.set_viewport_size(PHONE)
    _log_in_as(page, "cooperative_rep")
    page.goto("/yeu-cau/them/")
    assert page.get_by_test_id("fixed-cooperative").inner_text() == "Hợp tác xã Dịch vụ Nông nghiệp Ea Tu"
    page.get_by_label("Lĩnh vực cần hỗ trợ").select_option(label="Kiểm nghiệm chất lượng")
    page.get_by_label("Tiêu đề").fill("Kiểm nghiệm nước thải xưởng sơ chế cà phê")
    page.get_by_label("Nội dung cần hỗ trợ").fill("Xưởng mới, cần biết nước thải có đạt QCVN không.")
    page.get_by_test_id("submit-request").click()
    page.wait_for_url(re.compile(r"/yeu-cau/\d+/$"))
    detail_url = page.url
    assert _state(page) == "Chờ tỉnh xác nhận"
    number = page.get_by_test_id("request-number").inner_text()
    assert re.fullmatch(r"YC-\d{4}-\d{6}", number)
    assert "Gửi yêu cầu" in page.get_by_test_id("timeline").inner_text()
    assert _fits_the_screen(page)

    # 2. The coordinator of Đắk Lắk finds it in "Việc của tôi" and endorses it.
    page.set_viewport_size(DESKTOP)
    _log_in_as(page, "coordinator_daklak")
    page.goto("/yeu-cau/")
    page.get_by_test_id("request-table").get_by_role(
        "link", name="Kiểm nghiệm nước thải xưởng sơ chế cà phê"
    ).click()
    page.wait_for_url(detail_url)
    assert [b.inner_text() for b in page.get_by_test_id("actions").locator("button[data-action]").all()] == [
        "Xác nhận, chuyển Viện",
        "Trả lại để bổ sung",
        "Từ chối",
    ]
    _act(page, "xac-nhan")
    page.get_by_test_id("form-xac-nhan").get_by_label("Ghi chú (hợp tác xã đọc được, không bắt buộc)").fill(
        "Hợp tác xã có thật, cần hỗ trợ."
    )
    with page.expect_navigation():  # a POST that lands back on the same URL
        page.get_by_test_id("do-xac-nhan").click()
    assert _state(page) == "Chờ Viện tiếp nhận"
    assert "Tỉnh xác nhận" in page.get_by_test_id("timeline").inner_text()

    # 3. The institute's leader takes it in from the intake queue and assigns the expert.
    _log_in_as(page, "institute_leader")
    page.goto("/yeu-cau/?xem=tiep-nhan")
    page.get_by_test_id("request-table").get_by_role(
        "link", name="Kiểm nghiệm nước thải xưởng sơ chế cà phê"
    ).click()
    page.wait_for_url(detail_url)
    _act(page, "tiep-nhan")
    page.get_by_test_id("form-tiep-nhan").get_by_label("Chuyên gia phụ trách").select_option(
        label="Phạm Thu Chuyên"
    )
    with page.expect_navigation():  # a POST that lands back on the same URL
        page.get_by_test_id("do-tiep-nhan").click()
    assert _state(page) == "Đã phân công"
    assert page.get_by_test_id("assignee").inner_text() == "Phạm Thu Chuyên"

    # 4. The expert logs a visit (which starts the work), writes an internal note and a reply, and resolves.
    _log_in_as(page, "institute_expert")
    page.goto("/yeu-cau/")
    page.get_by_test_id("request-table").get_by_role(
        "link", name="Kiểm nghiệm nước thải xưởng sơ chế cà phê"
    ).click()
    page.wait_for_url(detail_url)
    page.locator("#work-hours").fill("2,5")
    page.locator("#work-description").fill("Khảo sát xưởng, lấy mẫu nước thải.")
    with page.expect_navigation():  # a POST that lands back on the same URL
        page.get_by_test_id("add-work").click()
    assert _state(page) == "Đang thực hiện"
    assert "2,5 giờ" in page.get_by_test_id("work-log").inner_text()
    page.locator("#comment-body").fill(INTERNAL_NOTE)
    page.get_by_label("Ghi chú nội bộ (hợp tác xã không thấy)").check()
    page.get_by_test_id("send-comment").click()
    page.wait_for_url(re.compile(r"/yeu-cau/\d+/"))
    page.locator("#comment-body").fill(PUBLIC_NOTE)
    page.get_by_test_id("send-comment").click()
    page.wait_for_url(re.compile(r"/yeu-cau/\d+/"))
    timeline = page.get_by_test_id("timeline").inner_text()
    assert INTERNAL_NOTE in timeline and PUBLIC_NOTE in timeline
    _act(page, "bao-cao-ket-qua")
    page.get_by_label("Kết quả đã làm cho hợp tác xã").fill("Nước thải đạt QCVN 40:2025/BTNMT cột B.")
    with page.expect_navigation():  # a POST that lands back on the same URL
        page.get_by_test_id("do-bao-cao-ket-qua").click()
    assert _state(page) == "Đã xử lý, chờ xác nhận"

    # 5. The representative, on a phone, reads the timeline (never the internal note) and rates 5 stars.
    page.set_viewport_size(PHONE)
    _log_in_as(page, "cooperative_rep")
    page.goto(detail_url)
    assert _state(page) == "Đã xử lý, chờ xác nhận"
    assert "Hợp tác xã hãy xác nhận và đánh giá" in page.get_by_test_id("next-step").inner_text()
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in (
        "Gửi yêu cầu",
        "Tỉnh xác nhận",
        "Viện tiếp nhận và phân công",
        "Bắt đầu thực hiện",
        "Đã xử lý",
    ):
        assert step in timeline
    assert PUBLIC_NOTE in timeline
    assert INTERNAL_NOTE not in page.content()
    assert page.get_by_test_id("work-log").count() == 0
    assert _fits_the_screen(page)
    _act(page, "danh-gia")
    page.get_by_test_id("rating").get_by_text("5 sao").click()
    page.get_by_label("Nhận xét của hợp tác xã (không bắt buộc)").fill("Cán bộ nhiệt tình, kết quả rõ ràng.")
    with page.expect_navigation():  # a POST that lands back on the same URL
        page.get_by_test_id("do-danh-gia").click()
    assert _state(page) == "Đã đóng"
    assert page.get_by_test_id("rating-shown").get_attribute("data-rating") == "5"
    assert "Hợp tác xã xác nhận và đánh giá" in page.get_by_test_id("timeline").inner_text()
    assert INTERNAL_NOTE not in page.content()
    assert page.console_errors == []  # CSP blocked nothing
