"""The evaluation screens: who opens what, bad input kept on the form, refusals in words, query budgets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party.models import EvaluationYear, MemberEvaluation
from hoptac.party.services import rules_for

from .factories import make_member, other_cell
from .role_matrix_evaluation import SELF_REVIEW, make_evaluation, make_round

pytestmark = pytest.mark.django_db


def _detail(evaluation) -> str:
    return reverse("party:evaluation_detail", args=[evaluation.pk])


def _self_url(evaluation) -> str:
    return reverse("party:evaluation_self_review", args=[evaluation.pk])


# ------------------------------------------------------------------------------------------------ who sees what


def test_member_cannot_open_another_members_evaluation(cell, member_client, other_member):
    theirs = make_evaluation(other_member)
    assert member_client.get(_detail(theirs)).status_code == 404
    assert member_client.post(_self_url(theirs), SELF_REVIEW).status_code == 404
    assert MemberEvaluation.objects.get(pk=theirs.pk).general_score is None


def test_committee_of_another_cell_sees_nothing(cell, committee_client):
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    evaluation = make_evaluation(stranger)
    assert committee_client.get(_detail(evaluation)).status_code == 404
    assert committee_client.get(reverse("party:round_detail", args=[evaluation.round_id])).status_code == 404


def test_member_sees_their_own_evaluation_but_not_the_committees_work_before_notice(
    cell, member_client, member_user
):
    evaluation = make_evaluation(
        member_user.party_member, step="decided", cell_comment="Nhận xét nội bộ của chi bộ"
    )
    page = member_client.get(_detail(evaluation)).content.decode()
    assert "Nhận xét nội bộ của chi bộ" not in page
    assert 'data-testid="decided-level"' not in page
    assert 'data-testid="form-propose"' not in page

    evaluation.step = "notified"
    evaluation.save(update_fields=["step"])
    page = member_client.get(_detail(evaluation)).content.decode()
    assert "Nhận xét nội bộ của chi bộ" in page
    assert 'data-testid="decided-level"' in page and "Hoàn thành tốt nhiệm vụ" in page
    listing = member_client.get(reverse("party:evaluation_list")).content.decode()
    assert 'data-testid="my-level"' in listing


# ------------------------------------------------------------------------------------------------ self-review


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"general_score": "31"}, "Điểm tối đa là 30."),
        ({"task_score": "70,5"}, "Điểm tối đa là 70."),
        ({"general_score": "-2"}, "Điểm không được âm."),
        ({"general_score": "hai mươi"}, "Hãy nhập một số, ví dụ 27,5."),
        ({"task_score": "55,25"}, "Điểm chỉ lấy một chữ số thập phân."),
        ({"tasks_total": "mười"}, "Hãy nhập một số nguyên không âm"),
        ({"tasks_on_time": "12"}, "Số nhiệm vụ đúng hạn không thể nhiều hơn số nhiệm vụ được giao."),
        ({"tasks_exceeding": "11"}, "Số nhiệm vụ vượt yêu cầu không thể nhiều hơn số nhiệm vụ được giao."),
        ({"self_level": "tuyet-voi"}, "Hãy chọn mức xếp loại trong danh sách."),
        ({"strengths": "x" * 10001}, "Tối đa 10000 ký tự"),
    ],
)
def test_self_review_bad_input_is_explained_and_nothing_typed_is_lost(
    cell, member_client, member_user, changes, message
):
    evaluation = make_evaluation(member_user.party_member)
    data = {**SELF_REVIEW, "strengths": "Ưu điểm tôi đã gõ", **changes}
    response = member_client.post(_self_url(evaluation), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert ("Ưu điểm tôi đã gõ" in page) or ("x" * 100 in page)
    evaluation.refresh_from_db()
    assert evaluation.general_score is None and evaluation.step == "draft"


def test_self_review_accepts_a_decimal_comma_and_submits(cell, member_client, member_user):
    evaluation = make_evaluation(member_user.party_member)
    data = {**SELF_REVIEW, "shortcomings": "Chậm", "remedies": "Chủ động", "submit": "1"}
    response = member_client.post(_self_url(evaluation), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.task_score == Decimal("56.5") and evaluation.step == "submitted"
    page = member_client.get(_detail(evaluation)).content.decode()
    assert 'data-testid="form-self"' not in page and 'data-testid="self-review-read"' in page
    again = member_client.post(_self_url(evaluation), data)
    assert again.status_code == 409
    assert "không thể sửa bản tự kiểm điểm" in again.content.decode()


def test_screen_shows_the_rules_level_and_warns_when_self_level_is_better(cell, member_client, member_user):
    evaluation = make_evaluation(
        member_user.party_member,
        general_score=Decimal("28"),
        task_score=Decimal("63"),
        tasks_total=10,
        tasks_on_time=10,
        tasks_exceeding=1,
        self_level="excellent",
    )
    page = member_client.get(_detail(evaluation)).content.decode()
    assert "Mức theo điểm và điều kiện" in page
    assert 'data-testid="self-warning"' in page
    assert "cao hơn mức theo điểm" in page


def test_submit_with_missing_parts_keeps_the_draft(cell, member_client, member_user):
    evaluation = make_evaluation(member_user.party_member)
    response = member_client.post(_self_url(evaluation), {**SELF_REVIEW, "submit": "1"})
    assert response.status_code == 200
    assert "Cần điền mục này trước khi nộp." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.step == "draft"


def test_secretary_may_not_write_a_members_self_review(cell, committee_client, member_user):
    evaluation = make_evaluation(member_user.party_member)
    response = committee_client.post(_self_url(evaluation), SELF_REVIEW)
    assert response.status_code == 403
    assert "Chỉ đảng viên được đánh giá" in response.content.decode()


# ------------------------------------------------------------------------------------------------ committee


def test_round_open_from_the_list(cell, committee_client, secretary):
    make_member(cell=cell)
    response = committee_client.post(reverse("party:round_open"), {"year": "2025"})
    round_ = EvaluationYear.objects.get(cell=cell, year=2025)
    assert response.status_code == 302 and response["Location"] == reverse(
        "party:round_detail", args=[round_.pk]
    )
    again = committee_client.post(reverse("party:round_open"), {"year": "2025"})
    assert again.status_code == 409 and "đã được mở" in again.content.decode()
    bad = committee_client.post(reverse("party:round_open"), {"year": "năm nay"})
    assert bad.status_code == 200 and "Hãy nhập năm bằng số" in bad.content.decode()


def test_proposal_without_majority_is_refused_in_words(cell, committee_client, member_user):
    for _ in range(4):
        make_member(cell=cell)
    evaluation = make_evaluation(member_user.party_member, step="submitted")
    url = reverse("party:evaluation_propose", args=[evaluation.pk])
    response = committee_client.post(
        url, {"level": "good", "votes_for": "2", "votes_total": "4", "proposed_on": "10/01/2026"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "không được thông qua: 2/4 tán thành" in page
    assert 'value="2"' in page  # what was typed stays
    ok = committee_client.post(
        url, {"level": "good", "votes_for": "3", "votes_total": "4", "proposed_on": "10/01/2026"}
    )
    assert ok.status_code == 302


def test_quota_warning_on_round_page_and_proposal_and_blocking_message(cell, committee_client):
    members = [make_member(cell=cell) for _ in range(6)]
    for m in members[:4]:
        make_evaluation(m, step="proposed", proposed_level="good")
    excellent = make_evaluation(members[4], step="submitted")
    url = reverse("party:evaluation_propose", args=[excellent.pk])
    data = {"level": "excellent", "votes_for": "5", "votes_total": "6", "proposed_on": "10/01/2026"}
    response = committee_client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Vượt tỷ lệ khống chế: 1 đảng viên xuất sắc, 4 hoàn thành tốt — tối đa 0" in page
    round_page = committee_client.get(
        reverse("party:round_detail", args=[excellent.round_id])
    ).content.decode()
    assert 'data-testid="quota-warning"' in round_page

    rules = rules_for(cell)
    rules.excellent_quota_blocking = True
    rules.save()
    second = make_evaluation(members[5], step="submitted")
    refused = committee_client.post(reverse("party:evaluation_propose", args=[second.pk]), data)
    assert refused.status_code == 409
    assert "chế độ chặn" in refused.content.decode()


def test_forced_not_complete_is_prefilled_from_an_unremedied_discipline(cell, committee_client):
    member = make_member(cell=cell)
    evaluation = make_evaluation(
        member,
        step="submitted",
        facts={
            "discipline_unremedied": True,
            "recognition_items": [
                {
                    "kind": "discipline",
                    "decided_on": "2025-09-01",
                    "reason": "Vi phạm quy chế",
                    "self_remedied": False,
                }
            ],
        },
    )
    page = committee_client.get(_detail(evaluation)).content.decode()
    assert "Bị kỷ luật trong năm 2025: Vi phạm quy chế" in page
    assert 'data-testid="discipline-warning"' in page


def test_wrong_step_action_answers_409_in_words(cell, committee_client):
    evaluation = make_evaluation(make_member(cell=cell), step="submitted")
    response = committee_client.post(
        reverse("party:evaluation_decide", args=[evaluation.pk]),
        {"level": "good", "decided_on": "20/01/2026", "decision": "1-QĐ"},
    )
    assert response.status_code == 409
    assert "không thể ghi quyết định của cấp trên" in response.content.decode()


def test_notify_from_the_page_tells_the_member(cell, committee_client, member_user):
    evaluation = make_evaluation(member_user.party_member, step="decided")
    response = committee_client.post(reverse("party:evaluation_notify", args=[evaluation.pk]))
    assert response.status_code == 302
    from hoptac.notifications.models import Notification

    assert Notification.objects.filter(recipient=member_user, kind="party.evaluation_result").count() == 1


# ------------------------------------------------------------------------------------------------ query budgets


def test_round_page_queries_do_not_grow_with_members(cell, committee_client):
    rules_for(cell)  # created on first use; not part of the page's budget
    round_ = make_round(cell, 2025)
    url = reverse("party:round_detail", args=[round_.pk])
    steps = ["draft", "submitted", "proposed", "decided", "notified"]

    def add(n):
        for i in range(n):
            make_evaluation(make_member(cell=cell), step=steps[i % len(steps)])

    assert_constant_queries(lambda: committee_client.get(url), add, budget=20)


def test_evaluation_list_queries_do_not_grow_with_rounds(cell, committee_client, secretary):
    me = secretary.party_member
    year = iter(range(1970, 2030))

    def add(n):
        for _ in range(n):
            make_evaluation(me, year=next(year))

    assert_constant_queries(lambda: committee_client.get(reverse("party:evaluation_list")), add, budget=20)


def test_detail_queries_do_not_grow_with_facts(cell, committee_client):
    rules_for(cell)
    member = make_member(cell=cell)
    evaluation = make_evaluation(member, step="submitted")
    others = []

    def add(n):
        for _ in range(n):
            others.append(make_evaluation(make_member(cell=cell), step="proposed"))
        evaluation.facts = {
            "study": [{"directive": f"NQ {i}", "recorded": True} for i in range(len(others))],
            "recognition_items": [{"kind": "commendation", "decided_on": "2025-01-01", "reason": "x"}]
            * len(others),
        }
        evaluation.save(update_fields=["facts"])

    assert_constant_queries(lambda: committee_client.get(_detail(evaluation)), add, budget=20)
