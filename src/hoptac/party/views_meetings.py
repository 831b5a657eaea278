"""The cell's meetings and notices: the list with the committee's warnings, scheduling and the notice, the
meeting's page (documents, attendance, minutes, conclusions, tasks), the attendance grid, the minutes page, the
minutes as DOCX and PDF, and the notices.

Views parse input, call one service or selector and render. Every view goes through ``party_view`` (the cell's
party roles) or ``committee_view`` (its committee); a meeting the person may not see answers 404. A refused
action comes back on its form with the Vietnamese reason and nothing typed lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hoptac.core.errors import DomainError
from hoptac.core.pagination import paginate
from hoptac.core.permissions import VIEW, get_visible_or_404
from hoptac.core.views_helpers import attempt, run_service

from . import minutes as minutes_doc
from . import selectors_meetings as selectors
from . import services_meetings as services
from .access import committee_view, party_view
from .choices import MeetingState, Presence
from .context import party_context
from .forms_meetings import (
    PRESENCE_CHOICES,
    AgendaItemForm,
    ConclusionForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    NoticeForm,
    NotifyForm,
    ReasonForm,
    TaskDoneForm,
    TaskForm,
)
from .models import Conclusion, FollowUpTask
from .services import rules_for


def _status(error) -> int:
    return 400 if error is None else 409


def _detail_url(meeting) -> str:
    return reverse("party:meeting_detail", args=[meeting.pk])


def _meeting(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if meeting.cell_id != request.party_cell.pk:
        raise Http404
    return meeting


# --- list ----------------------------------------------------------------------------------------------------


@party_view
@require_GET
def meeting_list(request):
    cell = request.party_cell
    rules = rules_for(cell) if request.party_committee else None
    page = paginate(request, selectors.meeting_list(user=request.user, cell=cell))
    for meeting in page:
        meeting.short_by = selectors.short_meeting_minutes(meeting, rules) if rules else None
    context = party_context(
        request,
        "meetings",
        page=page,
        warnings=selectors.warnings(cell) if request.party_committee else {},
        today=timezone.localdate(),
    )
    return render(request, "party/meetings/list.html", context)


# --- schedule, edit, notify, cancel --------------------------------------------------------------------------


def _meeting_form_page(request, form, *, meeting=None, status=200):
    return render(
        request,
        "party/meetings/form.html",
        party_context(request, "meetings", form=form, meeting=meeting),
        status=status,
    )


@committee_view
def meeting_create(request):
    if request.method != "POST":
        return _meeting_form_page(request, MeetingForm(initial={"kind": "regular"}))
    form = MeetingForm(request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        meeting, error = attempt(
            form,
            services.meeting_create,
            actor=request.user,
            cell=request.party_cell,
            kind=data["kind"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            agenda=form.agenda_lines(),
        )
        if meeting is not None:
            messages.success(request, _("Đã lên lịch buổi sinh hoạt. Hãy thông báo để đảng viên được biết."))
            return redirect(_detail_url(meeting))
    return _meeting_form_page(request, form, status=_status(error))


@committee_view
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk)
    if request.method != "POST":
        form = MeetingForm(
            initial={
                "kind": meeting.kind,
                "title": meeting.title,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                "place": meeting.place,
                "agenda": "\n".join(item.title for item in meeting.agenda.all()),
                "version": meeting.version,
            }
        )
        return _meeting_form_page(request, form, meeting=meeting)
    form = MeetingForm(request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        done, error = attempt(
            form,
            services.meeting_update,
            actor=request.user,
            meeting=meeting,
            version=data["version"] or 0,
            kind=data["kind"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            agenda=form.agenda_lines(),
        )
        if done is not None:
            messages.success(request, _("Đã lưu buổi sinh hoạt."))
            return redirect(_detail_url(meeting))
    return _meeting_form_page(request, form, meeting=meeting, status=_status(error))


@committee_view
@require_POST
def meeting_notify(request, pk: int):
    meeting = _meeting(request, pk)
    form = NotifyForm(request.POST)
    if form.is_valid():
        notice, error = attempt(
            form,
            services.meeting_notify,
            actor=request.user,
            meeting=meeting,
            message=form.cleaned_data["message"],
        )
        if notice is not None:
            messages.success(request, _("Đã đăng thông báo và báo cho các đảng viên."))
            return redirect(_detail_url(meeting))
    else:
        error = None
    return _detail_page(request, meeting, notify_form=form, status=_status(error))


@committee_view
@require_POST
def meeting_cancel(request, pk: int):
    meeting = _meeting(request, pk)
    form = ReasonForm(request.POST)
    error = None
    if form.is_valid():
        done, error = attempt(
            form,
            services.meeting_cancel,
            actor=request.user,
            meeting=meeting,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Đã hủy buổi sinh hoạt."))
            return redirect(_detail_url(meeting))
    return _detail_page(request, meeting, cancel_form=form, status=_status(error))


# --- the meeting's page --------------------------------------------------------------------------------------


def _detail_page(request, meeting, *, status=200, **forms):
    rules = rules_for(meeting.cell)
    roll = (
        selectors.meeting_roll(meeting, rules=rules)
        if meeting.state in (MeetingState.HELD, MeetingState.CLOSED)
        else None
    )
    committee = request.party_committee
    context = party_context(
        request,
        "meetings",
        meeting=meeting,
        roll=roll,
        rules=rules,
        late_documents={d.pk for d in selectors.late_documents(meeting, rules)},
        short_by=selectors.short_meeting_minutes(meeting, rules),
        quorum_sentence=minutes_doc.quorum_sentence(roll) if roll else "",
        notify_form=forms.get("notify_form") or NotifyForm(),
        cancel_form=forms.get("cancel_form") or ReasonForm(auto_id="cancel-%s"),
        document_form=forms.get("document_form") or DocumentForm(auto_id="doc-%s"),
        reopen_form=forms.get("reopen_form") or ReasonForm(auto_id="reopen-%s"),
        close_error=forms.get("close_error"),
        may_edit=committee and meeting.state == MeetingState.PLANNED,
        may_notify=committee and meeting.state == MeetingState.PLANNED,
        may_cancel=committee and meeting.state in (MeetingState.PLANNED, MeetingState.NOTIFIED),
        may_documents=committee
        and meeting.state in (MeetingState.PLANNED, MeetingState.NOTIFIED, MeetingState.HELD),
        may_attendance=committee and meeting.state in (MeetingState.NOTIFIED, MeetingState.HELD),
        may_minutes=committee and meeting.state == MeetingState.HELD,
        may_reopen=committee and meeting.state == MeetingState.CLOSED,
        may_export=meeting.state == MeetingState.CLOSED or (committee and meeting.state == MeetingState.HELD),
        task_done_form=TaskDoneForm(auto_id="done-%s", initial={"done_on": timezone.localdate()}),
        today=timezone.localdate(),
    )
    return render(request, "party/meetings/detail.html", context, status=status)


@party_view
@require_GET
def meeting_detail(request, pk: int):
    return _detail_page(request, _meeting(request, pk))


# --- documents -----------------------------------------------------------------------------------------------


@committee_view
@require_POST
def document_upload(request, pk: int):
    meeting = _meeting(request, pk)
    form = DocumentForm(request.POST, request.FILES, auto_id="doc-%s")
    error = None
    if form.is_valid():
        document, error = attempt(
            form,
            services.document_upload,
            actor=request.user,
            meeting=meeting,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
        )
        if document is not None:
            messages.success(request, _("Đã tải tài liệu lên; đảng viên chỉ thấy khi tài liệu được công bố."))
            return redirect(_detail_url(meeting))
    return _detail_page(request, meeting, document_form=form, status=_status(error))


@committee_view
@require_POST
def document_publish(request, pk: int, doc: int):
    meeting = _meeting(request, pk)
    document = selectors.document_get(user=request.user, meeting_pk=meeting.pk, pk=doc)
    result = run_service(request, None, services.document_publish, actor=request.user, document=document)
    if result is not None:
        _doc, late = result
        messages.success(request, _("Đã công bố tài liệu cho đảng viên."))
        if late:
            messages.warning(
                request,
                _(
                    "Tài liệu được công bố muộn: Hướng dẫn 42-HD/BTCTW yêu cầu gửi tài liệu cho đảng viên "
                    "ít nhất %(days)s ngày trước buổi sinh hoạt."
                )
                % {"days": rules_for(meeting.cell).documents_days_ahead},
            )
    return redirect(_detail_url(meeting))


@committee_view
@require_POST
def document_delete(request, pk: int, doc: int):
    meeting = _meeting(request, pk)
    document = selectors.document_get(user=request.user, meeting_pk=meeting.pk, pk=doc)
    run_service(request, None, services.document_delete, actor=request.user, document=document)
    return redirect(_detail_url(meeting))


@party_view
@require_GET
def document_file(request, pk: int, doc: int):
    """The file of a document the person may see — served by this view only, never by a public media URL."""
    document = selectors.document_get(user=request.user, meeting_pk=pk, pk=doc)
    if document.meeting.cell_id != request.party_cell.pk:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- attendance ----------------------------------------------------------------------------------------------


@committee_view
def meeting_attendance(request, pk: int):
    meeting = _meeting(request, pk)
    rules = rules_for(meeting.cell)
    roll = selectors.meeting_roll(meeting, rules=rules)
    error_message, status = None, 200
    if request.method == "POST":
        entries = {}
        for row in roll.rows:
            presence = request.POST.get(f"presence-{row.member.pk}", "")
            reason = request.POST.get(f"reason-{row.member.pk}", "")[:255]
            entries[row.member.pk] = (presence, reason)
            row.presence, row.reason = presence, reason  # what was typed comes back on a refusal
        try:
            services.attendance_record(actor=request.user, meeting=meeting, entries=entries)
        except DomainError as exc:
            error_message, status = exc.message, 409
        else:
            messages.success(request, _("Đã lưu điểm danh."))
            return redirect(_detail_url(meeting))
    context = party_context(
        request,
        "meetings",
        meeting=meeting,
        roll=roll,
        choices=PRESENCE_CHOICES,
        absent_with_reason=Presence.ABSENT_WITH_REASON,
        error_message=error_message,
    )
    return render(request, "party/meetings/attendance.html", context, status=status)


# --- minutes -------------------------------------------------------------------------------------------------


def _minutes_initial(meeting) -> dict:
    return {
        "chair": meeting.chair_id,
        "minute_taker": meeting.minute_taker_id,
        "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        "guests": meeting.guests,
        "summary": meeting.summary,
        "quality": meeting.quality,
        "minutes_read_out": meeting.minutes_read_out,
        "version": meeting.version,
    }


def _minutes_page(request, meeting, *, status=200, **forms):
    roll = selectors.meeting_roll(meeting)
    context = party_context(
        request,
        "meetings",
        meeting=meeting,
        roll=roll,
        quorum_sentence=minutes_doc.quorum_sentence(roll),
        form=forms.get("form") or MinutesForm(meeting=meeting, initial=_minutes_initial(meeting)),
        item_form=forms.get("item_form") or AgendaItemForm(auto_id="item-%s"),
        conclusion_form=forms.get("conclusion_form") or ConclusionForm(auto_id="conclusion-%s"),
        task_form=forms.get("task_form") or TaskForm(meeting=meeting),
    )
    return render(request, "party/meetings/minutes.html", context, status=status)


@committee_view
def meeting_minutes(request, pk: int):
    meeting = _meeting(request, pk)
    if meeting.state != MeetingState.HELD:
        messages.error(request, _("Chỉ ghi biên bản khi buổi sinh hoạt đã họp và biên bản chưa chốt."))
        return redirect(_detail_url(meeting))
    if request.method != "POST":
        return _minutes_page(request, meeting)
    form = MinutesForm(request.POST, meeting=meeting)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        done, error = attempt(
            form,
            services.minutes_update,
            actor=request.user,
            meeting=meeting,
            version=data["version"],
            chair=data["chair"],
            minute_taker=data["minute_taker"],
            ends_at=data["ends_at"],
            guests=data["guests"],
            summary=data["summary"],
            quality=data["quality"],
            minutes_read_out=data["minutes_read_out"],
            discussions=form.discussions(),
            presenters=form.presenters(),
        )
        if done is not None:
            messages.success(request, _("Đã lưu biên bản."))
            return redirect(reverse("party:meeting_minutes", args=[meeting.pk]))
    return _minutes_page(request, meeting, form=form, status=_status(error))


def _minutes_part_add(request, meeting, form, *, form_name: str, service, fields, success=None):
    """The POST of one of the minutes page's small forms (an agenda item, a conclusion, a task): the service is
    given the form's ``fields``; then back to the minutes, or the page again with this form's errors."""
    error = None
    if form.is_valid():
        data = form.cleaned_data
        row, error = attempt(
            form, service, actor=request.user, meeting=meeting, **{name: data[name] for name in fields}
        )
        if row is not None:
            if success:
                messages.success(request, success)
            return redirect(reverse("party:meeting_minutes", args=[meeting.pk]))
    return _minutes_page(request, meeting, status=_status(error), **{form_name: form})


@committee_view
@require_POST
def agenda_item_add(request, pk: int):
    meeting = _meeting(request, pk)
    form = AgendaItemForm(request.POST, auto_id="item-%s")
    return _minutes_part_add(
        request,
        meeting,
        form,
        form_name="item_form",
        service=services.agenda_item_add,
        fields=("title", "presenter"),
    )


@committee_view
@require_POST
def conclusion_add(request, pk: int):
    meeting = _meeting(request, pk)
    form = ConclusionForm(request.POST, auto_id="conclusion-%s")
    return _minutes_part_add(
        request,
        meeting,
        form,
        form_name="conclusion_form",
        service=services.conclusion_add,
        fields=("kind", "text", "votes_for", "votes_against", "votes_abstain"),
        success=_("Đã ghi kết luận, nghị quyết."),
    )


@committee_view
@require_POST
def conclusion_delete(request, pk: int, conclusion: int):
    meeting = _meeting(request, pk)
    row = get_visible_or_404(Conclusion.objects.filter(meeting=meeting), request.user, VIEW, pk=conclusion)
    run_service(request, None, services.conclusion_delete, actor=request.user, conclusion=row)
    return redirect(reverse("party:meeting_minutes", args=[meeting.pk]))


@committee_view
@require_POST
def task_add(request, pk: int):
    meeting = _meeting(request, pk)
    form = TaskForm(request.POST, meeting=meeting)
    return _minutes_part_add(
        request,
        meeting,
        form,
        form_name="task_form",
        service=services.task_add,
        fields=("title", "owner", "due_on"),
        success=_("Đã giao công việc."),
    )


@committee_view
@require_POST
def task_done(request, pk: int, task: int):
    meeting = _meeting(request, pk)
    row = get_visible_or_404(FollowUpTask.objects.filter(meeting=meeting), request.user, VIEW, pk=task)
    form = TaskDoneForm(request.POST, auto_id="done-%s")
    if form.is_valid():
        done = run_service(
            request,
            None,
            services.task_done,
            actor=request.user,
            task=row,
            done_on=form.cleaned_data["done_on"],
            result=form.cleaned_data["result"],
        )
        if done is not None:
            messages.success(request, _("Đã đánh dấu công việc hoàn thành."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_detail_url(meeting))


@committee_view
@require_POST
def minutes_close(request, pk: int):
    meeting = _meeting(request, pk)
    if run_service(request, None, services.minutes_close, actor=request.user, meeting=meeting) is not None:
        messages.success(request, _("Đã chốt biên bản; đảng viên xem được biên bản."))
    return redirect(_detail_url(meeting))


@committee_view
@require_POST
def minutes_reopen(request, pk: int):
    meeting = _meeting(request, pk)
    form = ReasonForm(request.POST, auto_id="reopen-%s")
    error = None
    if form.is_valid():
        done, error = attempt(
            form,
            services.minutes_reopen,
            actor=request.user,
            meeting=meeting,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Đã mở lại biên bản để sửa."))
            return redirect(reverse("party:meeting_minutes", args=[meeting.pk]))
    return _detail_page(request, meeting, reopen_form=form, status=_status(error))


def _export(request, pk: int, extension: str):
    meeting = _meeting(request, pk)
    allowed = meeting.state == MeetingState.CLOSED or (
        request.party_committee and meeting.state == MeetingState.HELD
    )
    if not allowed:
        raise Http404
    roll = selectors.meeting_roll(meeting)
    if extension == "docx":
        body = minutes_doc.docx_bytes(meeting, roll)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = minutes_doc.pdf_bytes(meeting, roll)
        content_type = "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{minutes_doc.filename(meeting, extension)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@party_view
@require_GET
def minutes_docx(request, pk: int):
    return _export(request, pk, "docx")


@party_view
@require_GET
def minutes_pdf(request, pk: int):
    return _export(request, pk, "pdf")


# --- notices -------------------------------------------------------------------------------------------------


def _notice_page(request, *, form=None, status=200):
    page = paginate(request, selectors.notice_list(user=request.user, cell=request.party_cell))
    context = party_context(
        request, "notices", page=page, form=form or (NoticeForm() if request.party_committee else None)
    )
    return render(request, "party/meetings/notices.html", context, status=status)


@party_view
@require_GET
def notice_list(request):
    return _notice_page(request)


@committee_view
@require_POST
def notice_create(request):
    form = NoticeForm(request.POST)
    error = None
    if form.is_valid():
        notice, error = attempt(
            form,
            services.notice_create,
            actor=request.user,
            cell=request.party_cell,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        if notice is not None:
            messages.success(request, _("Đã đăng thông báo và báo cho các đảng viên."))
            return redirect(reverse("party:notice_list"))
    return _notice_page(request, form=form, status=_status(error))
