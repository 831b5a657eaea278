"""Writes of the yearly evaluation (Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW) and of the term targets.

The flow, one service per step (shared/domain/party-rules.md §1)::

    round_open           the committee opens a year: one evaluation per member on the roll, facts prefilled
    self_review_save     the member fills in (and submits) their own self-review        draft → submitted
    evaluation_return    the committee gives it back for correction                     submitted → draft
    evaluation_comment   the cell's comment, the unit leader's, a case forcing "not complete"
    evaluation_propose   the cell's proposal by vote (more than half of those voting)  submitted → proposed
    evaluation_decide    the superior committee's decision, recorded by the committee   proposed → decided
    evaluation_notify    the member is told their level                                 decided → notified
    round_cell_level     the cell's own level decided by the superior committee

The rules come from :mod:`hoptac.party.rules` with the cell's :class:`~hoptac.party.models.CellRules` (quota ratio,
blocking or advisory, the share of tasks exceeding requirements for "excellent"). A proposal that breaks a rule is
warned about; it is refused only when the cell has made the quota blocking, or when the vote has no majority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current
from hoptac.notifications.kinds import NotificationKind, register_kind

from . import rules, selectors_evaluation
from .choices import EvaluationStep, Level, TargetSource
from .models import CellRules, EvaluationYear, MemberEvaluation, PartyCell, Term, TermTarget
from .policies import committee_cells
from .services import require_committee, rules_for

STEP = EvaluationStep
LEVEL_LABELS = dict(Level.choices)
NOT_YOURS = _("Chỉ đảng viên được đánh giá mới tự kiểm điểm trên phiếu của mình.")
QUOTA_DOCUMENT = _("Hướng dẫn 21-HD/BTCTW; chưa xác nhận trong Quy định 366-QĐ/TW")
SELF_REVIEW_FIELDS = (
    "general_score",
    "task_score",
    "tasks_total",
    "tasks_on_time",
    "tasks_exceeding",
    "strengths",
    "shortcomings",
    "remedies",
    "self_level",
)
SUBMIT_REQUIRED = (
    "general_score",
    "task_score",
    "tasks_total",
    "tasks_on_time",
    "tasks_exceeding",
    "strengths",
    "shortcomings",
    "remedies",
    "self_level",
)
TARGET_FIELDS = ("label", "level", "mode", "comparison", "share", "source_note")

# ------------------------------------------------------------------------------------------------ notification

KIND_RESULT = "party.evaluation_result"


def render_result(payload: dict) -> tuple[str, str]:
    title = gettext("Kết quả xếp loại chất lượng đảng viên năm %(year)s") % {"year": payload.get("year", "")}
    level = LEVEL_LABELS.get(payload.get("level", ""), "")
    body = gettext("Cấp ủy cấp trên đã quyết định xếp loại: %(level)s.") % {"level": level}
    return title, body


register_kind(NotificationKind(KIND_RESULT, _("Kết quả đánh giá, xếp loại đảng viên"), render_result))


# ------------------------------------------------------------------------------------------------ rules on a record

LEVEL_RANK = {code: index for index, code in enumerate(rules.LEVELS)}  # 0 = best


def better(a: str, b: str) -> bool:
    """Whether level ``a`` is better than level ``b``."""
    return LEVEL_RANK[rules.Level(a)] < LEVEL_RANK[rules.Level(b)]


def conditions_met(evaluation: MemberEvaluation, cell_rules: CellRules) -> bool:
    """The conditions for "excellent" from the member's task numbers (Hướng dẫn 43-HD/BTCTW, configurable)."""
    numbers = (evaluation.tasks_total, evaluation.tasks_on_time, evaluation.tasks_exceeding)
    if any(n is None for n in numbers):
        return False
    total, on_time, exceeding = numbers
    if on_time > total or exceeding > total:
        return False
    return rules.excellent_conditions_met(
        tasks=total,
        on_time=on_time,
        exceeding=exceeding,
        exceeding_share=cell_rules.excellent_exceeding_share,
    )


def rules_level(evaluation: MemberEvaluation, cell_rules: CellRules) -> rules.Level | None:
    """The level the rules give for the self-review's score (None until both scores are in)."""
    score = evaluation.score
    if score is None:
        return None
    return rules.level_for(
        score,
        forced_not_complete=bool(evaluation.forced_not_complete.strip()),
        excellent_conditions_met=conditions_met(evaluation, cell_rules),
    )


@dataclass(frozen=True)
class Quota:
    """The quota across a round: excellent ≤ floor(ratio × good) (Hướng dẫn 21-HD/BTCTW)."""

    excellent: int
    good: int
    allowed: int
    excess: int
    ratio: Decimal
    blocking: bool

    @property
    def ratio_percent(self) -> str:
        return f"{(self.ratio * 100).normalize():f}".replace(".", ",")

    def message(self) -> str:
        return gettext(
            "Vượt tỷ lệ khống chế: %(excellent)s đảng viên xuất sắc, %(good)s hoàn thành tốt — tối đa %(allowed)s "
            "xuất sắc (%(ratio)s%% số hoàn thành tốt), thừa %(excess)s."
        ) % {
            "excellent": self.excellent,
            "good": self.good,
            "allowed": self.allowed,
            "ratio": self.ratio_percent,
            "excess": self.excess,
        }


def quota_state(levels, cell_rules: CellRules) -> Quota:
    levels = list(levels)
    counts = rules.count_levels(levels)
    ratio = cell_rules.excellent_quota_share
    allowed = rules.quota_allowance(counts[rules.Level.GOOD], ratio=ratio)
    return Quota(
        excellent=counts[rules.Level.EXCELLENT],
        good=counts[rules.Level.GOOD],
        allowed=allowed,
        excess=rules.quota_excess(levels, ratio=ratio),
        ratio=ratio,
        blocking=cell_rules.excellent_quota_blocking,
    )


def self_level_warning(evaluation: MemberEvaluation, cell_rules: CellRules) -> str | None:
    """The warning shown to the member when they rate themselves better than the rules do."""
    given = rules_level(evaluation, cell_rules)
    if given is None or not evaluation.self_level or not better(evaluation.self_level, given):
        return None
    return gettext("Mức tự xếp loại (%(self)s) cao hơn mức theo điểm và điều kiện (%(rules)s).") % {
        "self": LEVEL_LABELS[evaluation.self_level],
        "rules": LEVEL_LABELS[given],
    }


def proposal_warnings(
    evaluation: MemberEvaluation,
    cell_rules: CellRules,
    *,
    level: str | None = None,
    quota: Quota | None = None,
) -> list[str]:
    """What the committee should see before (or after) proposing ``level`` (default: the recorded proposal)."""
    level = level or evaluation.proposed_level
    warnings: list[str] = []
    given = rules_level(evaluation, cell_rules)
    facts = evaluation.facts or {}
    if facts.get("discipline_unremedied") and not evaluation.forced_not_complete.strip():
        warnings.append(
            gettext(
                "Đảng viên bị kỷ luật trong năm (không tự phát hiện, khắc phục): theo Quy định 366-QĐ/TW phải xếp "
                "loại không hoàn thành nhiệm vụ — hãy ghi căn cứ vào mục trường hợp buộc xếp loại."
            )
        )
    if (facts.get("residence") or {}).get("status") == "missing":
        warnings.append(gettext("Chưa có nhận xét của nơi cư trú năm nay (Quy định 213-QĐ/TW)."))
    if level:
        if evaluation.forced_not_complete.strip() and level != Level.NOT_COMPLETE:
            warnings.append(
                gettext(
                    "Đã ghi trường hợp buộc xếp loại không hoàn thành nhiệm vụ nhưng đề xuất là “%(level)s”."
                )
                % {"level": LEVEL_LABELS[level]}
            )
        elif given is not None and better(level, given):
            warnings.append(
                gettext("Mức đề xuất (%(proposed)s) cao hơn mức theo điểm và điều kiện (%(rules)s).")
                % {"proposed": LEVEL_LABELS[level], "rules": LEVEL_LABELS[given]}
            )
        if quota is not None and quota.excess and level == Level.EXCELLENT:
            warnings.append(quota.message())
    return warnings


# ------------------------------------------------------------------------------------------------ helpers


def _lock(evaluation: MemberEvaluation, allowed: tuple[str, ...], action) -> MemberEvaluation:
    locked = (
        MemberEvaluation.objects.select_for_update(of=("self",))
        .select_related("round__cell", "member")
        .get(pk=evaluation.pk)
    )
    if locked.step not in allowed:
        raise DomainError(
            _("Phiếu đang ở bước “%(step)s” nên không thể %(action)s.")
            % {"step": locked.get_step_display(), "action": action},
            code="wrong_step",
        )
    return locked


def _not_future(value: date | None, field: str, today: date) -> None:
    if value is not None and value > today:
        raise ValidationError({field: _("Ngày này chưa đến.")})


def _check_year(year: int, today: date) -> None:
    if not 2000 <= year <= today.year:
        raise DomainError(
            _("Năm đánh giá phải từ 2000 đến %(year)s.") % {"year": today.year}, code="bad_year"
        )


def _new_facts(cell: PartyCell, year: int, members) -> dict[int, dict]:
    facts = selectors_evaluation.facts_for(cell, year, list(members))
    stamp = timezone.now().isoformat()
    for value in facts.values():
        value["refreshed_at"] = stamp
    return facts


# ------------------------------------------------------------------------------------------------ the round


def round_open(*, actor, cell: PartyCell, year: int, today: date | None = None) -> EvaluationYear:
    """Open ``year``'s round: an evaluation per member on the roll, with the form their record says (Mẫu 2A/2B/2C)."""
    require_committee(actor, cell)
    today = today or timezone.localdate()
    _check_year(year, today)
    with transaction.atomic(), acting_as(actor):
        PartyCell.objects.select_for_update().get(pk=cell.pk)
        if EvaluationYear.objects.filter(cell=cell, year=year).exists():
            raise DomainError(
                _("Đợt đánh giá năm %(year)s đã được mở.") % {"year": year}, code="round_exists"
            )
        members = list(selectors_evaluation.members_on_roll(cell, year))
        if not members:
            raise DomainError(
                _("Chi bộ chưa có đảng viên nào để đánh giá năm %(year)s.") % {"year": year},
                code="no_members",
            )
        round_ = EvaluationYear(cell=cell, year=year)
        round_.full_clean()
        round_.save()
        facts = _new_facts(cell, year, members)
        MemberEvaluation.objects.bulk_create(
            [MemberEvaluation(round=round_, member=m, form=m.review_form, facts=facts[m.pk]) for m in members]
        )
    return round_


def round_refresh(*, actor, round_: EvaluationYear) -> int:
    """Refresh the facts of the evaluations still in draft, and add members who joined the roll since.

    Returns how many evaluations were refreshed or added. Submitted ones keep the facts the member saw."""
    require_committee(actor, round_.cell_id)
    with transaction.atomic(), acting_as(actor):
        round_ = EvaluationYear.objects.select_for_update().select_related("cell").get(pk=round_.pk)
        if round_.closed_at is not None:
            raise DomainError(_("Đợt đánh giá này đã kết thúc."), code="closed")
        drafts = list(
            MemberEvaluation.objects.select_for_update(of=("self",))
            .filter(round=round_, step=STEP.DRAFT)
            .select_related("member")
        )
        existing = set(MemberEvaluation.objects.filter(round=round_).values_list("member_id", flat=True))
        joined = [
            m for m in selectors_evaluation.members_on_roll(round_.cell, round_.year) if m.pk not in existing
        ]
        facts = _new_facts(round_.cell, round_.year, [e.member for e in drafts] + joined)
        for evaluation in drafts:
            evaluation.facts = facts[evaluation.member_id]
            evaluation.version += 1
        MemberEvaluation.objects.bulk_update(drafts, ["facts", "version"])
        MemberEvaluation.objects.bulk_create(
            [MemberEvaluation(round=round_, member=m, form=m.review_form, facts=facts[m.pk]) for m in joined]
        )
    return len(drafts) + len(joined)


def round_cell_level(
    *, actor, round_: EvaluationYear, level: str, decided_on: date, decision: str, today: date | None = None
) -> EvaluationYear:
    """Record the cell's own level for the year, as the superior committee decided it."""
    require_committee(actor, round_.cell_id)
    today = today or timezone.localdate()
    _not_future(decided_on, "cell_level_decided_on", today)
    if decided_on.year < round_.year:
        raise ValidationError(
            {"cell_level_decided_on": _("Ngày quyết định không thể trước năm được đánh giá.")}
        )
    with transaction.atomic(), acting_as(actor):
        round_ = EvaluationYear.objects.select_for_update().get(pk=round_.pk)
        round_.cell_level, round_.cell_level_decided_on, round_.cell_level_decision = (
            level,
            decided_on,
            decision.strip(),
        )
        round_.full_clean()
        round_.save(update_fields=["cell_level", "cell_level_decided_on", "cell_level_decision"])
    return round_


def round_notify(*, actor, round_: EvaluationYear) -> int:
    """Notify every member whose level is decided and not yet notified; returns how many."""
    require_committee(actor, round_.cell_id)
    pks = list(MemberEvaluation.objects.filter(round=round_, step=STEP.DECIDED).values_list("pk", flat=True))
    with transaction.atomic():
        for pk in pks:
            evaluation_notify(actor=actor, evaluation=MemberEvaluation(pk=pk, round=round_))
    return len(pks)


# ------------------------------------------------------------------------------------------------ the member


def may_fill(actor, evaluation: MemberEvaluation) -> bool:
    """Whether ``actor`` fills in this self-review: the member, or the committee for a member without a log-in."""
    member = evaluation.member
    if actor is None or not getattr(actor, "pk", None):
        return False
    if member.user_id is not None:
        return member.user_id == actor.pk
    # A member without a log-in (a retired member, say) hands in a paper form; the committee types it in.
    return member.cell_id in committee_cells(actor)


def may_self_review(actor, evaluation: MemberEvaluation) -> bool:
    return evaluation.step == STEP.DRAFT and may_fill(actor, evaluation)


def self_review_save(
    *,
    actor,
    evaluation: MemberEvaluation,
    data: dict,
    submit: bool = False,
    expected_version: int | None = None,
) -> MemberEvaluation:
    """Save the self-review (``data`` holds :data:`SELF_REVIEW_FIELDS`); with ``submit``, hand it in.

    Only the member themselves (or the committee for a member without a log-in), only while in draft. The
    scores are checked against their ranges (30 + 70), the task numbers against each other; submitting needs
    every part of the form.
    """
    if not may_fill(actor, evaluation):
        raise DomainError(NOT_YOURS, code="forbidden")
    errors: dict[str, list] = {}
    total, on_time, exceeding = (data.get(f) for f in ("tasks_total", "tasks_on_time", "tasks_exceeding"))
    if total is not None and on_time is not None and on_time > total:
        errors["tasks_on_time"] = [_("Số nhiệm vụ đúng hạn không thể nhiều hơn số nhiệm vụ được giao.")]
    if total is not None and exceeding is not None and exceeding > total:
        errors["tasks_exceeding"] = [_("Số nhiệm vụ vượt yêu cầu không thể nhiều hơn số nhiệm vụ được giao.")]
    if (on_time is not None or exceeding is not None) and total is None:
        errors["tasks_total"] = [_("Hãy nhập số nhiệm vụ được giao.")]
    if submit:
        for name in SUBMIT_REQUIRED:
            value = data.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                errors.setdefault(name, [_("Cần điền mục này trước khi nộp.")])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(evaluation, (STEP.DRAFT,), _("sửa bản tự kiểm điểm"))
        for name in SELF_REVIEW_FIELDS:
            if name in data:
                value = data[name]
                setattr(locked, name, value.strip() if isinstance(value, str) else value)
        fields = [f for f in SELF_REVIEW_FIELDS if f in data]
        if submit:
            locked.step, locked.submitted_at = STEP.SUBMITTED, timezone.now()
            fields += ["step", "submitted_at"]
        locked.full_clean()
        version = locked.version if expected_version is None else expected_version
        save_if_current(locked, version, fields)
    return locked


# ------------------------------------------------------------------------------------------------ the committee


def evaluation_return(*, actor, evaluation: MemberEvaluation) -> MemberEvaluation:
    """Give a submitted self-review back to the member for correction."""
    require_committee(actor, evaluation.member.cell_id)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(evaluation, (STEP.SUBMITTED,), _("trả lại để sửa"))
        locked.step, locked.submitted_at = STEP.DRAFT, None
        locked.version += 1
        locked.save(update_fields=["step", "submitted_at", "version"])
    return locked


def evaluation_comment(
    *,
    actor,
    evaluation: MemberEvaluation,
    cell_comment: str,
    unit_leader_comment: str,
    forced_not_complete: str,
    expected_version: int | None = None,
) -> MemberEvaluation:
    """The cell's comment, the unit leader's comment (entered by the committee) and a case forcing "not complete"."""
    require_committee(actor, evaluation.member.cell_id)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(evaluation, (STEP.SUBMITTED, STEP.PROPOSED), _("ghi nhận xét"))
        locked.cell_comment = cell_comment.strip()
        locked.unit_leader_comment = unit_leader_comment.strip()
        locked.forced_not_complete = forced_not_complete.strip()
        locked.full_clean()
        version = locked.version if expected_version is None else expected_version
        save_if_current(locked, version, ["cell_comment", "unit_leader_comment", "forced_not_complete"])
    return locked


def evaluation_propose(
    *,
    actor,
    evaluation: MemberEvaluation,
    level: str,
    votes_for: int,
    votes_total: int,
    proposed_on: date,
    today: date | None = None,
) -> tuple[MemberEvaluation, list[str]]:
    """The cell's proposal by vote: passed with more than half of those voting (refused otherwise).

    The quota across the round (excellent ≤ ratio × good, Hướng dẫn 21-HD/BTCTW) is advisory by default — the
    proposal is saved with a warning — and refuses a proposal that would add to the excess when the cell's rules
    make it blocking. Returns the evaluation and the warnings to show.
    """
    require_committee(actor, evaluation.member.cell_id)
    today = today or timezone.localdate()
    level = Level(level)
    _not_future(proposed_on, "proposed_on", today)
    if votes_total < 1:
        raise ValidationError({"votes_total": _("Số đảng viên biểu quyết phải lớn hơn 0.")})
    if votes_for > votes_total:
        raise ValidationError({"votes_for": _("Số tán thành không thể nhiều hơn số đảng viên biểu quyết.")})
    with transaction.atomic(), acting_as(actor):
        round_ = EvaluationYear.objects.select_for_update().get(
            pk=evaluation.round_id
        )  # one proposal at a time
        locked = _lock(evaluation, (STEP.SUBMITTED, STEP.PROPOSED), _("biểu quyết đề xuất"))
        voters = selectors_evaluation.voting_members_count(round_.cell)
        if votes_total > voters:
            raise ValidationError(
                {
                    "votes_total": _(
                        "Chi bộ chỉ có %(count)s đảng viên chính thức có quyền biểu quyết (đảng viên dự bị không "
                        "biểu quyết — Điều lệ Đảng), không thể có %(total)s người biểu quyết."
                    )
                    % {"count": voters, "total": votes_total}
                }
            )
        if votes_for * 2 <= votes_total:
            raise DomainError(
                _(
                    "Đề xuất không được thông qua: %(for)s/%(total)s tán thành, chưa quá nửa số đảng viên biểu "
                    "quyết (cần ít nhất %(needed)s)."
                )
                % {"for": votes_for, "total": votes_total, "needed": votes_total // 2 + 1},
                code="not_majority",
            )
        cell_rules = rules_for(round_.cell)
        others = selectors_evaluation.round_levels(round_, exclude_pk=locked.pk)
        before = quota_state(others + ([locked.proposed_level] if locked.proposed_level else []), cell_rules)
        after = quota_state([*others, level], cell_rules)
        if after.excess and after.excess > before.excess and cell_rules.excellent_quota_blocking:
            if level == Level.EXCELLENT:
                message = _(
                    "Không thể đề xuất: %(message)s Chi bộ đặt tỷ lệ khống chế ở chế độ chặn (%(document)s); hãy "
                    "biểu quyết các mức hoàn thành tốt trước, hoặc đề xuất mức khác."
                )
            else:
                # Lowering a "good" member shrinks the base the excellent ones are counted against.
                message = _(
                    "Không thể đề xuất mức này: %(message)s Hạ mức của đồng chí này làm số đề xuất hoàn thành xuất "
                    "sắc vượt tỷ lệ khống chế (chế độ chặn, %(document)s); hãy xem lại các đề xuất xuất sắc trước."
                )
            raise DomainError(
                message % {"message": after.message(), "document": QUOTA_DOCUMENT}, code="quota"
            )
        locked.proposed_level, locked.votes_for, locked.votes_total, locked.proposed_on = (
            level,
            votes_for,
            votes_total,
            proposed_on,
        )
        locked.step = STEP.PROPOSED
        locked.full_clean()
        locked.version += 1
        locked.save(
            update_fields=["proposed_level", "votes_for", "votes_total", "proposed_on", "step", "version"]
        )
    return locked, proposal_warnings(locked, cell_rules, quota=after)


def evaluation_decide(
    *,
    actor,
    evaluation: MemberEvaluation,
    level: str,
    decided_on: date,
    decision: str,
    today: date | None = None,
) -> MemberEvaluation:
    """Record the superior committee's decision on the member's level."""
    require_committee(actor, evaluation.member.cell_id)
    today = today or timezone.localdate()
    level = Level(level)
    _not_future(decided_on, "decided_on", today)
    if not decision.strip():
        raise ValidationError({"decision": _("Hãy ghi số quyết định của cấp ủy cấp trên.")})
    with transaction.atomic(), acting_as(actor):
        locked = _lock(evaluation, (STEP.PROPOSED,), _("ghi quyết định của cấp trên"))
        if locked.proposed_on and decided_on < locked.proposed_on:
            raise ValidationError(
                {"decided_on": _("Ngày quyết định không thể trước ngày chi bộ biểu quyết.")}
            )
        locked.decided_level, locked.decided_on, locked.decision = level, decided_on, decision.strip()
        locked.step = STEP.DECIDED
        locked.full_clean()
        locked.version += 1
        locked.save(update_fields=["decided_level", "decided_on", "decision", "step", "version"])
    return locked


def evaluation_notify(*, actor, evaluation: MemberEvaluation) -> MemberEvaluation:
    """Tell the member the decided level (in-app and by e-mail); the round closes when everyone is told."""
    from hoptac.notifications.services import notify

    require_committee(actor, evaluation.round.cell_id)
    with transaction.atomic(), acting_as(actor):
        locked = _lock(evaluation, (STEP.DECIDED,), _("thông báo kết quả"))
        locked.step, locked.notified_at = STEP.NOTIFIED, timezone.now()
        locked.version += 1
        locked.save(update_fields=["step", "notified_at", "version"])
        if locked.member.user_id:
            notify(
                recipients=[locked.member.user_id],
                kind=KIND_RESULT,
                payload={"year": locked.round.year, "level": locked.decided_level},
                url=reverse("party:evaluation_detail", args=[locked.pk]),
                actor=actor,
            )
        if not MemberEvaluation.objects.filter(round_id=locked.round_id).exclude(step=STEP.NOTIFIED).exists():
            EvaluationYear.objects.filter(pk=locked.round_id, closed_at__isnull=True).update(
                closed_at=timezone.now()
            )
    return locked


# ------------------------------------------------------------------------------------------------ term targets


def _target_fill(target: TermTarget, data: dict) -> None:
    for name in TARGET_FIELDS:
        if name in data:
            value = data[name]
            setattr(target, name, value.strip() if isinstance(value, str) else value)


def _committee_written(target: TermTarget) -> None:
    if target.source != TargetSource.COMMITTEE:
        raise DomainError(
            _("Chỉ tiêu này do nghị quyết đại hội chi bộ đặt ra; không sửa, xóa ở đây."),
            code="congress_target",
        )


def target_create(*, actor, term: Term, data: dict) -> TermTarget:
    """A term target entered by the committee. Conflicts with a rule are flagged on screen, never refused."""
    require_committee(actor, term.cell_id)
    target = TermTarget(term=term, source=TargetSource.COMMITTEE, created_by=actor)
    _target_fill(target, data)
    with transaction.atomic(), acting_as(actor):
        target.full_clean()
        target.save()
    return target


def target_update(*, actor, target: TermTarget, data: dict) -> TermTarget:
    require_committee(actor, target.term.cell_id)
    with transaction.atomic(), acting_as(actor):
        locked = TermTarget.objects.select_for_update().select_related("term").get(pk=target.pk)
        _committee_written(locked)
        _target_fill(locked, data)
        locked.full_clean()
        locked.save(update_fields=[f for f in TARGET_FIELDS if f in data])
    return locked


def target_delete(*, actor, target: TermTarget) -> None:
    require_committee(actor, target.term.cell_id)
    with transaction.atomic(), acting_as(actor):
        locked = TermTarget.objects.select_for_update().get(pk=target.pk)
        _committee_written(locked)
        locked.delete()
