"""The yearly evaluation's services: opening a round with prefilled facts, the self-review, the vote, the quota,
the decision and the notice (Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from hoptac.core.errors import DomainError
from hoptac.notifications.models import Notification
from hoptac.party import services_evaluation as services
from hoptac.party.models import (
    Attendance,
    Directive,
    EvaluationYear,
    Meeting,
    MemberEvaluation,
    Recognition,
    ResidenceFeedback,
    StudyRecord,
    StudySession,
)
from hoptac.party.services import rules_for

from .factories import make_member, other_cell
from .role_matrix_evaluation import SUBMITTED, make_evaluation

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 1, 25)
pytestmark = pytest.mark.django_db


def _meeting(cell, user, when: datetime, state="closed", title="Sinh hoạt thường kỳ"):
    return Meeting.objects.create(
        cell=cell,
        kind="regular",
        title=title,
        starts_at=when,
        place="Phòng họp tầng 3",
        state=state,
        created_by=user,
    )


def _submitted(member, **fields):
    return make_evaluation(member, step="submitted", **fields)


# ------------------------------------------------------------------------------------------------ opening a round


def test_open_round_creates_one_evaluation_per_member_on_the_roll_with_their_form(cell, secretary):
    leader = make_member(cell=cell, full_name="Phạm Văn Trưởng", review_form="2A")
    probationary = make_member(
        cell=cell, full_name="Vũ Thị Dự Bị", full_member_on=None, admitted_on=date(2025, 5, 19)
    )
    make_member(cell=cell, full_name="Đỗ Văn Đã Chuyển", status="transferred_out")
    make_member(cell=cell, full_name="Ngô Thị Mới Vào", admitted_on=date(2026, 1, 5), full_member_on=None)
    make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")

    round_ = services.round_open(actor=secretary, cell=cell, year=2025, today=TODAY)

    rows = {e.member.full_name: e for e in round_.evaluations.select_related("member")}
    assert set(rows) == {"Nguyễn Thị Bí Thư", "Phạm Văn Trưởng", "Vũ Thị Dự Bị"}
    assert rows[leader.full_name].form == "2A"
    assert rows[probationary.full_name].form == "2B"
    assert all(e.step == "draft" for e in rows.values())


def test_open_round_twice_or_for_a_future_year_is_refused(cell, secretary):
    services.round_open(actor=secretary, cell=cell, year=2025, today=TODAY)
    with pytest.raises(DomainError) as exc:
        services.round_open(actor=secretary, cell=cell, year=2025, today=TODAY)
    assert exc.value.code == "round_exists"
    with pytest.raises(DomainError) as exc:
        services.round_open(actor=secretary, cell=cell, year=2027, today=TODAY)
    assert exc.value.code == "bad_year"


def test_only_the_committee_opens_a_round(cell, member_user):
    with pytest.raises(DomainError) as exc:
        services.round_open(actor=member_user, cell=cell, year=2025, today=TODAY)
    assert exc.value.code == "not_committee"


def test_facts_are_prefilled_from_meetings_study_recognitions_and_residence(cell, secretary):
    member = make_member(cell=cell, full_name="Hoàng Văn Dữ Liệu")
    exempt = make_member(
        cell=cell, full_name="Lý Thị Miễn", residence_exempt=True, residence_exempt_reason="Học tập trung"
    )
    held = [_meeting(cell, secretary, datetime(2025, m, 5, 14, tzinfo=TZ)) for m in (1, 2, 3, 4)]
    _meeting(cell, secretary, datetime(2025, 5, 5, 14, tzinfo=TZ), state="planned")  # not held: not counted
    _meeting(cell, secretary, datetime(2024, 12, 5, 14, tzinfo=TZ))  # another year
    Attendance.objects.create(meeting=held[0], member=member, presence="present")
    Attendance.objects.create(meeting=held[1], member=member, presence="present")
    Attendance.objects.create(
        meeting=held[2], member=member, presence="absent_with_reason", reason="Công tác"
    )
    resolution = Directive.objects.create(
        cell=cell,
        kind="resolution",
        number="NQ Đại hội XIII",
        title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=date(2021, 2, 1),
    )
    StudySession.objects.create(directive=resolution, held_on=date(2025, 3, 5))
    Directive.objects.create(
        cell=cell, kind="directive", title="Chỉ thị cũ", issuing_body="Ban Bí thư", issued_on=date(2020, 1, 1)
    )
    StudyRecord.objects.create(
        directive=resolution,
        member=member,
        attended=True,
        essay_submitted_on=date(2025, 3, 20),
        essay_assessment="good",
    )
    for kind, decided_on, reason in [
        ("commendation", date(2025, 6, 1), "Hoàn thành xuất sắc đề tài"),
        ("discipline", date(2025, 9, 1), "Vi phạm quy chế"),
        ("criticism", date(2024, 9, 1), "Năm trước"),
    ]:
        Recognition.objects.create(
            member=member, kind=kind, decided_on=decided_on, reason=reason, recorded_by=secretary
        )
    ResidenceFeedback.objects.create(
        member=member,
        year=2025,
        received_on=date(2025, 12, 10),
        organisation="Chi bộ khu dân cư số 5",
        content="Gương mẫu",
        assessment="good",
        recorded_by=secretary,
    )

    round_ = services.round_open(actor=secretary, cell=cell, year=2025, today=TODAY)

    facts = round_.evaluations.get(member=member).facts
    assert facts["meetings"] == {
        "held": 4,
        "present": 2,
        "absent_with_reason": 1,
        "absent_without_reason": 0,
        "not_recorded": 1,
    }
    assert [(s["directive_id"], s["attended"], s["essay_assessment"]) for s in facts["study"]] == [
        (resolution.pk, True, "good")
    ]
    assert facts["recognitions"]["commendation"] == 1
    assert facts["recognitions"]["discipline"] == 1
    assert facts["recognitions"]["criticism"] == 0
    assert facts["discipline_unremedied"] is True
    assert facts["residence"]["status"] == "received"
    assert facts["residence"]["assessment"] == "good"
    exempt_facts = round_.evaluations.get(member=exempt).facts
    assert exempt_facts["residence"] == {"status": "exempt", "reason": "Học tập trung"}
    assert exempt_facts["study"][0]["recorded"] is False
    assert exempt_facts["meetings"]["not_recorded"] == 4


def test_refresh_updates_drafts_only_and_adds_newcomers(cell, secretary):
    member = make_member(cell=cell, full_name="Đinh Văn Cập Nhật")
    round_ = services.round_open(actor=secretary, cell=cell, year=2025, today=TODAY)
    submitted = round_.evaluations.exclude(member=member).get()
    submitted.step = "submitted"
    submitted.save(update_fields=["step"])
    _meeting(cell, secretary, datetime(2025, 7, 5, 14, tzinfo=TZ))
    newcomer = make_member(cell=cell, full_name="Mai Thị Chuyển Đến")

    count = services.round_refresh(actor=secretary, round_=round_)

    assert count == 2
    assert round_.evaluations.get(member=member).facts["meetings"]["held"] == 1
    assert round_.evaluations.get(pk=submitted.pk).facts["meetings"]["held"] == 0
    assert round_.evaluations.filter(member=newcomer).exists()


# ------------------------------------------------------------------------------------------------ self-review


def test_member_saves_then_submits_their_self_review(cell, member_user):
    evaluation = make_evaluation(member_user.party_member)
    data = dict(SUBMITTED)
    services.self_review_save(actor=member_user, evaluation=evaluation, data={"general_score": Decimal("25")})
    evaluation.refresh_from_db()
    assert evaluation.step == "draft" and evaluation.general_score == Decimal("25")

    services.self_review_save(actor=member_user, evaluation=evaluation, data=data, submit=True)
    evaluation.refresh_from_db()
    assert evaluation.step == "submitted" and evaluation.submitted_at is not None
    assert evaluation.score == Decimal("83")

    with pytest.raises(DomainError) as exc:  # read-only once submitted
        services.self_review_save(actor=member_user, evaluation=evaluation, data=data)
    assert exc.value.code == "wrong_step"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tasks_on_time": 11}, "tasks_on_time"),
        ({"tasks_exceeding": 12}, "tasks_exceeding"),
        ({"general_score": Decimal("31")}, "general_score"),
        ({"task_score": Decimal("70.5")}, "task_score"),
        ({"general_score": Decimal("-1")}, "general_score"),
        ({"tasks_total": None}, "tasks_total"),
    ],
)
def test_self_review_bad_numbers_are_refused_on_their_field(cell, member_user, changes, field):
    evaluation = make_evaluation(member_user.party_member)
    with pytest.raises(ValidationError) as exc:
        services.self_review_save(actor=member_user, evaluation=evaluation, data={**SUBMITTED, **changes})
    assert field in exc.value.message_dict
    evaluation.refresh_from_db()
    assert evaluation.general_score is None  # nothing saved


def test_submitting_needs_every_part(cell, member_user):
    evaluation = make_evaluation(member_user.party_member)
    with pytest.raises(ValidationError) as exc:
        services.self_review_save(
            actor=member_user, evaluation=evaluation, data={**SUBMITTED, "remedies": "  "}, submit=True
        )
    assert "remedies" in exc.value.message_dict


def test_nobody_else_writes_a_members_self_review(cell, secretary, member_user, other_member):
    evaluation = make_evaluation(member_user.party_member)
    for actor in (secretary, other_member.user):
        with pytest.raises(DomainError) as exc:
            services.self_review_save(actor=actor, evaluation=evaluation, data=SUBMITTED)
        assert exc.value.code == "forbidden"


def test_the_committee_types_in_the_paper_form_of_a_member_without_a_log_in(cell, secretary):
    retired = make_member(cell=cell, full_name="Cụ Nguyễn Văn Hưu", review_form="2C")
    evaluation = make_evaluation(retired)
    services.self_review_save(actor=secretary, evaluation=evaluation, data=SUBMITTED, submit=True)
    evaluation.refresh_from_db()
    assert evaluation.step == "submitted"


def test_stale_self_review_is_refused(cell, member_user):
    evaluation = make_evaluation(member_user.party_member)
    services.self_review_save(
        actor=member_user, evaluation=evaluation, data={"strengths": "Lần 1"}, expected_version=1
    )
    with pytest.raises(DomainError) as exc:
        services.self_review_save(
            actor=member_user, evaluation=evaluation, data={"strengths": "Lần 2"}, expected_version=1
        )
    assert exc.value.code == "stale"


# ------------------------------------------------------------------------------------------------ rules on a record


@pytest.mark.parametrize(
    ("general", "task", "tasks", "exceeding", "expected"),
    [
        ("28", "62", 10, 3, "excellent"),  # 90, all on time, 30% exceeding
        ("28", "62", 10, 2, "good"),  # 90 without the conditions
        ("25", "44.9", 10, 0, "complete"),  # 69.9
        ("20", "29.9", 10, 0, "not_complete"),  # 49.9
    ],
)
def test_rules_level_follows_score_and_task_numbers(cell, general, task, tasks, exceeding, expected):
    evaluation = MemberEvaluation(
        general_score=Decimal(general),
        task_score=Decimal(task),
        tasks_total=tasks,
        tasks_on_time=tasks,
        tasks_exceeding=exceeding,
    )
    assert services.rules_level(evaluation, rules_for(cell)) == expected


def test_exceeding_share_comes_from_the_cells_rules(cell):
    rules = rules_for(cell)
    rules.excellent_exceeding_share = Decimal("0.20")
    evaluation = MemberEvaluation(
        general_score=Decimal(30), task_score=Decimal(65), tasks_total=10, tasks_on_time=10, tasks_exceeding=2
    )
    assert services.rules_level(evaluation, rules) == "excellent"


def test_self_level_better_than_the_rules_is_warned(cell):
    evaluation = MemberEvaluation(**{**SUBMITTED, "self_level": "excellent"})
    assert "cao hơn" in services.self_level_warning(evaluation, rules_for(cell))
    evaluation.self_level = "complete"
    assert services.self_level_warning(evaluation, rules_for(cell)) is None


# ------------------------------------------------------------------------------------------------ the vote


def test_proposal_needs_more_than_half_of_those_voting(cell, secretary):
    members = [make_member(cell=cell) for _ in range(5)]
    evaluation = _submitted(members[0])
    with pytest.raises(DomainError) as exc:
        services.evaluation_propose(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            votes_for=3,
            votes_total=6,
            proposed_on=TODAY,
            today=TODAY,
        )
    assert exc.value.code == "not_majority"
    assert "3/6" in exc.value.message and "4" in exc.value.message
    evaluation, warnings = services.evaluation_propose(
        actor=secretary,
        evaluation=evaluation,
        level="good",
        votes_for=4,
        votes_total=6,
        proposed_on=TODAY,
        today=TODAY,
    )
    assert evaluation.step == "proposed" and evaluation.proposed_level == "good" and warnings == []


@pytest.mark.parametrize(
    ("votes_for", "votes_total", "field"),
    [(3, 2, "votes_for"), (0, 0, "votes_total"), (30, 40, "votes_total")],
)
def test_impossible_vote_counts_are_refused_on_their_field(cell, secretary, votes_for, votes_total, field):
    evaluation = _submitted(make_member(cell=cell))
    with pytest.raises(ValidationError) as exc:
        services.evaluation_propose(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            votes_for=votes_for,
            votes_total=votes_total,
            proposed_on=TODAY,
            today=TODAY,
        )
    assert field in exc.value.message_dict


def test_proposal_better_than_the_rules_is_warned_not_refused(cell, secretary):
    evaluation = _submitted(make_member(cell=cell))  # 83 points: good
    evaluation, warnings = services.evaluation_propose(
        actor=secretary,
        evaluation=evaluation,
        level="excellent",
        votes_for=2,
        votes_total=2,
        proposed_on=TODAY,
        today=TODAY,
    )
    assert evaluation.proposed_level == "excellent"
    assert any("cao hơn mức theo điểm" in w for w in warnings)


def test_discipline_not_remedied_is_warned_until_recorded(cell, secretary):
    evaluation = _submitted(make_member(cell=cell), facts={"discipline_unremedied": True})
    warnings = services.proposal_warnings(evaluation, rules_for(cell), level="good")
    assert any("Quy định 366-QĐ/TW" in w for w in warnings)
    evaluation.forced_not_complete = "Kỷ luật khiển trách"
    warnings = services.proposal_warnings(evaluation, rules_for(cell), level="good")
    assert any("buộc xếp loại" in w for w in warnings)
    assert services.rules_level(evaluation, rules_for(cell)) == "not_complete"


def _round_with_goods(cell, goods: int):
    members = [make_member(cell=cell) for _ in range(goods + 2)]
    for m in members[:goods]:
        make_evaluation(m, step="proposed", proposed_level="good")
    return [_submitted(m) for m in members[goods:]]


def test_quota_is_advisory_by_default(cell, secretary):
    first, second = _round_with_goods(cell, 5)  # 5 good allow 1 excellent
    kwargs = {"level": "excellent", "votes_for": 5, "votes_total": 7, "proposed_on": TODAY, "today": TODAY}
    first.general_score, first.task_score = Decimal(30), Decimal(65)
    first.tasks_exceeding = 5
    first.save()
    _, warnings = services.evaluation_propose(actor=secretary, evaluation=first, **kwargs)
    assert not any("Vượt tỷ lệ" in w for w in warnings)
    second, warnings = services.evaluation_propose(actor=secretary, evaluation=second, **kwargs)
    assert second.proposed_level == "excellent"
    assert any(
        "Vượt tỷ lệ khống chế: 2 đảng viên xuất sắc, 5 hoàn thành tốt — tối đa 1" in w for w in warnings
    )


def test_quota_blocks_when_the_cell_says_so(cell, secretary):
    rules = rules_for(cell)
    rules.excellent_quota_blocking = True
    rules.save()
    first, second = _round_with_goods(cell, 5)
    kwargs = {"level": "excellent", "votes_for": 5, "votes_total": 7, "proposed_on": TODAY, "today": TODAY}
    services.evaluation_propose(actor=secretary, evaluation=first, **kwargs)
    with pytest.raises(DomainError) as exc:
        services.evaluation_propose(actor=secretary, evaluation=second, **kwargs)
    assert exc.value.code == "quota"
    assert "tối đa 1" in exc.value.message and "chặn" in exc.value.message
    second.refresh_from_db()
    assert second.step == "submitted" and second.proposed_level == ""
    services.evaluation_propose(actor=secretary, evaluation=second, **{**kwargs, "level": "good"})  # fine


def test_blocking_quota_also_refuses_lowering_a_good_that_an_excellent_relies_on(cell, secretary):
    rules = rules_for(cell)
    rules.excellent_quota_blocking = True
    rules.save()
    members = [make_member(cell=cell) for _ in range(6)]
    goods = [make_evaluation(m, step="proposed", proposed_level="good") for m in members[:5]]
    make_evaluation(members[5], step="proposed", proposed_level="excellent")
    with pytest.raises(DomainError) as exc:
        services.evaluation_propose(
            actor=secretary,
            evaluation=goods[0],
            level="complete",
            votes_for=6,
            votes_total=7,
            proposed_on=TODAY,
            today=TODAY,
        )
    assert exc.value.code == "quota"
    # The message says what happened: the lowering, not "vote the good ones first".
    assert "Hạ mức của đồng chí này" in exc.value.message


def test_probationary_and_suspended_members_do_not_count_among_those_voting(cell, secretary):
    """Điều lệ Đảng, Điều 5: a probationary member has every right except to vote, stand and elect."""
    full = [make_member(cell=cell) for _ in range(3)]
    [make_member(cell=cell, full_member_on=None) for _ in range(4)]
    make_member(cell=cell, status="suspended")
    evaluation = _submitted(full[0])
    voters = 4  # the three full members and the secretary
    with pytest.raises(ValidationError) as exc:
        services.evaluation_propose(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            votes_for=5,
            votes_total=voters + 1,
            proposed_on=TODAY,
            today=TODAY,
        )
    assert "votes_total" in exc.value.message_dict
    evaluation, _warnings = services.evaluation_propose(
        actor=secretary,
        evaluation=evaluation,
        level="good",
        votes_for=3,
        votes_total=voters,
        proposed_on=TODAY,
        today=TODAY,
    )
    assert evaluation.votes_total == voters


# ------------------------------------------------------------------------------------------------ steps


@pytest.mark.parametrize(
    ("step", "action"),
    [
        ("draft", "propose"),
        ("draft", "comment"),
        ("draft", "return"),
        ("submitted", "decide"),
        ("submitted", "notify"),
        ("proposed", "notify"),
        ("proposed", "return"),
        ("decided", "propose"),
        ("notified", "decide"),
        ("notified", "comment"),
    ],
)
def test_wrong_step_transitions_are_refused(cell, secretary, step, action):
    evaluation = make_evaluation(make_member(cell=cell), step=step)
    calls = {
        "propose": lambda: services.evaluation_propose(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            votes_for=1,
            votes_total=1,
            proposed_on=TODAY,
            today=TODAY,
        ),
        "comment": lambda: services.evaluation_comment(
            actor=secretary,
            evaluation=evaluation,
            cell_comment="x",
            unit_leader_comment="",
            forced_not_complete="",
        ),
        "return": lambda: services.evaluation_return(actor=secretary, evaluation=evaluation),
        "decide": lambda: services.evaluation_decide(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            decided_on=TODAY,
            decision="1-QĐ",
            today=TODAY,
        ),
        "notify": lambda: services.evaluation_notify(actor=secretary, evaluation=evaluation),
    }
    with pytest.raises(DomainError) as exc:
        calls[action]()
    assert exc.value.code == "wrong_step"
    assert MemberEvaluation.objects.get(pk=evaluation.pk).step == step


def test_return_gives_the_self_review_back_to_the_member(cell, secretary, member_user):
    evaluation = _submitted(member_user.party_member)
    services.evaluation_return(actor=secretary, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.step == "draft" and evaluation.submitted_at is None
    services.self_review_save(actor=member_user, evaluation=evaluation, data={"strengths": "Đã sửa"})


def test_decision_dates_are_checked(cell, secretary):
    evaluation = make_evaluation(make_member(cell=cell), step="proposed")  # proposed 10/01/2026
    with pytest.raises(ValidationError) as exc:
        services.evaluation_decide(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            decided_on=date(2026, 1, 5),
            decision="1",
            today=TODAY,
        )
    assert "decided_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.evaluation_decide(
            actor=secretary,
            evaluation=evaluation,
            level="good",
            decided_on=date(2026, 2, 5),
            decision="1",
            today=TODAY,
        )
    assert "decided_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.evaluation_decide(
            actor=secretary, evaluation=evaluation, level="good", decided_on=TODAY, decision="  ", today=TODAY
        )
    assert "decision" in exc.value.message_dict


def test_full_flow_ends_with_the_member_notified_and_the_round_closed(cell, secretary, member_user):
    evaluation = make_evaluation(member_user.party_member)
    services.self_review_save(actor=member_user, evaluation=evaluation, data=SUBMITTED, submit=True)
    services.evaluation_comment(
        actor=secretary,
        evaluation=evaluation,
        cell_comment="Hoàn thành tốt nhiệm vụ được giao.",
        unit_leader_comment="Đồng ý.",
        forced_not_complete="",
    )
    services.evaluation_propose(
        actor=secretary,
        evaluation=evaluation,
        level="good",
        votes_for=1,
        votes_total=1,
        proposed_on=TODAY,
        today=TODAY,
    )
    services.evaluation_decide(
        actor=secretary,
        evaluation=evaluation,
        level="good",
        decided_on=TODAY,
        decision="12-QĐ/ĐU",
        today=TODAY,
    )
    round_ = EvaluationYear.objects.get(pk=evaluation.round_id)
    assert services.round_notify(actor=secretary, round_=round_) == 1

    evaluation.refresh_from_db()
    assert evaluation.step == "notified" and evaluation.notified_at is not None
    notice = Notification.objects.get(recipient=member_user, kind=services.KIND_RESULT)
    assert notice.payload == {"year": 2025, "level": "good"}
    title, body = services.render_result(notice.payload)
    assert "2025" in title and "Hoàn thành tốt nhiệm vụ" in body
    round_.refresh_from_db()
    assert round_.closed_at is not None


def test_cell_level_is_recorded_by_the_committee(cell, secretary, member_user):
    round_ = services.round_open(actor=secretary, cell=cell, year=2025, today=TODAY)
    services.round_cell_level(
        actor=secretary,
        round_=round_,
        level="good",
        decided_on=date(2026, 1, 15),
        decision="45-QĐ/ĐU",
        today=TODAY,
    )
    round_.refresh_from_db()
    assert (round_.cell_level, round_.cell_level_decision) == ("good", "45-QĐ/ĐU")
    with pytest.raises(DomainError):
        services.round_cell_level(
            actor=member_user, round_=round_, level="excellent", decided_on=TODAY, decision="", today=TODAY
        )
    with pytest.raises(ValidationError):
        services.round_cell_level(
            actor=secretary,
            round_=round_,
            level="good",
            decided_on=date(2024, 12, 1),
            decision="",
            today=TODAY,
        )
