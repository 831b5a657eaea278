"""Screens of a congress and its preparation: the list, calling and changing a congress, its page (documents
with versions, the summoned count, the service bodies, the resolution's targets with their conflict flags), the
roll call with the summoned list, the service bodies' show-of-hands votes, the resolution; opening and closing.

Every view goes through ``party_view`` (the cell's party roles) or ``committee_view`` (its committee); pages that
run the sitting congress are open to the committee and the congress's presidium (others: 404). A refused action
comes back on its form with the Vietnamese reason and nothing typed lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hoptac.accounts import roles
from hoptac.core.errors import DomainError
from hoptac.core.views_helpers import attempt, run_service
from hoptac.party.access import committee_view, party_view
from hoptac.party.choices import Level, TargetComparison, TargetMode
from hoptac.party.context import party_context

from . import selectors_congress as selectors
from . import services_congress as services
from .choices import Attendance, Body, CongressState, SummonsStatus
from .forms_congress import BodyForm, CongressForm, CongressTargetForm, DocumentForm, ResolutionForm

SECTION = "congress"


def _status(error) -> int:
    return 400 if error is None else 409


def _detail_url(congress) -> str:
    return reverse("congress:congress_detail", args=[congress.pk])


def _congress(request, pk: int):
    return selectors.congress_get(user=request.user, cell=request.party_cell, pk=pk)


def _managed(request, pk: int):
    """A congress the person runs (the committee, or its presidium); 404 for everybody else."""
    congress = _congress(request, pk)
    if not services.may_manage(request.user, congress):
        raise Http404
    return congress


# --- list, call, change ---------------------------------------------------------------------------------------


@party_view
@require_GET
def congress_list(request):
    congresses = list(selectors.congress_list(user=request.user, cell=request.party_cell))
    return render(
        request, "congress/congress/list.html", party_context(request, SECTION, congresses=congresses)
    )


def _form_page(request, form, *, congress=None, status=200):
    context = party_context(request, SECTION, form=form, congress=congress)
    return render(request, "congress/congress/form.html", context, status=status)


def _congress_form(request, *, congress=None, data=None):
    cell = request.party_cell
    members = selectors.eligible_members(cell)
    if congress is not None:
        initial = {
            "title": congress.title,
            "held_on": congress.held_on,
            "place": congress.place,
            "convening": [m.pk for m in congress.convening_committee.all()],
            "double_entry": congress.double_entry,
            "deputy_needed": congress.deputy_needed,
            "version": congress.version,
        }
        return CongressForm(data, cell=cell, members=members, editing=True, initial=initial)
    terms = selectors.free_terms(cell)
    initial = {
        "convening": [m.pk for m in selectors.current_committee(cell)],
        "double_entry": True,
        "deputy_needed": True,
        "term": terms.first(),
    }
    return CongressForm(data, cell=cell, members=members, terms=terms, initial=initial)


@committee_view
def congress_create(request):
    if request.method != "POST":
        return _form_page(request, _congress_form(request))
    form = _congress_form(request, data=request.POST)
    error = None
    if form.is_valid():
        d = form.cleaned_data
        congress, error = attempt(
            form,
            services.congress_create,
            actor=request.user,
            cell=request.party_cell,
            term=d["term"],
            term_name=d["term_name"],
            term_starts_on=d["term_starts_on"],
            title=d["title"],
            held_on=d["held_on"],
            place=d["place"],
            convening=list(d["convening"]),
            double_entry=d["double_entry"],
            deputy_needed=d["deputy_needed"],
        )
        if congress is not None:
            messages.success(request, _("Đã lập đại hội. Hãy tải tài liệu và lập danh sách triệu tập."))
            return redirect(_detail_url(congress))
    return _form_page(request, form, status=_status(error))


@committee_view
def congress_edit(request, pk: int):
    congress = _congress(request, pk)
    if congress.state != CongressState.PREPARING:
        messages.error(request, _("Đại hội đã khai mạc: không sửa thông tin chuẩn bị được nữa."))
        return redirect(_detail_url(congress))
    if request.method != "POST":
        return _form_page(request, _congress_form(request, congress=congress), congress=congress)
    form = _congress_form(request, congress=congress, data=request.POST)
    error = None
    if form.is_valid():
        d = form.cleaned_data
        done, error = attempt(
            form,
            services.congress_update,
            actor=request.user,
            congress=congress,
            version=d["version"] or 0,
            title=d["title"],
            held_on=d["held_on"],
            place=d["place"],
            convening=list(d["convening"]),
            double_entry=d["double_entry"],
            deputy_needed=d["deputy_needed"],
        )
        if done is not None:
            messages.success(request, _("Đã lưu thông tin đại hội."))
            return redirect(_detail_url(congress))
    return _form_page(request, form, congress=congress, status=_status(error))


# --- the congress's page --------------------------------------------------------------------------------------


def _detail_page(request, congress, *, status=200, document_form=None):
    committee = request.party_committee
    manager = services.may_manage(request.user, congress)
    targets, conflicts = selectors.term_targets(user=request.user, congress=congress)
    state = congress.state
    context = party_context(
        request,
        SECTION,
        congress=congress,
        documents=selectors.documents(user=request.user, congress=congress),
        summary=selectors.summary(congress),
        my_line=selectors.own_line(user=request.user, congress=congress),
        bodies=selectors.bodies(user=request.user, congress=congress),
        targets=targets,
        conflicts=conflicts,
        document_form=document_form or DocumentForm(auto_id="doc-%s"),
        may_edit=committee and state == CongressState.PREPARING,
        may_documents=committee and state != CongressState.CLOSED,
        may_manage=manager,
        may_open=manager and state == CongressState.PREPARING,
        may_close=manager and state == CongressState.IN_SESSION,
        may_count=congress.pk in request.user.scope_ids(roles.CONGRESS_COUNTER),
    )
    return render(request, "congress/congress/detail.html", context, status=status)


@party_view
@require_GET
def congress_detail(request, pk: int):
    return _detail_page(request, _congress(request, pk))


@committee_view
@require_POST
def document_upload(request, pk: int):
    congress = _congress(request, pk)
    form = DocumentForm(request.POST, request.FILES, auto_id="doc-%s")
    error = None
    if form.is_valid():
        d = form.cleaned_data
        document, error = attempt(
            form,
            services.document_upload,
            actor=request.user,
            congress=congress,
            kind=d["kind"],
            title=d["title"],
            note=d["note"],
            file=d["file"],
        )
        if document is not None:
            messages.success(
                request,
                _("Đã tải lên “%(title)s”, phiên bản %(version)s.")
                % {"title": document.title, "version": document.version},
            )
            return redirect(_detail_url(congress))
    return _detail_page(request, congress, document_form=form, status=_status(error))


@party_view
@require_GET
def document_file(request, pk: int, doc: int):
    """One version's file, for whoever may see the congress — served by this view only, never a media URL."""
    document = selectors.document_get(user=request.user, cell=request.party_cell, congress_pk=pk, pk=doc)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- summoned members and roll call ---------------------------------------------------------------------------


ATTENDANCE_CHOICES = Attendance.choices


@party_view
def roll_call(request, pk: int):
    congress = _managed(request, pk)
    rows = selectors.summons_rows(user=request.user, congress=congress)
    editable = congress.state != CongressState.CLOSED
    error_message, status = None, 200
    if request.method == "POST":
        if not editable:
            raise Http404
        entries = {}
        for row in rows:
            attendance = request.POST.get(f"attendance-{row.member_id}", "")
            reason = request.POST.get(f"reason-{row.member_id}", "")
            entries[row.member_id] = (attendance, reason)
            row.attendance, row.absence_reason = attendance, reason[:255]  # kept on a refusal
        try:
            services.attendance_record(actor=request.user, congress=congress, entries=entries)
        except DomainError as exc:
            error_message, status = exc.message, 409
        else:
            messages.success(request, _("Đã lưu điểm danh; danh sách triệu tập đã được tính lại."))
            return redirect(reverse("congress:congress_roll_call", args=[congress.pk]))
    context = party_context(
        request,
        SECTION,
        congress=congress,
        rows=rows,
        summary=selectors.summary(congress),
        choices=ATTENDANCE_CHOICES,
        counted=SummonsStatus.SUMMONED,
        probationary=SummonsStatus.PROBATIONARY,
        editable=editable,
        may_refresh=editable and (request.party_committee or congress.state == CongressState.IN_SESSION),
        error_message=error_message,
    )
    return render(request, "congress/congress/roll_call.html", context, status=status)


@party_view
@require_POST
def summons_refresh(request, pk: int):
    congress = _managed(request, pk)
    count = run_service(request, None, services.summons_refresh, actor=request.user, congress=congress)
    if count is not None:
        messages.success(request, _("Đã cập nhật danh sách: %(n)s đảng viên được triệu tập.") % {"n": count})
    return redirect(reverse("congress:congress_roll_call", args=[congress.pk]))


@party_view
@require_POST
def congress_open(request, pk: int):
    congress = _managed(request, pk)
    if run_service(request, None, services.congress_open, actor=request.user, congress=congress):
        messages.success(request, _("Đại hội đã khai mạc."))
    return redirect(_detail_url(congress))


@party_view
@require_POST
def congress_close(request, pk: int):
    congress = _managed(request, pk)
    if run_service(request, None, services.congress_close, actor=request.user, congress=congress):
        messages.success(request, _("Đại hội đã bế mạc."))
    return redirect(_detail_url(congress))


# --- service bodies -------------------------------------------------------------------------------------------


def _present_members(congress):
    from hoptac.party.models import PartyMember

    return PartyMember.objects.filter(
        pk__in=[line.member_id for line in selectors.present_lines(congress)]
    ).order_by("name_sort", "id")


def _bodies_page(request, congress, *, forms=None, status=200):
    present = _present_members(congress)
    rows = selectors.bodies(user=request.user, congress=congress)
    forms = forms or {}
    for row in rows:
        if row.body not in forms:
            initial = {}
            if row.duties:
                initial = {
                    "members": [d.member_id for d in row.duties],
                    "head": next((d.member_id for d in row.duties if d.is_head), None),
                }
            forms[row.body] = BodyForm(body=row.body, present=present, initial=initial)
        row.form = forms[row.body]
    context = party_context(
        request,
        SECTION,
        congress=congress,
        rows=rows,
        summary=selectors.summary(congress),
        editable=congress.state == CongressState.IN_SESSION,
    )
    return render(request, "congress/congress/bodies.html", context, status=status)


@party_view
@require_GET
def bodies(request, pk: int):
    return _bodies_page(request, _managed(request, pk))


@party_view
@require_POST
def body_approve(request, pk: int, body: str):
    congress = _managed(request, pk)
    if body not in Body.values:
        raise Http404
    form = BodyForm(request.POST, body=body, present=_present_members(congress))
    error = None
    if form.is_valid():
        d = form.cleaned_data
        vote, error = attempt(
            form,
            services.body_approve,
            actor=request.user,
            congress=congress,
            body=body,
            members=list(d["members"]),
            head=d["head"],
            votes_for=d["votes_for"],
            votes_against=d["votes_against"] or 0,
            votes_other=d["votes_other"] or 0,
        )
        if vote is not None:
            messages.success(
                request, _("Đại hội đã biểu quyết thông qua %(body)s.") % {"body": Body(body).label}
            )
            return redirect(reverse("congress:congress_bodies", args=[congress.pk]))
    return _bodies_page(request, congress, forms={body: form}, status=_status(error))


@party_view
@require_POST
def duty_remove(request, pk: int, duty: int):
    congress = _managed(request, pk)
    row = selectors.duty_get(user=request.user, congress=congress, pk=duty)
    try:
        services.duty_remove(actor=request.user, duty=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã bỏ %(name)s khỏi %(body)s.") % {"name": row.member, "body": row.get_body_display()}
        )
    return redirect(reverse("congress:congress_bodies", args=[congress.pk]))


# --- the resolution -------------------------------------------------------------------------------------------


def _resolution_page(request, congress, *, form=None, target_form=None, status=200):
    targets, conflicts = selectors.term_targets(user=request.user, congress=congress)
    if form is None:
        form = ResolutionForm(
            initial={
                "resolution": congress.resolution,
                "votes_for": congress.resolution_votes_for,
                "votes_against": congress.resolution_votes_against,
            }
        )
    context = party_context(
        request,
        SECTION,
        congress=congress,
        form=form,
        target_form=target_form or CongressTargetForm(auto_id="target-%s"),
        targets=targets,
        conflicts=conflicts,
        summary=selectors.summary(congress),
        editable=congress.state == CongressState.IN_SESSION,
        level_labels=dict(Level.choices),
        mode_labels=dict(TargetMode.choices),
        comparison_labels=dict(TargetComparison.choices),
    )
    return render(request, "congress/congress/resolution.html", context, status=status)


@party_view
def resolution(request, pk: int):
    congress = _managed(request, pk)
    if request.method != "POST":
        return _resolution_page(request, congress)
    form = ResolutionForm(request.POST)
    error = None
    if form.is_valid():
        d = form.cleaned_data
        done, error = attempt(
            form,
            services.resolution_adopt,
            actor=request.user,
            congress=congress,
            text=d["resolution"],
            votes_for=d["votes_for"],
            votes_against=d["votes_against"] or 0,
        )
        if done is not None:
            messages.success(request, _("Đã ghi nghị quyết được đại hội thông qua."))
            return redirect(reverse("congress:congress_resolution", args=[congress.pk]))
    return _resolution_page(request, congress, form=form, status=_status(error))


@party_view
@require_POST
def target_add(request, pk: int):
    congress = _managed(request, pk)
    form = CongressTargetForm(request.POST, auto_id="target-%s")
    error = None
    if form.is_valid():
        target, error = attempt(
            form,
            services.resolution_target_add,
            actor=request.user,
            congress=congress,
            **form.data_for_service(),
        )
        if target is not None:
            messages.success(request, _("Đã thêm chỉ tiêu “%(label)s”.") % {"label": target.label})
            return redirect(reverse("congress:congress_resolution", args=[congress.pk]))
    return _resolution_page(request, congress, target_form=form, status=_status(error))


@party_view
@require_POST
def target_delete(request, pk: int, target: int):
    congress = _managed(request, pk)
    row = selectors.target_get(user=request.user, congress=congress, pk=target)
    try:
        services.resolution_target_delete(actor=request.user, congress=congress, target=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa chỉ tiêu “%(label)s”.") % {"label": row.label})
    return redirect(reverse("congress:congress_resolution", args=[congress.pk]))
