"""Screens of the yearly evaluation (Quy định 366-QĐ/TW) and of the term targets.

A member sees their own evaluations and fills in their self-review; the committee opens a year's round, comments,
records the cell's vote and the superior's decision, notifies the member, and keeps the term targets. Views parse
input, call one service or selector and render; a refusal re-renders the page with the form as typed.
"""

from __future__ import annotations

from datetime import date

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.core.errors import DomainError
from hoptac.core.views_helpers import attempt

from . import selectors_evaluation as selectors
from . import services_evaluation as services
from . import targets as target_rules
from .access import committee_view, party_view
from .choices import (
    EssayAssessment,
    EvaluationStep,
    Level,
    RecognitionKind,
    ResidenceAssessment,
    TargetComparison,
    TargetMode,
)
from .context import party_context
from .forms_evaluation import (
    CellLevelForm,
    CommentForm,
    DecideForm,
    ProposeForm,
    RoundOpenForm,
    SelfReviewForm,
    TargetForm,
)
from .services import rules_for

STEP = EvaluationStep
LEVEL_LABELS = dict(Level.choices)
BASIS_LABELS = {
    "decided": gettext_lazy("theo quyết định của cấp trên"),
    "proposed": gettext_lazy("theo đề xuất của chi bộ (cấp trên chưa quyết định)"),
    "mixed": gettext_lazy("một phần theo đề xuất của chi bộ (cấp trên chưa quyết định hết)"),
    "none": gettext_lazy("chưa có kết quả"),
}


def _status(error) -> int:
    if error is None:
        return 200
    return 403 if error.code == "forbidden" else 409


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------------ list and round


@party_view
def evaluation_list(request):
    context = party_context(request, "evaluation", mine=selectors.my_evaluations(user=request.user))
    if request.party_committee:
        context["rounds"] = list(selectors.round_list(user=request.user, cell=request.party_cell))
        context["open_form"] = RoundOpenForm(initial={"year": timezone.localdate().year}, auto_id="mo-%s")
    return render(request, "party/evaluation/list.html", context)


@committee_view
@require_POST
def round_open(request):
    form = RoundOpenForm(request.POST, auto_id="mo-%s")
    error = None
    if form.is_valid():
        round_, error = attempt(
            form,
            services.round_open,
            actor=request.user,
            cell=request.party_cell,
            year=form.cleaned_data["year"],
        )
        if round_ is not None:
            messages.success(
                request,
                _("Đã mở đợt đánh giá năm %(year)s; các phiếu đã được điền sẵn dữ liệu.")
                % {"year": round_.year},
            )
            return redirect("party:round_detail", pk=round_.pk)
    context = party_context(
        request,
        "evaluation",
        mine=selectors.my_evaluations(user=request.user),
        rounds=list(selectors.round_list(user=request.user, cell=request.party_cell)),
        open_form=form,
    )
    return render(request, "party/evaluation/list.html", context, status=_status(error))


def _round_context(request, round_, **forms) -> dict:
    cell_rules = rules_for(round_.cell)
    evaluations = selectors.round_evaluations(round_, user=request.user)
    proposed = services.quota_state([e.proposed_level for e in evaluations if e.proposed_level], cell_rules)
    decided = services.quota_state([e.decided_level for e in evaluations if e.decided_level], cell_rules)
    for e in evaluations:
        e.rules_level = services.rules_level(e, cell_rules)
        e.rules_level_label = LEVEL_LABELS[e.rules_level] if e.rules_level else ""
        e.warnings = services.proposal_warnings(e, cell_rules, quota=proposed) if e.step != STEP.DRAFT else []
    steps = dict.fromkeys(STEP.values, 0)
    for e in evaluations:
        steps[e.step] += 1
    return party_context(
        request,
        "evaluation",
        round=round_,
        evaluations=evaluations,
        cell_rules=cell_rules,
        quota=proposed,
        quota_decided=decided,
        steps=[(label, steps[code]) for code, label in STEP.choices],
        decided_count=steps[STEP.DECIDED],
        cell_level_form=forms.get("cell_level_form")
        or CellLevelForm(
            initial={
                "level": round_.cell_level,
                "decided_on": round_.cell_level_decided_on,
                "decision": round_.cell_level_decision,
            },
            auto_id="cb-%s",
        ),
        level_labels=LEVEL_LABELS,
    )


@committee_view
def round_detail(request, pk: int):
    round_ = selectors.round_get(user=request.user, cell=request.party_cell, pk=pk)
    return render(request, "party/evaluation/round.html", _round_context(request, round_))


@committee_view
@require_POST
def round_refresh(request, pk: int):
    round_ = selectors.round_get(user=request.user, cell=request.party_cell, pk=pk)
    try:
        count = services.round_refresh(actor=request.user, round_=round_)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã cập nhật dữ liệu của %(count)s phiếu đang tự kiểm điểm.") % {"count": count}
        )
    return redirect("party:round_detail", pk=round_.pk)


@committee_view
@require_POST
def round_notify(request, pk: int):
    round_ = selectors.round_get(user=request.user, cell=request.party_cell, pk=pk)
    count = services.round_notify(actor=request.user, round_=round_)
    messages.success(request, _("Đã thông báo kết quả cho %(count)s đảng viên.") % {"count": count})
    return redirect("party:round_detail", pk=round_.pk)


@committee_view
@require_POST
def round_cell_level(request, pk: int):
    round_ = selectors.round_get(user=request.user, cell=request.party_cell, pk=pk)
    form = CellLevelForm(request.POST, auto_id="cb-%s")
    error = None
    if form.is_valid():
        data = form.cleaned_data
        done, error = attempt(
            form,
            services.round_cell_level,
            actor=request.user,
            round_=round_,
            level=data["level"],
            decided_on=data["decided_on"],
            decision=data["decision"],
        )
        if done is not None:
            messages.success(request, _("Đã ghi xếp loại của chi bộ."))
            return redirect("party:round_detail", pk=round_.pk)
    context = _round_context(request, round_, cell_level_form=form)
    return render(request, "party/evaluation/round.html", context, status=_status(error))


# ------------------------------------------------------------------------------------------------ one evaluation


def _facts_view(facts: dict) -> dict:
    """The stored facts with labels and dates, for the template."""
    if not facts:
        return {}
    essay = dict(EssayAssessment.choices)
    kinds = dict(RecognitionKind.choices)
    residence = dict(facts.get("residence") or {})
    residence["assessment_label"] = dict(ResidenceAssessment.choices).get(residence.get("assessment", ""), "")
    residence["received_on"] = _parse_date(residence.get("received_on"))
    return {
        "meetings": facts.get("meetings") or {},
        "study": [
            {
                **row,
                "essay_submitted_on": _parse_date(row.get("essay_submitted_on")),
                "essay_label": essay.get(row.get("essay_assessment", ""), ""),
            }
            for row in facts.get("study") or []
        ],
        "recognitions": [
            (kinds.get(code, code), count)
            for code, count in (facts.get("recognitions") or {}).items()
            if count
        ],
        "recognition_items": [
            {
                **row,
                "kind_label": kinds.get(row.get("kind"), ""),
                "decided_on": _parse_date(row.get("decided_on")),
            }
            for row in facts.get("recognition_items") or []
        ],
        "discipline_unremedied": facts.get("discipline_unremedied", False),
        "residence": residence,
        "refreshed_at": facts.get("refreshed_at"),
    }


def _self_review_form(evaluation, data=None):
    initial = {name: getattr(evaluation, name) for name in SelfReviewForm.FIELDS}
    initial["version"] = evaluation.version
    return SelfReviewForm(data, initial=initial, auto_id="tkd-%s")


def _detail_context(request, evaluation, **forms) -> dict:
    cell_rules = rules_for(evaluation.round.cell)
    committee = request.party_committee
    own = evaluation.member.user_id == request.user.pk
    may_self = services.may_self_review(request.user, evaluation)
    step = evaluation.step
    context = party_context(
        request,
        "evaluation",
        evaluation=evaluation,
        member=evaluation.member,
        facts=_facts_view(evaluation.facts),
        rules_level=services.rules_level(evaluation, cell_rules),
        rules_level_label=LEVEL_LABELS.get(services.rules_level(evaluation, cell_rules) or "", ""),
        conditions_met=services.conditions_met(evaluation, cell_rules),
        self_warning=services.self_level_warning(evaluation, cell_rules),
        cell_rules=cell_rules,
        exceeding_percent=f"{(cell_rules.excellent_exceeding_share * 100).normalize():f}".replace(".", ","),
        level_labels=LEVEL_LABELS,
        own=own,
        may_self=may_self,
        show_committee_work=committee or step == STEP.NOTIFIED,
        action_error=forms.pop("action_error", None),
        open_action=forms.pop("open_action", ""),
    )
    if may_self:
        context["self_form"] = forms.get("self_form") or _self_review_form(evaluation)
    if committee:
        quota = services.quota_state(
            selectors.round_levels(evaluation.round, exclude_pk=evaluation.pk)
            + ([evaluation.proposed_level] if evaluation.proposed_level else []),
            cell_rules,
        )
        context.update(
            quota=quota,
            warnings=services.proposal_warnings(evaluation, cell_rules, quota=quota),
            may={
                "comment": step in (STEP.SUBMITTED, STEP.PROPOSED),
                "return": step == STEP.SUBMITTED,
                "propose": step in (STEP.SUBMITTED, STEP.PROPOSED),
                "decide": step == STEP.PROPOSED,
                "notify": step == STEP.DECIDED,
            },
            comment_form=forms.get("comment_form")
            or CommentForm(
                initial={
                    "cell_comment": evaluation.cell_comment,
                    "unit_leader_comment": evaluation.unit_leader_comment,
                    "forced_not_complete": evaluation.forced_not_complete or _forced_prefill(evaluation),
                    "version": evaluation.version,
                },
                auto_id="nx-%s",
            ),
            propose_form=forms.get("propose_form")
            or ProposeForm(
                initial={
                    "level": evaluation.proposed_level or (context["rules_level"] or ""),
                    "votes_for": evaluation.votes_for,
                    "votes_total": evaluation.votes_total,
                    "proposed_on": evaluation.proposed_on or timezone.localdate(),
                },
                auto_id="dx-%s",
            ),
            decide_form=forms.get("decide_form")
            or DecideForm(
                initial={
                    "level": evaluation.decided_level or evaluation.proposed_level,
                    "decided_on": evaluation.decided_on,
                    "decision": evaluation.decision,
                },
                auto_id="qd-%s",
            ),
        )
    return context


def _forced_prefill(evaluation) -> str:
    """Quy định 366-QĐ/TW: a discipline in the year not self-remedied forces "not complete" — suggest the reason."""
    facts = evaluation.facts or {}
    if not facts.get("discipline_unremedied"):
        return ""
    items = [r for r in facts.get("recognition_items") or [] if r.get("kind") == RecognitionKind.DISCIPLINE]
    reasons = "; ".join(r.get("reason", "") for r in items if not r.get("self_remedied"))
    return _("Bị kỷ luật trong năm %(year)s: %(reasons)s") % {
        "year": evaluation.round.year,
        "reasons": reasons,
    }


@party_view
def evaluation_detail(request, pk: int):
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    return render(request, "party/evaluation/detail.html", _detail_context(request, evaluation))


def _refused(request, pk, key, form, error):
    fresh = selectors.evaluation_get(user=request.user, pk=pk)
    context = _detail_context(request, fresh, open_action=key, **{f"{key}_form": form})
    context["action_error"] = form.non_field_errors() or None
    return render(request, "party/evaluation/detail.html", context, status=_status(error))


@party_view
@require_POST
def evaluation_self_review(request, pk: int):
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    form = SelfReviewForm(request.POST, auto_id="tkd-%s")
    submit = "submit" in request.POST
    error = None
    if not services.may_fill(request.user, evaluation):
        error = DomainError(services.NOT_YOURS, code="forbidden")
        form.add_error(None, error.message)
    elif form.is_valid():
        done, error = attempt(
            form,
            services.self_review_save,
            actor=request.user,
            evaluation=evaluation,
            data=form.data_for_service(),
            submit=submit,
            expected_version=form.cleaned_data.get("version"),
        )
        if done is not None:
            messages.success(
                request,
                _("Đã nộp bản tự kiểm điểm.") if submit else _("Đã lưu bản tự kiểm điểm (chưa nộp)."),
            )
            warning = services.self_level_warning(done, rules_for(done.round.cell))
            if warning:
                messages.warning(request, warning)
            return redirect("party:evaluation_detail", pk=pk)
    return _refused(request, pk, "self", form, error)


def _committee_action(request, pk, *, key, form, call, done):
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    error = None
    if form.is_valid():
        result, error = attempt(form, call, evaluation, form.cleaned_data)
        if result is not None:
            text = done(result) if callable(done) else done
            messages.success(request, text)
            return redirect("party:evaluation_detail", pk=pk)
    return _refused(request, pk, key, form, error)


def _committee_step(request, pk, *, key, service, done):
    """A committee action with no fields of its own: ``service(actor=..., evaluation=...)``."""
    return _committee_action(
        request,
        pk,
        key=key,
        form=django_forms.Form(request.POST),
        call=lambda e, d: service(actor=request.user, evaluation=e),
        done=done,
    )


@committee_view
@require_POST
def evaluation_comment(request, pk: int):
    return _committee_action(
        request,
        pk,
        key="comment",
        form=CommentForm(request.POST, auto_id="nx-%s"),
        call=lambda e, d: services.evaluation_comment(
            actor=request.user,
            evaluation=e,
            cell_comment=d["cell_comment"],
            unit_leader_comment=d["unit_leader_comment"],
            forced_not_complete=d["forced_not_complete"],
            expected_version=d.get("version"),
        ),
        done=_("Đã lưu nhận xét."),
    )


@committee_view
@require_POST
def evaluation_return(request, pk: int):
    return _committee_step(
        request,
        pk,
        key="return",
        service=services.evaluation_return,
        done=_("Đã trả lại bản tự kiểm điểm để đảng viên sửa."),
    )


@committee_view
@require_POST
def evaluation_propose(request, pk: int):
    def call(evaluation, data):
        result, warnings = services.evaluation_propose(
            actor=request.user,
            evaluation=evaluation,
            level=data["level"],
            votes_for=data["votes_for"],
            votes_total=data["votes_total"],
            proposed_on=data["proposed_on"],
        )
        for warning in warnings:
            messages.warning(request, warning)
        return result

    return _committee_action(
        request,
        pk,
        key="propose",
        form=ProposeForm(request.POST, auto_id="dx-%s"),
        call=call,
        done=lambda e: (
            _("Đã ghi đề xuất của chi bộ: %(level)s (%(for)s/%(total)s tán thành).")
            % {"level": LEVEL_LABELS[e.proposed_level], "for": e.votes_for, "total": e.votes_total}
        ),
    )


@committee_view
@require_POST
def evaluation_decide(request, pk: int):
    return _committee_action(
        request,
        pk,
        key="decide",
        form=DecideForm(request.POST, auto_id="qd-%s"),
        call=lambda e, d: services.evaluation_decide(
            actor=request.user,
            evaluation=e,
            level=d["level"],
            decided_on=d["decided_on"],
            decision=d["decision"],
        ),
        done=_("Đã ghi quyết định của cấp ủy cấp trên."),
    )


@committee_view
@require_POST
def evaluation_notify(request, pk: int):
    return _committee_step(
        request,
        pk,
        key="notify",
        service=services.evaluation_notify,
        done=_("Đã thông báo kết quả cho đảng viên."),
    )


# ------------------------------------------------------------------------------------------------ term targets


def _as_target(row) -> target_rules.Target:
    return target_rules.Target(
        level=row.level,
        share=row.share,
        mode=row.mode,
        comparison=row.comparison,
        label=row.label,
        key=row.pk,
    )


@party_view
def target_list(request):
    terms = selectors.term_list(user=request.user, cell=request.party_cell)
    term = None
    raw = request.GET.get("nhiem-ky") or ""
    if raw:
        if not raw.isdigit() or len(raw) > 12:
            raise Http404
        term = next((t for t in terms if t.pk == int(raw)), None)
        if term is None:
            raise Http404
    elif terms:
        term = terms[0]
    context = party_context(request, "targets", terms=terms, term=term)
    if term is not None:
        rows = list(term.targets.all())
        cell_rules = rules_for(request.party_cell)
        years = selectors.term_years(term, today=timezone.localdate())
        by_year = selectors.levels_by_year(request.party_cell, years)
        specs = [_as_target(r) for r in rows]
        found = target_rules.conflicts(specs, ratio=cell_rules.excellent_quota_share)
        flags = target_rules.conflicts_by_key(found)
        year_rows = []
        for year in years:
            entry = by_year.get(year)
            year_rows.append(
                {
                    "year": year,
                    "entry": entry,
                    "basis": entry["basis"] if entry else "none",
                    "basis_label": BASIS_LABELS[entry["basis"] if entry else "none"],
                }
            )
        chart = {"years": years, "targets": []}
        for row, spec in zip(rows, specs, strict=True):
            row.flags = flags.get(row.pk, [])
            row.progress = [
                target_rules.track(spec, (by_year.get(year) or {}).get("levels", [])) for year in years
            ]
            row.cells = list(zip(year_rows, row.progress, strict=True))
            chart["targets"].append(
                {
                    "id": row.pk,
                    "label": row.label,
                    "share": float(row.share),
                    "achieved": [float(p.share) if p.share is not None else None for p in row.progress],
                    "basis": [y["basis"] for y in year_rows],
                }
            )
        context.update(
            targets=rows,
            years=year_rows,
            conflicts=found,
            chart=chart,
            ceiling=target_rules._pct(target_rules.excellent_ceiling(cell_rules.excellent_quota_share)),
            mode_labels=dict(TargetMode.choices),
            comparison_labels=dict(TargetComparison.choices),
            level_labels=LEVEL_LABELS,
        )
    return render(request, "party/targets/list.html", context)


@committee_view
def target_create(request, term_pk: int):
    term = selectors.term_get(user=request.user, cell=request.party_cell, pk=term_pk)
    form = TargetForm(request.POST or None, auto_id="ct-%s")
    error = None
    if request.method == "POST" and form.is_valid():
        target, error = attempt(
            form, services.target_create, actor=request.user, term=term, data=form.data_for_service()
        )
        if target is not None:
            messages.success(request, _("Đã thêm chỉ tiêu “%(label)s”.") % {"label": target.label})
            return redirect(f"{_targets_url()}?nhiem-ky={term.pk}")
    context = party_context(request, "targets", term=term, form=form, target=None)
    return render(request, "party/targets/form.html", context, status=_status(error))


def _targets_url() -> str:
    from django.urls import reverse

    return reverse("party:target_list")


@committee_view
def target_edit(request, pk: int):
    target = selectors.target_get(user=request.user, cell=request.party_cell, pk=pk)
    if request.method == "POST":
        form = TargetForm(request.POST, auto_id="ct-%s")
    else:
        form = TargetForm(
            initial={name: getattr(target, name) for name in TargetForm.FIELDS}, auto_id="ct-%s"
        )
    error = None
    if request.method == "POST" and form.is_valid():
        done, error = attempt(
            form, services.target_update, actor=request.user, target=target, data=form.data_for_service()
        )
        if done is not None:
            messages.success(request, _("Đã lưu chỉ tiêu “%(label)s”.") % {"label": done.label})
            return redirect(f"{_targets_url()}?nhiem-ky={target.term_id}")
    context = party_context(request, "targets", term=target.term, form=form, target=target)
    return render(request, "party/targets/form.html", context, status=_status(error))


@committee_view
@require_POST
def target_delete(request, pk: int):
    target = selectors.target_get(user=request.user, cell=request.party_cell, pk=pk)
    try:
        services.target_delete(actor=request.user, target=target)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa chỉ tiêu “%(label)s”.") % {"label": target.label})
    return redirect(f"{_targets_url()}?nhiem-ky={target.term_id}")
