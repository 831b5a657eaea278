"""Browser test: a member fills in and submits their self-review (the rules' level shown, a better self-rating
warned); the secretary's term-target page draws one Chart.js chart per target without breaking the CSP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hoptac.core.testing.browser import log_in

from .role_matrix_evaluation import make_evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_submits_self_review_and_secretary_sees_target_charts(page, make_persona):
    from hoptac.party.models import MemberEvaluation, TermTarget

    from .factories import make_term

    member = make_persona("party_member")
    secretary = make_persona("party_secretary")
    evaluation = make_evaluation(member.party_member)
    term = make_term(name="2022–2025", starts_on=date(2022, 8, 19))
    TermTarget.objects.create(
        term=term, label="Trên 70% hoàn thành tốt", level="good", comparison="gt", share=Decimal(70)
    )
    TermTarget.objects.create(term=term, label="30% xuất sắc", level="excellent", share=Decimal(30))
    make_evaluation(secretary.party_member, year=2024, step="notified", decided_level="good")

    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    log_in(page, member)
    page.goto(f"/dang/danh-gia-xep-loai/phieu/{evaluation.pk}/")
    page.locator("#tkd-general_score").fill("28")
    page.locator("#tkd-task_score").fill("62,5")
    page.locator("#tkd-tasks_total").fill("10")
    page.locator("#tkd-tasks_on_time").fill("10")
    page.locator("#tkd-tasks_exceeding").fill("1")
    page.locator("#tkd-strengths").fill("Hoàn thành đề tài đúng hạn.")
    page.locator("#tkd-shortcomings").fill("Còn chậm báo cáo.")
    page.locator("#tkd-remedies").fill("Chủ động hơn.")
    page.locator("#tkd-self_level").select_option("excellent")
    with page.expect_navigation():
        page.get_by_test_id("do-submit").click()
    assert (
        "Hoàn thành tốt nhiệm vụ" in page.get_by_test_id("rules-level").inner_text()
    )  # 90.5 but 10% exceeding
    assert "cao hơn mức theo điểm" in page.get_by_test_id("self-warning").inner_text()
    assert page.get_by_test_id("form-self").count() == 0
    assert MemberEvaluation.objects.get(pk=evaluation.pk).step == "submitted"

    log_in(page, secretary)
    page.goto(f"/dang/chi-tieu-nhiem-ky/?nhiem-ky={term.pk}")
    page.wait_for_selector('canvas[data-drawn="1"]')
    assert page.locator('canvas[data-drawn="1"]').count() == 2
    assert page.get_by_test_id("flagged").count() == 2  # 30% excellent with over 70% good
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
