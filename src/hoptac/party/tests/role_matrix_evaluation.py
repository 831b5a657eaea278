"""Role-matrix entries of the yearly evaluation and the term targets, and the builders their tests share.

Evaluations belong to the ``party_member`` persona's record: the committee (``party_secretary``) and that member
see it; everybody else meets 404. Committee actions answer 302 (done) to the secretary and 404 to everybody else,
the member included; the self-review answers 302 to its member and 403 (the refusal in words) to the secretary,
who sees the evaluation but may not write a member's self-review.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
COMMITTEE = ("party_secretary",)


# ------------------------------------------------------------------------------------------------ builders


def make_round(cell=None, year: int = 2025, **fields):
    from hoptac.party.models import EvaluationYear

    from .personas import cell as test_cell

    round_, _created = EvaluationYear.objects.get_or_create(
        cell=cell or test_cell(), year=year, defaults=fields
    )
    return round_


SUBMITTED = {
    "general_score": Decimal("27"),
    "task_score": Decimal("56"),
    "tasks_total": 10,
    "tasks_on_time": 10,
    "tasks_exceeding": 2,
    "strengths": "Gương mẫu, trách nhiệm.",
    "shortcomings": "Đôi khi chậm báo cáo.",
    "remedies": "Chủ động hơn.",
    "self_level": "good",
}


def make_evaluation(member, *, year: int = 2025, step: str = "draft", **fields):
    """An evaluation of ``member`` for ``year`` at ``step``, with the fields that step implies."""
    from hoptac.party.models import MemberEvaluation

    round_ = make_round(member.cell, year)
    values: dict = {"form": member.review_form, "step": step}
    if step != "draft":
        values.update(SUBMITTED)
    if step in ("proposed", "decided", "notified"):
        values.update(proposed_level="good", votes_for=1, votes_total=1, proposed_on=date(year + 1, 1, 10))
    if step in ("decided", "notified"):
        values.update(decided_level="good", decided_on=date(year + 1, 1, 20), decision="123-QĐ/ĐU")
    values.update(fields)
    evaluation, _created = MemberEvaluation.objects.get_or_create(
        round=round_, member=member, defaults=values
    )
    return evaluation


def persona_member(ctx, name: str = "party_member"):
    return ctx.make_persona(name).party_member


def _evaluation(step: str = "draft"):
    return lambda ctx: {"pk": make_evaluation(persona_member(ctx), step=step).pk}


def _round(ctx):
    persona_member(ctx)
    return {"pk": make_round().pk}


def _term(ctx):
    from .factories import make_term

    return {"term_pk": make_term().pk}


def _target(ctx):
    from hoptac.party.models import TermTarget

    from .factories import make_term

    target, _created = TermTarget.objects.get_or_create(
        term=make_term(), label="Trên 70% hoàn thành tốt", defaults={"level": "good", "share": Decimal("70")}
    )
    return {"pk": target.pk}


SELF_REVIEW = {
    "general_score": "27",
    "task_score": "56,5",
    "tasks_total": "10",
    "tasks_on_time": "9",
    "tasks_exceeding": "1",
    "strengths": "Gương mẫu.",
    "shortcomings": "",
    "remedies": "",
    "self_level": "good",
}

ROLE_MATRIX = [
    Expect("party:evaluation_list", only(*PARTY)),
    Expect("party:round_open", only(*COMMITTEE, ok=302), method="POST", data=lambda ctx: {"year": 2025}),
    Expect("party:round_detail", only(*COMMITTEE), kwargs=_round),
    Expect("party:round_refresh", only(*COMMITTEE, ok=302), kwargs=_round, method="POST"),
    Expect("party:round_notify", only(*COMMITTEE, ok=302), kwargs=_round, method="POST"),
    Expect(
        "party:round_cell_level",
        only(*COMMITTEE, ok=302),
        kwargs=_round,
        method="POST",
        data={"level": "good", "decided_on": "15/01/2026", "decision": "45-QĐ/ĐU"},
    ),
    Expect("party:evaluation_detail", only(*PARTY), kwargs=_evaluation()),
    Expect(
        "party:evaluation_self_review",
        {**only("party_member", ok=302), "party_secretary": 403},
        kwargs=_evaluation(),
        method="POST",
        data=SELF_REVIEW,
    ),
    Expect(
        "party:evaluation_comment",
        only(*COMMITTEE, ok=302),
        kwargs=_evaluation("submitted"),
        method="POST",
        data={"cell_comment": "Hoàn thành tốt.", "unit_leader_comment": "", "forced_not_complete": ""},
    ),
    Expect(
        "party:evaluation_return", only(*COMMITTEE, ok=302), kwargs=_evaluation("submitted"), method="POST"
    ),
    Expect(
        "party:evaluation_propose",
        only(*COMMITTEE, ok=302),
        kwargs=_evaluation("submitted"),
        method="POST",
        data={"level": "good", "votes_for": "1", "votes_total": "1", "proposed_on": "10/01/2026"},
    ),
    Expect(
        "party:evaluation_decide",
        only(*COMMITTEE, ok=302),
        kwargs=_evaluation("proposed"),
        method="POST",
        data={"level": "good", "decided_on": "20/01/2026", "decision": "123-QĐ/ĐU"},
    ),
    Expect("party:evaluation_notify", only(*COMMITTEE, ok=302), kwargs=_evaluation("decided"), method="POST"),
    Expect("party:target_list", only(*PARTY)),
    Expect("party:target_create", only(*COMMITTEE), kwargs=_term),
    Expect("party:target_edit", only(*COMMITTEE), kwargs=_target),
    Expect("party:target_delete", only(*COMMITTEE, ok=302), kwargs=_target, method="POST"),
]
