"""Screens of the study part: resolutions and directives with their study and the study dashboard;
commendations and reminders/criticisms; the inspection and supervision plan; residence feedback.

Views parse input, call one service or selector, and render. Every view goes through a door of
:mod:`hoptac.party.access` (members and committee, or committee only); objects come from the selectors, so
anything the person may not see answers 404. A service's refusal lands on the form with nothing typed lost.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core.views_helpers import attempt

from . import selectors_study as selectors
from . import services_study as services
from .access import committee_view, party_view
from .choices import RecognitionKind, SupervisionState
from .context import party_context
from .forms_study import (
    ConcludeForm,
    DirectiveForm,
    ExemptForm,
    ItemForm,
    PlanForm,
    RecognitionForm,
    ResidenceForm,
    SelfReportForm,
    SessionForm,
    StudyGridForm,
    TaskDoneForm,
    TaskForm,
)
from .models import PartyMember


def _status(error) -> int:
    if error is None:
        return 200
    return 403 if error.code in {"not_committee", "not_own"} else 409


def _year(request) -> int:
    raw = (request.GET.get("nam") or "").strip()
    today = timezone.localdate()
    if raw.isdigit() and len(raw) == 4 and services.MIN_YEAR <= int(raw) <= today.year + 1:
        return int(raw)
    return today.year


def _form_page(request, section: str, form, *, heading, back_url, submit, status=200, crumbs=(), **extra):
    context = party_context(
        request,
        section,
        form=form,
        heading=heading,
        back_url=back_url,
        submit_label=submit,
        crumbs=crumbs,
        multipart=any(getattr(f.field.widget, "needs_multipart_form", False) for f in form),
        **extra,
    )
    return render(request, "party/study/form.html", context, status=status)


def _directive_form_page(request, directive, form, *, heading, submit, error, **extra):
    """A form about one directive (the directive itself, one of its sessions): back to and crumbs through it."""
    return _form_page(
        request,
        "study",
        form,
        heading=heading,
        back_url=reverse("party:directive_detail", args=[directive.pk]),
        submit=submit,
        status=_status(error),
        crumbs=[
            (reverse("party:directive_list"), _("Học tập nghị quyết")),
            (
                reverse("party:directive_detail", args=[directive.pk]),
                directive.number or directive.title[:40],
            ),
        ],
        **extra,
    )


def _serve(field_file, filename_hint: str) -> FileResponse:
    """A stored file of a record the person may see (the caller fetched the record through a selector)."""
    if not field_file:
        raise Http404
    path = Path(field_file.path)
    if not path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115  (FileResponse closes it)
        as_attachment=True,
        filename=path.name or filename_hint,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------------------------- directives


@party_view
def directive_list(request):
    cell, user = request.party_cell, request.user
    directives = selectors.directive_list(user=user, cell=cell)
    summary = {}
    total = 0
    if request.party_committee:
        directives = directives.annotate(
            n_studied=Count(
                "records", filter=Q(records__attended=True) | Q(records__self_study=True), distinct=True
            ),
            n_essays=Count("records", filter=Q(records__essay_submitted_on__isnull=False), distinct=True),
            n_sessions=Count("sessions", distinct=True),
        )
        total = selectors.roll(cell).count()
    else:
        summary = selectors.own_records(user=user, cell=cell)
    rows = list(directives)
    today = timezone.localdate()
    for directive in rows:
        directive.record = summary.get(directive.pk)
        directive.past_deadline = bool(directive.study_deadline and directive.study_deadline < today)
    return render(
        request,
        "party/study/directive_list.html",
        party_context(request, "study", directives=rows, roll_total=total, tab="directives"),
    )


@committee_view
def directive_create(request):
    form = DirectiveForm(request.POST or None, request.FILES or None)
    del form.fields["remove_file"]
    error = None
    if request.method == "POST" and form.is_valid():
        created, error = attempt(
            form,
            services.directive_create,
            actor=request.user,
            cell=request.party_cell,
            data=form.data_for_service(),
            uploaded=form.cleaned_data.get("file"),
        )
        if created is not None:
            messages.success(request, _("Đã thêm văn bản “%(title)s”.") % {"title": created.title})
            return redirect("party:directive_detail", pk=created.pk)
    return _form_page(
        request,
        "study",
        form,
        heading=_("Thêm nghị quyết, chỉ thị"),
        back_url=reverse("party:directive_list"),
        submit=_("Lưu văn bản"),
        status=_status(error),
        crumbs=[(reverse("party:directive_list"), _("Học tập nghị quyết"))],
    )


@committee_view
def directive_edit(request, pk: int):
    directive = selectors.directive_get(user=request.user, cell=request.party_cell, pk=pk)
    initial = {name: getattr(directive, name) for name in DirectiveForm.FIELDS}
    form = DirectiveForm(request.POST or None, request.FILES or None, initial=initial)
    if not directive.file:
        del form.fields["remove_file"]
    error = None
    if request.method == "POST" and form.is_valid():
        updated, error = attempt(
            form,
            services.directive_update,
            actor=request.user,
            directive=directive,
            data=form.data_for_service(),
            uploaded=form.cleaned_data.get("file"),
            remove_file=form.cleaned_data.get("remove_file", False),
        )
        if updated is not None:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("party:directive_detail", pk=directive.pk)
    return _directive_form_page(
        request,
        directive,
        form,
        heading=_("Sửa văn bản"),
        submit=_("Lưu"),
        error=error,
        current_file=directive.file.name.rsplit("/", 1)[-1] if directive.file else "",
    )


@party_view
def directive_detail(request, pk: int):
    return _directive_page(request, pk)


def _directive_page(request, pk: int, *, self_form=None, status: int = 200):
    cell, user = request.party_cell, request.user
    directive = selectors.directive_get(user=user, cell=cell, pk=pk)
    sessions = selectors.sessions_of(user=user, directive=directive)
    records = selectors.records_of(user=user, directive=directive)
    today = timezone.localdate()
    context = {"directive": directive, "sessions": sessions, "today": today}
    if request.party_committee:
        members = list(selectors.roll(cell))
        context["summary"] = selectors.study_summary(
            members, records, deadline=directive.study_deadline, today=today
        )
        context["lines"] = [(m, records.get(m.pk)) for m in members]
    me = selectors.own_member(user, cell)
    if me is not None and me.on_roll:
        record = records.get(me.pk)
        context["my_record"] = record
        context["self_form"] = self_form or SelfReportForm(
            initial={
                "self_study": bool(record and record.self_study),
                "essay_submitted_on": record.essay_submitted_on if record else None,
            }
        )
    return render(
        request,
        "party/study/directive_detail.html",
        party_context(request, "study", **context),
        status=status,
    )


@party_view
def directive_file(request, pk: int):
    directive = selectors.directive_get(user=request.user, cell=request.party_cell, pk=pk)
    return _serve(directive.file, "van-ban")


@party_view
def self_report(request, pk: int):
    """A member marks their own self-study and essay submission (POST from the directive page)."""
    directive = selectors.directive_get(user=request.user, cell=request.party_cell, pk=pk)
    if request.method != "POST":
        return redirect("party:directive_detail", pk=directive.pk)
    me = selectors.own_member(request.user, request.party_cell)
    if me is None:
        raise Http404
    form = SelfReportForm(request.POST)
    error = None
    if form.is_valid():
        saved, error = attempt(
            form,
            services.study_self_report,
            actor=request.user,
            directive=directive,
            member=me,
            self_study=form.cleaned_data["self_study"],
            essay_submitted_on=form.cleaned_data["essay_submitted_on"],
        )
        if saved is not None:
            messages.success(request, _("Đã ghi nhận kết quả tự học tập của đồng chí."))
            return redirect("party:directive_detail", pk=directive.pk)
    return _directive_page(request, pk, self_form=form, status=_status(error) if error else 200)


@committee_view
def record_grid(request, pk: int):
    cell = request.party_cell
    directive = selectors.directive_get(user=request.user, cell=cell, pk=pk)
    members = list(selectors.roll(cell))
    records = selectors.records_of(user=request.user, directive=directive)
    form = StudyGridForm(request.POST or None, members=members, records=records)
    error = None
    if request.method == "POST" and form.is_valid():
        changed, error = attempt(
            form, services.study_records_save, actor=request.user, directive=directive, rows=form.study_rows()
        )
        if error is None and changed is not None:
            messages.success(request, _("Đã lưu kết quả học tập (%(n)s dòng thay đổi).") % {"n": changed})
            return redirect("party:directive_detail", pk=directive.pk)
    sessions = selectors.sessions_of(user=request.user, directive=directive)
    return render(
        request,
        "party/study/record_grid.html",
        party_context(request, "study", directive=directive, form=form, sessions=sessions),
        status=_status(error),
    )


@committee_view
def session_create(request, pk: int):
    cell = request.party_cell
    directive = selectors.directive_get(user=request.user, cell=cell, pk=pk)
    meetings = selectors.meetings_for_sessions(user=request.user, cell=cell)
    form = SessionForm(request.POST or None, meetings=meetings)
    error = None
    if request.method == "POST" and form.is_valid():
        created, error = attempt(
            form, services.study_session_create, actor=request.user, directive=directive, **form.cleaned_data
        )
        if created is not None:
            messages.success(request, _("Đã thêm buổi học tập."))
            return redirect("party:directive_detail", pk=directive.pk)
    return _directive_form_page(
        request,
        directive,
        form,
        heading=_("Thêm buổi học tập"),
        submit=_("Lưu buổi học tập"),
        error=error,
    )


@committee_view
def session_edit(request, pk: int):
    cell = request.party_cell
    session = selectors.session_get(user=request.user, cell=cell, pk=pk)
    directive = session.directive
    meetings = selectors.meetings_for_sessions(user=request.user, cell=cell)
    initial = {
        "meeting": session.meeting,
        "held_on": session.held_on,
        "presenter": session.presenter,
        "note": session.note,
    }
    form = SessionForm(request.POST or None, meetings=meetings, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form, services.study_session_update, actor=request.user, session=session, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Đã lưu buổi học tập."))
            return redirect("party:directive_detail", pk=directive.pk)
    return _directive_form_page(
        request,
        directive,
        form,
        heading=_("Sửa buổi học tập"),
        submit=_("Lưu"),
        error=error,
    )


@committee_view
def session_attendance(request, pk: int):
    """Take attendance from the linked meeting: everyone present is marked as having attended (POST)."""
    session = selectors.session_get(user=request.user, cell=request.party_cell, pk=pk)
    if request.method == "POST":
        try:
            changed = services.study_session_apply_attendance(actor=request.user, session=session)
        except services.DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Đã ghi nhận dự học tập theo điểm danh: %(n)s đảng viên.") % {"n": changed}
            )
    return redirect("party:directive_detail", pk=session.directive_id)


# --------------------------------------------------------------------------------------------- recognitions


@party_view
def recognition_list(request):
    year = _year(request)
    rows = list(selectors.recognition_list(user=request.user, cell=request.party_cell, year=year))
    counts = dict.fromkeys(RecognitionKind.values, 0)
    for row in rows:
        counts[row.kind] += 1
    return render(
        request,
        "party/study/recognition_list.html",
        party_context(
            request,
            "study",
            rows=rows,
            year=year,
            years=range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            counts=[(label, counts[code]) for code, label in RecognitionKind.choices],
            tab="recognitions",
        ),
    )


def _cell_members(cell):
    return PartyMember.objects.filter(cell=cell).order_by("name_sort", "id")


@committee_view
def recognition_create(request):
    cell = request.party_cell
    form = RecognitionForm(request.POST or None, members=_cell_members(cell))
    error = None
    if request.method == "POST" and form.is_valid():
        created, error = attempt(
            form, services.recognition_create, actor=request.user, cell=cell, data=form.data_for_service()
        )
        if created is not None:
            messages.success(
                request,
                _("Đã ghi %(kind)s của đồng chí %(member)s.")
                % {"kind": created.get_kind_display().lower(), "member": created.member},
            )
            return redirect(reverse("party:recognition_list") + f"?nam={created.decided_on.year}")
    return _form_page(
        request,
        "study",
        form,
        heading=_("Ghi khen thưởng, nhắc nhở, phê bình"),
        back_url=reverse("party:recognition_list"),
        submit=_("Lưu"),
        status=_status(error),
        crumbs=[(reverse("party:recognition_list"), _("Khen thưởng, nhắc nhở, phê bình"))],
    )


@committee_view
def recognition_edit(request, pk: int):
    cell = request.party_cell
    recognition = selectors.recognition_get(user=request.user, cell=cell, pk=pk)
    initial = {name: getattr(recognition, name) for name in RecognitionForm.FIELDS}
    form = RecognitionForm(request.POST or None, members=_cell_members(cell), initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.recognition_update,
            actor=request.user,
            recognition=recognition,
            data=form.data_for_service(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu."))
            return redirect(reverse("party:recognition_list") + f"?nam={saved.decided_on.year}")
    return _form_page(
        request,
        "study",
        form,
        heading=_("Sửa khen thưởng, nhắc nhở, phê bình"),
        back_url=reverse("party:recognition_list"),
        submit=_("Lưu"),
        status=_status(error),
        crumbs=[(reverse("party:recognition_list"), _("Khen thưởng, nhắc nhở, phê bình"))],
    )


# --------------------------------------------------------------------------------------------- supervision


@committee_view
def supervision_list(request):
    cell = request.party_cell
    year = _year(request)
    plan = selectors.plan_for_year(user=request.user, cell=cell, year=year)
    years = sorted(
        {*selectors.plan_years(user=request.user, cell=cell), timezone.localdate().year}, reverse=True
    )
    today = timezone.localdate()
    items = list(plan.items.all()) if plan else []
    for item in items:
        item.open_tasks = [t for t in item.tasks.all() if t.done_on is None]
        item.late_tasks = [t for t in item.open_tasks if t.due_on < today]
    return render(
        request,
        "party/supervision/plan.html",
        party_context(
            request,
            "supervision",
            plan=plan,
            items=items,
            year=year,
            years=years,
            concluded=sum(1 for i in items if i.state == SupervisionState.CONCLUDED),
        ),
    )


@committee_view
def plan_create(request):
    cell = request.party_cell
    year = _year(request)
    form = PlanForm(
        request.POST or None,
        initial={"year": year, "title": _("Kế hoạch kiểm tra, giám sát năm %(year)s") % {"year": year}},
    )
    error = None
    if request.method == "POST" and form.is_valid():
        created, error = attempt(
            form, services.supervision_plan_create, actor=request.user, cell=cell, **form.cleaned_data
        )
        if created is not None:
            messages.success(
                request, _("Đã lập kế hoạch kiểm tra, giám sát năm %(year)s.") % {"year": created.year}
            )
            return redirect(reverse("party:supervision_list") + f"?nam={created.year}")
    return _form_page(
        request,
        "supervision",
        form,
        heading=_("Lập kế hoạch kiểm tra, giám sát"),
        back_url=reverse("party:supervision_list"),
        submit=_("Lưu kế hoạch"),
        status=_status(error),
        crumbs=[(reverse("party:supervision_list"), _("Kiểm tra, giám sát"))],
    )


@committee_view
def plan_edit(request, pk: int):
    plan = selectors.plan_get(user=request.user, cell=request.party_cell, pk=pk)
    form = PlanForm(
        request.POST or None,
        initial={
            "year": plan.year,
            "title": plan.title,
            "adopted_on": plan.adopted_on,
            "document": plan.document,
        },
    )
    form.fields["year"].disabled = True
    error = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        saved, error = attempt(form, services.supervision_plan_update, actor=request.user, plan=plan, **data)
        if saved is not None:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect(reverse("party:supervision_list") + f"?nam={plan.year}")
    return _form_page(
        request,
        "supervision",
        form,
        heading=_("Sửa kế hoạch kiểm tra, giám sát"),
        back_url=reverse("party:supervision_list") + f"?nam={plan.year}",
        submit=_("Lưu"),
        status=_status(error),
        crumbs=[(reverse("party:supervision_list") + f"?nam={plan.year}", _("Kiểm tra, giám sát"))],
    )


@committee_view
def item_create(request, pk: int):
    cell = request.party_cell
    plan = selectors.plan_get(user=request.user, cell=cell, pk=pk)
    form = ItemForm(request.POST or None, members=selectors.roll(cell))
    error = None
    if request.method == "POST" and form.is_valid():
        created, error = attempt(
            form,
            services.supervision_item_create,
            actor=request.user,
            plan=plan,
            data=form.data_for_service(),
        )
        if created is not None:
            messages.success(request, _("Đã thêm cuộc kiểm tra, giám sát vào kế hoạch."))
            return redirect("party:supervision_item", pk=created.pk)
    back = reverse("party:supervision_list") + f"?nam={plan.year}"
    return _form_page(
        request,
        "supervision",
        form,
        heading=_("Thêm cuộc kiểm tra, giám sát"),
        back_url=back,
        submit=_("Lưu"),
        status=_status(error),
        crumbs=[(back, plan.title)],
    )


def _item_page(request, item, *, conclude_form=None, task_form=None, status=200):
    cell = request.party_cell
    tasks = selectors.item_tasks(item)
    today = timezone.localdate()
    for task in tasks:
        task.late = task.done_on is None and task.due_on < today
    concluded = item.state == SupervisionState.CONCLUDED
    context = {
        "item": item,
        "plan": item.plan,
        "tasks": tasks,
        "concluded": concluded,
        "conclude_form": conclude_form
        or (None if concluded else ConcludeForm(initial={"concluded_on": today})),
        "task_form": task_form or TaskForm(members=selectors.roll(cell)),
        "done_form": TaskDoneForm(),
    }
    return render(
        request,
        "party/supervision/item.html",
        party_context(request, "supervision", **context),
        status=status,
    )


@committee_view
def supervision_item(request, pk: int):
    item = selectors.item_get(user=request.user, cell=request.party_cell, pk=pk)
    return _item_page(request, item)


@committee_view
def item_edit(request, pk: int):
    cell = request.party_cell
    item = selectors.item_get(user=request.user, cell=cell, pk=pk)
    if item.state == SupervisionState.CONCLUDED:
        messages.error(request, _("Cuộc kiểm tra, giám sát này đã kết luận, không sửa được nữa."))
        return redirect("party:supervision_item", pk=item.pk)
    initial = {name: getattr(item, name) for name in (*ItemForm.FIELDS, "findings")}
    form = ItemForm(request.POST or None, members=selectors.roll(cell), with_findings=True, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.supervision_item_update,
            actor=request.user,
            item=item,
            data=form.data_for_service(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu."))
            return redirect("party:supervision_item", pk=item.pk)
    back = reverse("party:supervision_item", args=[item.pk])
    return _form_page(
        request,
        "supervision",
        form,
        heading=_("Sửa cuộc kiểm tra, giám sát; ghi kết quả"),
        back_url=back,
        submit=_("Lưu"),
        status=_status(error),
        crumbs=[
            (reverse("party:supervision_list") + f"?nam={item.plan.year}", item.plan.title),
            (back, item.topic[:40]),
        ],
    )


@committee_view
def item_conclude(request, pk: int):
    item = selectors.item_get(user=request.user, cell=request.party_cell, pk=pk)
    if request.method != "POST":
        return redirect("party:supervision_item", pk=item.pk)
    form = ConcludeForm(request.POST)
    error = None
    if form.is_valid():
        saved, error = attempt(
            form,
            services.supervision_item_conclude,
            actor=request.user,
            item=item,
            conclusion=form.cleaned_data["conclusion"],
            concluded_on=form.cleaned_data["concluded_on"],
        )
        if saved is not None:
            messages.success(request, _("Đã kết luận cuộc kiểm tra, giám sát."))
            return redirect("party:supervision_item", pk=item.pk)
    return _item_page(request, item, conclude_form=form, status=_status(error) if error else 200)


@committee_view
def task_create(request, pk: int):
    cell = request.party_cell
    item = selectors.item_get(user=request.user, cell=cell, pk=pk)
    if request.method != "POST":
        return redirect("party:supervision_item", pk=item.pk)
    form = TaskForm(request.POST, members=selectors.roll(cell))
    error = None
    if form.is_valid():
        created, error = attempt(
            form, services.supervision_task_create, actor=request.user, item=item, **form.cleaned_data
        )
        if created is not None:
            messages.success(request, _("Đã giao việc “%(title)s”.") % {"title": created.title})
            return redirect("party:supervision_item", pk=item.pk)
    return _item_page(request, item, task_form=form, status=_status(error) if error else 200)


@committee_view
def task_done(request, pk: int):
    task = selectors.task_get(user=request.user, cell=request.party_cell, pk=pk)
    if request.method == "POST":
        form = TaskDoneForm(request.POST)
        if form.is_valid():
            _done, error = attempt(
                form, services.supervision_task_done, actor=request.user, task=task, **form.cleaned_data
            )
            if error is None and _done is not None:
                messages.success(request, _("Đã đánh dấu hoàn thành: %(title)s.") % {"title": task.title})
        for message in [*form.non_field_errors(), *[e for f in form for e in f.errors]]:
            messages.error(request, message)
    return redirect("party:supervision_item", pk=task.supervision_id)


# --------------------------------------------------------------------------------------------- residence


@committee_view
def residence_list(request):
    year = _year(request)
    board = selectors.residence_board(user=request.user, cell=request.party_cell, year=year)
    counts = dict.fromkeys((selectors.RECEIVED, selectors.MISSING, selectors.EXEMPT), 0)
    for line in board:
        counts[line.status] = counts.get(line.status, 0) + 1
    today = timezone.localdate()
    return render(
        request,
        "party/residence/list.html",
        party_context(
            request,
            "residence",
            board=board,
            year=year,
            years=range(today.year, today.year - 6, -1),
            counts=counts,
            reminder_season=year < today.year or today.month >= 10,
        ),
    )


@committee_view
def residence_edit(request, year: int, member_pk: int):
    cell = request.party_cell
    if not services.MIN_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    member = selectors.member_of_cell_or_404(user=request.user, cell=cell, pk=member_pk)
    existing = member.residence_feedback.filter(year=year).first()
    initial = {"organisation": member.residence_organisation}
    if existing is not None:
        initial = {f: getattr(existing, f) for f in ("received_on", "organisation", "content", "assessment")}
    form = ResidenceForm(request.POST or None, request.FILES or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved, error = attempt(
            form,
            services.residence_feedback_save,
            actor=request.user,
            member=member,
            year=year,
            uploaded=data.pop("file"),
            **data,
        )
        if saved is not None:
            messages.success(
                request,
                _("Đã ghi nhận xét nơi cư trú năm %(year)s của đồng chí %(member)s.")
                % {"year": year, "member": member},
            )
            return redirect(reverse("party:residence_list") + f"?nam={year}")
    back = reverse("party:residence_list") + f"?nam={year}"
    return _form_page(
        request,
        "residence",
        form,
        heading=_("Nhận xét nơi cư trú năm %(year)s — %(member)s") % {"year": year, "member": member},
        back_url=back,
        submit=_("Lưu nhận xét"),
        status=_status(error),
        crumbs=[(back, _("Nhận xét nơi cư trú"))],
        current_file=existing.file.name.rsplit("/", 1)[-1] if existing and existing.file else "",
    )


@committee_view
def residence_exempt(request, member_pk: int):
    cell = request.party_cell
    member = selectors.member_of_cell_or_404(user=request.user, cell=cell, pk=member_pk)
    initial = {
        "exempt": member.residence_exempt,
        "reason": member.residence_exempt_reason,
        "version": member.version,
    }
    form = ExemptForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form, services.residence_exempt_set, actor=request.user, member=member, **form.cleaned_data
        )
        if saved is not None:
            messages.success(
                request, _("Đã cập nhật việc miễn nhận xét của đồng chí %(member)s.") % {"member": member}
            )
            return redirect("party:residence_list")
    return _form_page(
        request,
        "residence",
        form,
        heading=_("Miễn nhận xét nơi cư trú — %(member)s") % {"member": member},
        back_url=reverse("party:residence_list"),
        submit=_("Lưu"),
        status=_status(error),
        crumbs=[(reverse("party:residence_list"), _("Nhận xét nơi cư trú"))],
    )


@party_view
def residence_file(request, pk: int):
    """The scanned feedback: the committee, or the member it is about."""
    feedback = selectors.residence_feedback_get(user=request.user, cell=request.party_cell, pk=pk)
    return _serve(feedback.file, "nhan-xet")
