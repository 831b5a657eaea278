"""Demo data of the yearly evaluation and the term targets (called by the party module's demo loader).

* the years of the 2022–2025 term up to last year, each decided by the superior committee and notified, within
  the quota (e.g. 2 excellent, 11 good, the rest complete for 18 members; probationary members included once
  admitted); the cell rated "good";
* the seed article's targets for the 2022–2025 term, adopted by the congress of 19/8/2022: 100% complete or
  above, over 70% good or above, 30% excellent — the last is flagged on the targets page (the 20% quota).

Safe to run twice: a year already opened is left as it is, targets are matched by their label.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from hoptac.core.audit import acting_as

from . import rules, selectors_evaluation
from .choices import OFF_ROLL, EvaluationStep, Level, TargetComparison, TargetMode, TargetSource
from .models import EvaluationYear, MemberEvaluation, Term, TermTarget

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TERM_NAME = "2022–2025"
TERM_STARTS = date(2022, 8, 19)
CONGRESS_NOTE = "Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022–2025 (19/8/2022)"
SEED_TARGETS = (
    ("100% đảng viên hoàn thành nhiệm vụ trở lên", Level.COMPLETE, TargetComparison.AT_LEAST, Decimal(100)),
    (
        "Trên 70% đảng viên hoàn thành tốt nhiệm vụ trở lên",
        Level.GOOD,
        TargetComparison.MORE_THAN,
        Decimal(70),
    ),
    ("30% đảng viên hoàn thành xuất sắc nhiệm vụ", Level.EXCELLENT, TargetComparison.AT_LEAST, Decimal(30)),
)

# Self-review content by level: (general score, task score, tasks, on time, exceeding, strengths, shortcomings,
# remedies, the cell's comment).
CONTENT = {
    Level.EXCELLENT: (
        Decimal("28.5"),
        Decimal("63"),
        12,
        12,
        5,
        "Bản lĩnh chính trị vững vàng; chủ trì đề tài cấp Bộ về xử lý nước thải chăn nuôi cho hợp tác xã, "
        "nghiệm thu đạt loại xuất sắc; tích cực hướng dẫn đồng nghiệp trẻ.",
        "Có lúc chưa cân đối thời gian giữa nhiệm vụ chuyên môn và sinh hoạt đoàn thể.",
        "Sắp xếp kế hoạch công tác hợp lý hơn; tiếp tục nêu gương trong học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh.",
        "Hoàn thành xuất sắc nhiệm vụ chuyên môn; gương mẫu, đoàn kết, được đảng viên và quần chúng tín nhiệm.",
    ),
    Level.GOOD: (
        Decimal("26.5"),
        Decimal("56"),
        10,
        10,
        2,
        "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; hoàn thành đúng hạn các nhiệm vụ "
        "được giao; tham gia đầy đủ sinh hoạt chi bộ.",
        "Tinh thần phê bình và tự phê bình trong sinh hoạt chi bộ có lúc chưa cao.",
        "Chủ động phát biểu, đóng góp ý kiến xây dựng chi bộ; nâng cao trình độ chuyên môn.",
        "Hoàn thành tốt nhiệm vụ; có ý thức tổ chức kỷ luật, đoàn kết nội bộ.",
    ),
    Level.COMPLETE: (
        Decimal("24"),
        Decimal("43"),
        8,
        7,
        0,
        "Chấp hành nghiêm kỷ luật của Đảng; giữ gìn phẩm chất đạo đức, lối sống.",
        "Một nhiệm vụ chuyên môn hoàn thành chậm so với kế hoạch; chưa nộp đúng hạn bài thu hoạch học tập nghị quyết.",
        "Xây dựng kế hoạch công tác chi tiết theo tháng; nộp bài thu hoạch đúng hạn.",
        "Hoàn thành nhiệm vụ; cần chủ động hơn trong công tác chuyên môn.",
    ),
}


def _plan(evaluated: list, year: int) -> dict[int, Level]:
    """The levels of a year within the quota: about 60% good, two excellent when there are enough "good"."""
    n = len(evaluated)
    excellent = 2 if n >= 12 else (1 if n >= 6 else 0)
    good = min(n - excellent, max(5 * excellent, round(Decimal("0.62") * n)))
    full = [m for m in evaluated if not m.is_probationary]
    probationary = [m for m in evaluated if m.is_probationary]
    # A different pair stands out each year; probationary members come last (good or complete).
    shift = year % max(len(full), 1)
    ordered = full[shift:] + full[:shift] + probationary
    levels = [Level.EXCELLENT] * excellent + [Level.GOOD] * good + [Level.COMPLETE] * (n - excellent - good)
    plan = {m.pk: level for m, level in zip(ordered, levels, strict=True)}
    if rules.quota_excess(plan.values()):  # pragma: no cover - the arithmetic above forbids it
        raise RuntimeError("demo levels must respect the quota")
    return plan


def _round(cell, year: int, members: list, secretary_user, today: date) -> EvaluationYear | None:
    if EvaluationYear.objects.filter(cell=cell, year=year).exists():
        return None
    evaluated = [
        m
        for m in members
        if m.status not in OFF_ROLL and m.admitted_on <= date(year, 12, 31) and m.cell_id == cell.pk
    ]
    if not evaluated:
        return None
    plan = _plan(evaluated, year)
    facts = selectors_evaluation.facts_for(cell, year, evaluated)
    proposed_on = min(date(year, 12, 22), today)
    decided_on = min(date(year + 1, 1, 16), today)
    notified_at = datetime.combine(min(date(year + 1, 1, 20), today), time(9, 0), tzinfo=TZ)
    decision = f"{40 + year % 100}-QĐ/ĐU ngày {decided_on:%d/%m/%Y}"
    voters = len(evaluated) - 1  # one member away on mission at the vote
    round_ = EvaluationYear.objects.create(
        cell=cell,
        year=year,
        closed_at=notified_at,
        cell_level=Level.GOOD,
        cell_level_decided_on=decided_on,
        cell_level_decision=f"{41 + year % 100}-QĐ/ĐU ngày {decided_on:%d/%m/%Y} (xếp loại tổ chức đảng)",
    )
    rows = []
    for m in evaluated:
        level = plan[m.pk]
        general, task, tasks, on_time, exceeding, strengths, shortcomings, remedies, comment = CONTENT[level]
        if m.is_probationary and level == Level.COMPLETE:
            shortcomings = (
                "Là đảng viên dự bị, kinh nghiệm công tác đảng còn ít; "
                + shortcomings[0].lower()
                + shortcomings[1:]
            )
        fact = dict(
            facts[m.pk], refreshed_at=datetime.combine(proposed_on, time(8, 0), tzinfo=TZ).isoformat()
        )
        rows.append(
            MemberEvaluation(
                round=round_,
                member=m,
                form=m.review_form,
                step=EvaluationStep.NOTIFIED,
                facts=fact,
                general_score=general,
                task_score=task,
                tasks_total=tasks,
                tasks_on_time=on_time,
                tasks_exceeding=exceeding,
                strengths=strengths,
                shortcomings=shortcomings,
                remedies=remedies,
                self_level=level,
                submitted_at=datetime.combine(min(date(year, 12, 10), today), time(16, 0), tzinfo=TZ),
                cell_comment=comment,
                unit_leader_comment="Thống nhất với nhận xét của chi bộ." if m.is_unit_leader else "",
                proposed_level=level,
                votes_for=voters if level != Level.EXCELLENT else voters - 1,
                votes_total=voters,
                proposed_on=proposed_on,
                decided_level=level,
                decided_on=decided_on,
                decision=decision,
                notified_at=notified_at,
            )
        )
    MemberEvaluation.objects.bulk_create(rows)
    return round_


def _term(cell) -> Term:
    term, _created = Term.objects.get_or_create(
        cell=cell, name=TERM_NAME, defaults={"starts_on": TERM_STARTS}
    )
    return term


def load(*, cell, members, secretary_user, today: date) -> dict:
    """Load the evaluation demo; returns what was created (for the loader's summary)."""
    created = {"rounds": 0, "targets": 0}
    with transaction.atomic(), acting_as(secretary_user, command="demo_data"):
        term = _term(cell)
        for label, level, comparison, share in SEED_TARGETS:
            _target, made = TermTarget.objects.get_or_create(
                term=term,
                label=label,
                defaults={
                    "level": level,
                    "mode": TargetMode.AT_LEAST_LEVEL,
                    "comparison": comparison,
                    "share": share,
                    "source": TargetSource.CONGRESS,
                    "source_note": CONGRESS_NOTE,
                    "created_by": secretary_user,
                },
            )
            created["targets"] += int(made)
        last_year = today.year - 1
        for year in range(TERM_STARTS.year, last_year + 1):
            if _round(cell, year, list(members), secretary_user, today) is not None:
                created["rounds"] += 1
    return created
