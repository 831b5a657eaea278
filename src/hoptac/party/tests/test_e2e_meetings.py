"""Browser test (issue 6, "Must show"): the secretary schedules a meeting and publishes its notice; a member logs
in (password and authenticator code) and sees the notice; the secretary records attendance and the minutes and
closes them; the DOCX minutes download and hold the right names."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hoptac.core.testing.browser import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, testid):
    with page.expect_navigation():
        page.get_by_test_id(testid).click()


def test_schedule_notify_attend_minutes_and_download(page, make_persona, live_server):
    from hoptac.party.models import Meeting, PartyMember

    secretary = make_persona("party_secretary")
    member = make_persona("party_member")
    member_record = PartyMember.objects.get(user=member)

    # 1. The secretary schedules the meeting (it started two hours ago: the minutes are written right after).
    log_in(page, secretary)
    page.goto("/dang/sinh-hoat/")
    page.get_by_test_id("meeting-create").click()
    page.wait_for_url(re.compile(r"/dang/sinh-hoat/them/$"))
    starts = timezone.localtime() - timedelta(hours=2)
    page.locator("#id_kind").select_option("regular")
    page.locator("#id_title").fill("Sinh hoạt thường kỳ tháng này")
    page.locator("#id_starts_at").fill(starts.strftime("%d/%m/%Y %H:%M"))
    page.locator("#id_place").fill("Phòng họp tầng 3, Viện KHCN&MT")
    page.locator("#id_agenda").fill("Đánh giá kết quả công tác tháng\nPhương hướng tháng tới")
    _submit(page, "save-meeting")
    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/dang/sinh-hoat/{meeting.pk}/")
    assert page.get_by_test_id("meeting-state").inner_text() == "Đã lên lịch"
    _submit(page, "do-notify")
    assert page.get_by_test_id("meeting-state").inner_text() == "Đã thông báo"

    # 2. A member logs in (on a phone) in a browser of their own and sees the notice.
    member_context = page.context.browser.new_context(
        viewport=PHONE, locale="vi-VN", base_url=live_server.url
    )
    member_page = member_context.new_page()
    member_page.set_default_timeout(20_000)
    log_in(member_page, member)
    member_page.goto("/dang/thong-bao/")
    notice = member_page.get_by_test_id("notice").first
    assert "Sinh hoạt thường kỳ tháng này" in notice.inner_text()
    assert "Phòng họp tầng 3" in notice.inner_text()
    notice.get_by_role("link").click()
    member_page.wait_for_url(re.compile(rf"/dang/sinh-hoat/{meeting.pk}/$"))
    assert "Đánh giá kết quả công tác tháng" in member_page.get_by_test_id("agenda").inner_text()

    # 3. The secretary records attendance: the member is away with a reason.
    page.get_by_test_id("attendance-link").click()
    page.wait_for_url(re.compile(r"/diem-danh/$"))
    me = PartyMember.objects.get(user=secretary)
    page.locator(f"#presence-{me.pk}").select_option("present")
    page.locator(f"#presence-{member_record.pk}").select_option("absent_with_reason")
    page.locator(f'[name="reason-{member_record.pk}"]').fill("Đi công tác tại Đắk Lắk")
    _submit(page, "save-attendance")
    assert page.get_by_test_id("meeting-state").inner_text() == "Đã họp, đang hoàn thiện biên bản"
    assert page.get_by_test_id("present-count").inner_text() == "Có mặt: 1 đồng chí."

    # 4. The minutes: chair, minute-taker, end, opinions, a resolution with its vote; then closed.
    page.get_by_test_id("minutes-link").click()
    page.wait_for_url(re.compile(r"/bien-ban/$"))
    page.locator("#id_chair").select_option(str(me.pk))
    page.locator("#id_minute_taker").select_option(str(me.pk))
    page.locator("#id_ends_at").fill((starts + timedelta(minutes=100)).strftime("%d/%m/%Y %H:%M"))
    page.locator("#id_quality").select_option("good")
    item = meeting.agenda.order_by("position").first()
    page.locator(f"#id_discussion_{item.pk}").fill(
        "Đồng chí Nguyễn Thị Bí Thư: tháng qua Viện hoàn thành kế hoạch."
    )
    page.locator("#id_minutes_read_out").check()
    _submit(page, "save-minutes")
    page.locator("#conclusion-kind").select_option("resolution")
    page.locator("#conclusion-text").fill("Thông qua nghị quyết tháng của chi bộ")
    page.locator("#conclusion-votes_for").fill("1")
    _submit(page, "add-conclusion")
    assert "Thông qua nghị quyết tháng" in page.get_by_test_id("conclusions").inner_text()
    page.goto(f"/dang/sinh-hoat/{meeting.pk}/")
    _submit(page, "do-close")
    assert page.get_by_test_id("meeting-state").inner_text() == "Đã chốt biên bản"

    # 5. The DOCX minutes download with the right names.
    with page.expect_download() as info:
        page.get_by_test_id("minutes-docx").click()
    download = info.value
    assert download.suggested_filename.startswith("bien-ban-sinh-hoat-")
    from docx import Document as read_docx

    with open(download.path(), "rb") as handle:
        document = read_docx(io.BytesIO(handle.read()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    assert "BIÊN BẢN SINH HOẠT CHI BỘ" in text
    assert "Chủ trì: đồng chí Nguyễn Thị Bí Thư" in text
    assert "đồng chí Trần Văn Đảng Viên (Đi công tác tại Đắk Lắk)" in text
    assert "Biểu quyết: tán thành 1; không tán thành 0; ý kiến khác 0." in text

    # The member now sees the closed minutes too.
    member_page.reload()
    assert "Nguyễn Thị Bí Thư" in member_page.get_by_test_id("chair").inner_text()
    assert page.console_errors == []
    member_context.close()
