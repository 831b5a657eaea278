"""Browser test of the keyboard-first entry screen: a counter types the crossed-out positions (the names are
struck through as they are typed), presses Enter, the screen is swapped in place with the next number and the
cursor back in the code field; a second counter's different reading is flagged side by side; a re-reading
settles it — all without a mouse and without a page load."""

from __future__ import annotations

import re

import pytest

from hoptac.core.testing.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_counters_enter_a_ballot_by_keyboard(page, live_server):
    from hoptac.congress.models import Ballot

    from .builders_counting import counting

    count = counting(candidates=4, seats=2, summoned=12)
    first, second = count.counters
    url = f"/dang/dai-hoi/kiem-phieu/{count.election.pk}/"

    log_in(page, first)
    page.goto(url)
    code = page.locator("[data-count-code]")
    assert page.locator("#id_number").input_value() == "1"
    code.press_sequentially("34")
    names = page.get_by_test_id("count-name")
    assert "text-decoration-line-through" in (
        names.nth(2).locator("[data-name]").get_attribute("class") or ""
    )
    assert "text-decoration-line-through" not in (
        names.nth(0).locator("[data-name]").get_attribute("class") or ""
    )
    assert names.nth(3).locator("[data-mark]").inner_text() == "Gạch tên"
    code.press("Enter")
    page.get_by_test_id("saved").wait_for()
    assert "chờ thành viên khác nhập lần hai" in page.get_by_test_id("saved").inner_text()
    assert page.locator("#id_number").input_value() == "2"
    assert page.evaluate("document.activeElement && document.activeElement.hasAttribute('data-count-code')")
    assert page.get_by_test_id("n-pending").inner_text() == "1"

    # the same counter cannot read ballot 1 again: the refusal lands on the form, what was typed kept
    page.locator("#id_number").fill("1")
    page.locator("[data-count-code]").fill("3 4")
    page.locator("[data-count-code]").press("Enter")
    page.get_by_test_id("form-errors").wait_for()
    assert "thành viên khác" in page.get_by_test_id("form-errors").inner_text()

    # the second counter (in a browser of their own) reads ballot 1 differently: a mismatch, side by side
    other = page.context.browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    other.set_default_timeout(20_000)
    log_in(other, second)
    other.goto(url)
    assert other.locator("#id_number").input_value() == "1"
    other.locator("[data-count-code]").press_sequentially("24")
    other.locator("[data-count-code]").press("Enter")
    other.get_by_test_id("mismatch").wait_for()
    assert other.get_by_test_id("differs").count() == 2
    assert Ballot.objects.get().state == "mismatch"
    other.context.close()

    # the first counter reads it again (link from the mismatch) and agrees with the second: accepted
    page.goto(url)
    page.get_by_test_id("reread").click()
    page.wait_for_url(re.compile(r"\?so=1$"))
    assert page.locator("#id_number").input_value() == "1"
    page.locator("[data-count-code]").press_sequentially("24")
    page.keyboard.press("Enter")
    page.get_by_test_id("saved").wait_for()
    assert page.get_by_test_id("saved").get_attribute("data-state") == "accepted"
    assert page.get_by_test_id("n-accepted").inner_text() == "1"
    assert page.get_by_test_id("mismatch").count() == 0
