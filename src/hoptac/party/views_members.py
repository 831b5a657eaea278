"""Screens of the members part: the member list and page, the member's own record, status changes, accounts,
party badges, and the admission pipeline.

Views parse input, call one service or selector, and render. The committee's pages go through
:func:`~hoptac.party.access.committee_view`; "my record" and the status files through
:func:`~hoptac.party.access.party_view`, and the selectors' ``restrict`` lets a member open their own rows
only — anything else answers 404. A refusal lands on the form with everything typed kept.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.core.views_helpers import attempt

from . import selectors_members as selectors
from . import services_members as services
from . import tasks_members  # noqa: F401  (registers the reminders' notification kinds)
from .access import committee_view, party_view
from .choices import OFF_ROLL, AdmissionStage, MemberStatus
from .context import party_context
from .forms_members import (
    AccountForm,
    AdmissionCaseForm,
    AdmissionStepForm,
    BadgeForm,
    FullMemberForm,
    MemberForm,
    StatusChangeForm,
)
from .services import rules_for

KIND_LABELS = {
    selectors.KIND_FULL: gettext_lazy("Chính thức"),
    selectors.KIND_PROBATIONARY: gettext_lazy("Dự bị"),
}
# Pages of the member's own records kept by the other parts of the module, linked from "my record" when present.
OWN_PAGES = (
    ("party:fee_list", gettext_lazy("Đảng phí của tôi"), "cash-coin"),
    ("party:evaluation_list", gettext_lazy("Đánh giá, xếp loại của tôi"), "award"),
    ("party:directive_list", gettext_lazy("Học tập nghị quyết"), "journal-text"),
)


def _status(error) -> int:
    return 200 if error is None else 409


def _today():
    return timezone.localdate()


def _params(**values) -> dict[str, str]:
    return {k: v for k, v in values.items() if v}


# ------------------------------------------------------------------------------------------------ members


@committee_view
def member_list(request):
    cell = request.party_cell
    status = request.GET.get("tinh-trang") or selectors.ON_ROLL
    if status not in (selectors.ON_ROLL, selectors.ALL, *MemberStatus.values):
        status = selectors.ON_ROLL
    kind = request.GET.get("loai") or ""
    if kind not in selectors.KINDS:
        kind = ""
    query = (request.GET.get("q") or "").strip()[:100]
    filters = selectors.MemberFilters(status=status, kind=kind, query=query)
    page = selectors.member_page(
        user=request.user,
        cell=cell,
        filters=filters,
        after=request.GET.get("sau"),
        before=request.GET.get("truoc"),
    )
    counts = selectors.member_counts(user=request.user, cell=cell)
    status_tabs = [
        (selectors.ON_ROLL, _("Đang trong danh sách"), counts[selectors.ON_ROLL]),
        *[(value, label, counts[value]) for value, label in MemberStatus.choices],
        (selectors.ALL, _("Tất cả"), counts[selectors.ALL]),
    ]
    context = party_context(
        request,
        "members",
        page=page,
        filters=filters,
        full_count=counts[selectors.KIND_FULL],
        probationary_count=counts[selectors.KIND_PROBATIONARY],
        status_tabs=status_tabs,
        kind_tabs=[("", _("Chính thức và dự bị"))] + [(k, KIND_LABELS[k]) for k in selectors.KINDS],
        params=_params(**{"tinh-trang": status, "loai": kind, "q": query}),
        off_roll=OFF_ROLL,
        today=_today(),
    )
    return render(request, "party/members/list.html", context)


def _member_form_page(request, form, member, status=200):
    return render(
        request,
        "party/members/form.html",
        party_context(request, "members", form=form, member=member),
        status=status,
    )


@committee_view
def member_create(request):
    form = MemberForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        created, error = attempt(
            form, services.member_create, actor=request.user, cell=request.party_cell, **form.service_fields()
        )
        if created is not None:
            messages.success(request, _("Đã thêm đảng viên %(name)s.") % {"name": created.full_name})
            return redirect("party:member_detail", pk=created.pk)
    return _member_form_page(request, form, None, _status(error))


@committee_view
def member_edit(request, pk: int):
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    form = MemberForm(request.POST or None, instance=member)
    error = None
    if request.method == "POST" and form.is_valid():
        fresh = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
        saved, error = attempt(
            form,
            services.member_update,
            actor=request.user,
            member=fresh,
            version=form.cleaned_data.get("version") or 0,
            **form.service_fields(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu hồ sơ đảng viên."))
            return redirect("party:member_detail", pk=pk)
    return _member_form_page(request, form, member, _status(error))


def _own_pages() -> list[tuple[str, str, str]]:
    pages = []
    for name, label, icon in OWN_PAGES:
        try:
            pages.append((reverse(name), label, icon))
        except NoReverseMatch:
            continue
    return pages


def _record_context(request, member, *, section: str, own: bool, **forms) -> dict:
    rules = rules_for(request.party_cell)
    record = selectors.member_record(user=request.user, member=member, rules=rules, today=_today())
    return party_context(
        request,
        section,
        member=member,
        record=record,
        own=own,
        own_pages=_own_pages() if own else [],
        may_change=request.party_committee and not own,
        off_roll=member.status in OFF_ROLL,
        **forms,
    )


@committee_view
def member_detail(request, pk: int):
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    return render(
        request, "party/members/detail.html", _record_context(request, member, section="members", own=False)
    )


@party_view
def my_record(request):
    """The logged-in person's own record, read-only (the committee edits it from the member list)."""
    member = selectors.own_member(user=request.user, cell=request.party_cell)
    if member is None:
        return render(request, "party/members/my_record_missing.html", party_context(request, "my_record"))
    return render(
        request, "party/members/detail.html", _record_context(request, member, section="my_record", own=True)
    )


@committee_view
def member_status(request, pk: int):
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    form = StatusChangeForm(request.POST or None, request.FILES or None, current=member.status)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, error = attempt(
            form,
            services.member_status_change,
            actor=request.user,
            member=member,
            status=data["status"],
            starts_on=data["starts_on"],
            document=data["document"],
            note=data["note"],
            file=data.get("file"),
        )
        if done is not None:
            messages.success(request, _("Đã ghi tình trạng sinh hoạt mới."))
            return redirect("party:member_detail", pk=pk)
    return render(
        request,
        "party/members/status_form.html",
        party_context(request, "members", member=member, form=form),
        status=_status(error),
    )


@committee_view
def member_full(request, pk: int):
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    form = FullMemberForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        done, error = attempt(
            form,
            services.member_make_full,
            actor=request.user,
            member=member,
            full_member_on=form.cleaned_data["full_member_on"],
            document=form.cleaned_data["document"],
        )
        if done is not None:
            messages.success(request, _("Đã ghi ngày chính thức."))
            return redirect("party:member_detail", pk=pk)
    rules = rules_for(request.party_cell)
    from .badges import probation_due

    return render(
        request,
        "party/members/full_form.html",
        party_context(
            request,
            "members",
            member=member,
            form=form,
            due=probation_due(member.admitted_on, rules.probation_months) if member.is_probationary else None,
        ),
        status=_status(error),
    )


@committee_view
def member_account(request, pk: int):
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    form = AccountForm(request.POST or None)
    error = None
    if request.method == "POST":
        if request.POST.get("action") == "unlink":
            form = AccountForm()
            done, error = attempt(form, services.member_unlink_account, actor=request.user, member=member)
            if done is not None:
                messages.success(request, _("Đã gỡ tài khoản khỏi hồ sơ đảng viên."))
                return redirect("party:member_detail", pk=pk)
        elif form.is_valid():
            done, error = attempt(
                form,
                services.member_link_account,
                actor=request.user,
                member=member,
                identifier=form.cleaned_data["account"],
            )
            if done is not None:
                messages.success(request, _("Đã gắn tài khoản với hồ sơ đảng viên."))
                return redirect("party:member_detail", pk=pk)
    return render(
        request,
        "party/members/account_form.html",
        party_context(request, "members", member=member, form=form),
        status=_status(error),
    )


@committee_view
@require_POST
def member_follow(request, pk: int):
    """Open an admission case at the probationary stage for a member admitted before the platform."""
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    form = FullMemberForm()
    case, _error = attempt(form, services.admission_follow_member, actor=request.user, member=member)
    if case is None:
        for message in form.non_field_errors():
            messages.error(request, message)
        return redirect("party:member_detail", pk=pk)
    messages.success(request, _("Đã mở hồ sơ theo dõi thời gian dự bị."))
    return redirect("party:admission_detail", pk=case.pk)


def _file_response(field_file):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=Path(field_file.name).name,
        content_type=services.file_content_type(field_file.name),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@party_view
def status_file(request, pk: int):
    """A status decision's file: the committee, or the member it concerns; 404 for anyone else."""
    period = selectors.status_period_get(user=request.user, cell=request.party_cell, pk=pk)
    return _file_response(period.file)


# ------------------------------------------------------------------------------------------------ badges


@committee_view
def badge_list(request):
    rules = rules_for(request.party_cell)
    overview = selectors.badge_overview(
        user=request.user, cell=request.party_cell, rules=rules, today=_today()
    )
    return render(
        request,
        "party/members/badges.html",
        party_context(request, "members", overview=overview, rules=rules, today=_today()),
    )


@committee_view
def badge_award(request, pk: int):
    member = selectors.member_get(user=request.user, cell=request.party_cell, pk=pk)
    rules = rules_for(request.party_cell)
    initial = {}
    if request.method != "POST":
        from .badges import badge_status

        status = badge_status(member.admitted_on, _today(), rules.milestones(), reminder_days=0)
        wanted = request.GET.get("moc")
        if wanted and wanted.isdigit() and len(wanted) < 4:
            initial["years"] = int(wanted)
        elif status.reached:
            initial["years"] = status.reached[-1].years
    form = BadgeForm(request.POST or None, milestones=rules.milestones(), initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        done, error = attempt(
            form,
            services.badge_award,
            actor=request.user,
            member=member,
            years=form.cleaned_data["years"],
            awarded_on=form.cleaned_data["awarded_on"],
            decision=form.cleaned_data["decision"],
        )
        if done is not None:
            messages.success(
                request, _("Đã ghi %(badge)s cho %(name)s.") % {"badge": done, "name": member.full_name}
            )
            return redirect("party:badge_list")
    return render(
        request,
        "party/members/badge_form.html",
        party_context(request, "members", member=member, form=form),
        status=_status(error),
    )


# -------------------------------------------------------------------------------------------- admission

STAGE_LABELS = {
    selectors.OPEN: gettext_lazy("Đang xem xét"),
    **dict(AdmissionStage.choices),
    selectors.ALL: gettext_lazy("Tất cả"),
}


@committee_view
def admission_list(request):
    cell = request.party_cell
    stage = request.GET.get("buoc") or selectors.OPEN
    if stage not in selectors.STAGE_FILTERS:
        stage = selectors.OPEN
    rules = rules_for(cell)
    counts = selectors.admission_counts(user=request.user, cell=cell)
    cases = list(selectors.admission_cases(user=request.user, cell=cell, stage=stage)[:200])
    for case in cases:
        case.last_step = case.steps_desc[0] if case.steps_desc else None
    return render(
        request,
        "party/admission/list.html",
        party_context(
            request,
            "admission",
            cases=cases,
            stage=stage,
            stage_tabs=[(s, STAGE_LABELS[s], counts.get(s, 0)) for s in selectors.STAGE_FILTERS],
            reminders=selectors.probation_reminders(
                user=request.user, cell=cell, rules=rules, today=_today()
            ),
            rules=rules,
        ),
    )


@committee_view
def admission_create(request):
    cell = request.party_cell
    members = selectors.responsible_choices(user=request.user, cell=cell)
    form = AdmissionCaseForm(request.POST or None, members=members)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created, error = attempt(
            form,
            services.admission_create,
            actor=request.user,
            cell=cell,
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
            gender=data["gender"],
            workplace=data["workplace"],
            happened_on=data["happened_on"],
            responsible=data["responsible"],
            document=data["document"],
            note=data["note"],
        )
        if created is not None:
            messages.success(request, _("Đã lập hồ sơ cho %(name)s.") % {"name": created.full_name})
            return redirect("party:admission_detail", pk=created.pk)
    return render(
        request,
        "party/admission/form.html",
        party_context(request, "admission", form=form),
        status=_status(error),
    )


def _admission_page(request, case, form, status=200):
    allowed = services.allowed_next(case)
    return render(
        request,
        "party/admission/detail.html",
        party_context(
            request,
            "admission",
            case=case,
            steps=selectors.admission_steps(user=request.user, case=case),
            form=form if allowed else None,
            closed=not allowed,
            stages=AdmissionStage,
        ),
        status=status,
    )


def _step_form(request, case, data=None, files=None):
    return AdmissionStepForm(
        data,
        files,
        case=case,
        allowed=services.allowed_next(case),
        members=selectors.responsible_choices(user=request.user, cell=request.party_cell),
    )


@committee_view
def admission_detail(request, pk: int):
    case = selectors.admission_get(user=request.user, cell=request.party_cell, pk=pk)
    return _admission_page(request, case, _step_form(request, case))


@committee_view
@require_POST
def admission_step(request, pk: int):
    case = selectors.admission_get(user=request.user, cell=request.party_cell, pk=pk)
    form = _step_form(request, case, request.POST, request.FILES)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        step, error = attempt(
            form,
            services.admission_advance,
            actor=request.user,
            case=case,
            version=data["version"],
            stage=data["stage"],
            happened_on=data["happened_on"],
            responsible=data["responsible"],
            document=data["document"],
            note=data["note"],
            file=data.get("file"),
            fee_base_amount=data.get("fee_base_amount"),
        )
        if step is not None:
            messages.success(request, _("Đã ghi bước “%(stage)s”.") % {"stage": step.get_stage_display()})
            return redirect("party:admission_detail", pk=pk)
    return _admission_page(request, case, form, status=_status(error))


@committee_view
def admission_step_file(request, pk: int):
    step = selectors.admission_step_get(user=request.user, cell=request.party_cell, pk=pk)
    return _file_response(step.file)
