"""Support request screens: queues, the request page with its actions, create/edit, files.

Views parse input, call one workflow service or selector, and render. Who may do what is decided by
``rules`` (the buttons shown) and again by ``workflow`` (under the row lock); a refusal becomes an inline
Vietnamese message and nothing typed is lost.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.accounts import roles
from hoptac.core.errors import DomainError
from hoptac.core.permissions import HISTORY, restrict
from hoptac.core.views_helpers import attempt, require_role

from . import attachments, extensions, rules, selectors, workflow
from .choices import FINAL_STATES, INSTITUTE_CHANNELS, Category, State
from .forms import (
    TRANSITION_FORMS,
    AttachmentForm,
    CommentForm,
    RequestCreateForm,
    RequestForm,
    WorkLogForm,
    prefill_initial,
)
from .models import SupportRequest

# Who has a support-request page at all: every role that sees, records or handles requests. Party roles alone,
# and people without a role, do not (404).
LIST_ROLES = (
    rules.READ_ALL | rules.ASSIGNEE_ROLES | {roles.PROVINCIAL_COORDINATOR, roles.COOPERATIVE_REPRESENTATIVE}
)
CREATE_ROLES = rules.INSTITUTE_RECORDERS | {roles.PROVINCIAL_COORDINATOR, roles.COOPERATIVE_REPRESENTATIVE}

# Transition names in the URL, in Vietnamese.
SLUGS = {
    "submit": "gui",
    "withdraw": "rut",
    "endorse": "xac-nhan",
    "return_for_information": "tra-lai",
    "decline": "tu-choi",
    "accept": "tiep-nhan",
    "reassign": "phan-cong-lai",
    "start": "bat-dau",
    "resolve": "bao-cao-ket-qua",
    "confirm": "danh-gia",
    "reopen": "mo-lai",
}
TRANSITION_OF_SLUG = {slug: name for name, slug in SLUGS.items()}
DONE_MESSAGES = {
    "submit": gettext_lazy("Đã gửi yêu cầu. Liên minh HTX tỉnh sẽ xem xét và chuyển Viện."),
    "withdraw": gettext_lazy("Đã rút yêu cầu."),
    "endorse": gettext_lazy("Đã xác nhận và chuyển yêu cầu lên Viện."),
    "return_for_information": gettext_lazy("Đã trả lại yêu cầu để hợp tác xã bổ sung."),
    "decline": gettext_lazy("Đã từ chối yêu cầu."),
    "accept": gettext_lazy("Đã tiếp nhận và phân công."),
    "reassign": gettext_lazy("Đã phân công lại."),
    "start": gettext_lazy("Đã bắt đầu thực hiện."),
    "resolve": gettext_lazy("Đã báo cáo kết quả. Hợp tác xã sẽ xác nhận và đánh giá."),
    "confirm": gettext_lazy("Cảm ơn hợp tác xã đã xác nhận và đánh giá."),
    "reopen": gettext_lazy("Đã mở lại yêu cầu."),
}
# What happens next, in plain words (the cooperative reads these; staff see them too).
NEXT_STEPS = {
    State.DRAFT: gettext_lazy("Yêu cầu chưa được gửi. Khi đã sẵn sàng, bấm “Gửi yêu cầu”."),
    State.SUBMITTED: gettext_lazy("Liên minh HTX tỉnh đang xem xét yêu cầu để chuyển Viện."),
    State.RETURNED: gettext_lazy(
        "Yêu cầu cần bổ sung thông tin: xem lý do trong phần diễn biến, sửa rồi gửi lại."
    ),
    State.ENDORSED: gettext_lazy("Tỉnh đã xác nhận; Viện đang tiếp nhận và phân công người phụ trách."),
    State.ASSIGNED: gettext_lazy("Viện đã phân công người phụ trách."),
    State.IN_PROGRESS: gettext_lazy("Viện đang thực hiện hỗ trợ."),
    State.RESOLVED: gettext_lazy(
        "Viện đã xử lý xong. Hợp tác xã hãy xác nhận và đánh giá, hoặc mở lại nếu kết quả chưa đạt."
    ),
    State.CLOSED: gettext_lazy("Yêu cầu đã hoàn thành và đóng lại."),
    State.DECLINED: gettext_lazy("Yêu cầu đã bị từ chối (xem lý do)."),
    State.WITHDRAWN: gettext_lazy("Yêu cầu đã được rút lại."),
}
RECORDED_NEXT_STEP = gettext_lazy("Viện đã ghi nhận yêu cầu và đang phân công người phụ trách.")
QUEUES = (
    (selectors.MY_WORK, gettext_lazy("Việc của tôi")),
    (selectors.PROVINCE_QUEUE, gettext_lazy("Của tỉnh")),
    (selectors.INTAKE_QUEUE, gettext_lazy("Tiếp nhận")),
    (selectors.ALL, gettext_lazy("Tất cả")),
)


may_create = rules.may_create
may_create_for = rules.may_create_for


def _status(error) -> int:
    if error is None:
        return 200
    return 403 if error.code == "forbidden" else 409


# --------------------------------------------------------------------------------------------- queues


def _queues_for(user) -> list[tuple[str, str]]:
    shown = []
    for code, label in QUEUES:
        if code == selectors.PROVINCE_QUEUE and not user.scope_ids(roles.PROVINCIAL_COORDINATOR):
            continue
        if code == selectors.INTAKE_QUEUE and not rules.takes_in(user):
            continue
        shown.append((code, label))
    return shown


def _default_queue(user) -> str:
    """ "Việc của tôi" for those work waits on; the read-only roles (administrator, alliance) start on "Tất cả"."""
    works = user.has_role(*(rules.ASSIGNEE_ROLES | rules.INTAKE_ROLES)) or user.scope_ids(
        roles.PROVINCIAL_COORDINATOR, roles.COOPERATIVE_REPRESENTATIVE
    )
    return selectors.MY_WORK if works else selectors.ALL


def _filters_from(data, queues, default: str = selectors.MY_WORK) -> selectors.RequestFilters:
    """Filters from GET parameters; an unknown value is ignored, never an error page."""
    queue = data.get("xem") or default
    if queue not in {code for code, _label in queues}:
        queue = default
    state = data.get("trang_thai") or ""
    category = data.get("linh_vuc") or ""
    province = (data.get("tinh") or "").strip()
    return selectors.RequestFilters(
        queue=queue,
        state=state if state in State.values else "",
        category=category if category in Category.values else "",
        province=int(province) if province.isdigit() and len(province) < 10 else None,
        overdue=data.get("qua_han") == "1",
        query=(data.get("q") or "").strip()[:100],
    )


def _params(filters: selectors.RequestFilters, **changes) -> dict[str, str]:
    values = {
        "xem": filters.queue,
        "trang_thai": filters.state,
        "linh_vuc": filters.category,
        "tinh": str(filters.province or ""),
        "qua_han": "1" if filters.overdue else "",
        "q": filters.query,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v}


@login_required
@require_role(*LIST_ROLES)
def request_list(request):
    from hoptac.places.selectors import province_choices

    user = request.user
    queues = _queues_for(user)
    filters = _filters_from(request.GET, queues, _default_queue(user))
    page, _count, _more = selectors.request_page(
        user=user,
        filters=filters,
        after=request.GET.get("sau"),
        before=request.GET.get("truoc"),
        with_count=False,
    )
    counts = selectors.list_counts(user=user, filters=filters)
    count, more = counts.count, counts.more
    sees_many_provinces = user.has_role(*(rules.READ_ALL | rules.ASSIGNEE_ROLES)) or (
        len(user.scope_ids(roles.PROVINCIAL_COORDINATOR)) > 1
    )
    context = {
        "page": page,
        # Row links are the list's URL + pk + "/" (the detail URL's pattern): one reverse() instead of fifty.
        "list_url": reverse("support:request_list"),
        "count": count,
        "count_capped": more,
        "filters": filters,
        "params": _params(filters),
        "queues": [(code, label, _params(filters, xem=code, trang_thai="")) for code, label in queues],
        "state_counts": [
            (
                value,
                label,
                counts.by_state[value],
                _params(filters, trang_thai=value),
                value in counts.capped_states,
            )
            for value, label in State.choices
            if counts.by_state[value] or value == filters.state
        ],
        "all_states_params": _params(filters, trang_thai=""),
        "states": State.choices,
        "categories": Category.choices,
        "provinces": province_choices(user=user) if sees_many_provinces else [],
        "may_create": may_create(user),
        "today": timezone.localdate(),
    }
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(
        request, "support/_request_results.html" if partial else "support/request_list.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


# --------------------------------------------------------------------------------------------- create, edit


def _fixed_cooperative(user):
    """A representative of exactly one cooperative (and nothing else that records requests) writes for it."""
    from hoptac.registry.models import Cooperative

    own = user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)
    others = user.has_role(*rules.INSTITUTE_RECORDERS) or user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    if len(own) == 1 and not others:
        return Cooperative.objects.select_related("province").get(pk=next(iter(own)))
    return None


def _preselected(request, form):
    """The cooperative shown as chosen: the one posted, or ``?hop_tac_xa=<id>`` from the cooperative's page, or
    ``?cooperative=<id>`` from another module's follow-up link — only one the user sees and may act for (a link
    is never trusted; anything else is ignored and the person picks)."""
    from hoptac.core.permissions import VIEW
    from hoptac.registry.models import Cooperative

    if request.method == "POST":
        raw = request.POST.get("cooperative")
    else:
        raw = request.GET.get("cooperative") or request.GET.get("hop_tac_xa")
    if form.is_bound and form.is_valid():
        return form.cleaned_data.get("cooperative_obj")
    if raw and raw.isdigit() and len(raw) < 12:
        found = (
            restrict(Cooperative.objects.select_related("province"), request.user, VIEW)
            .filter(pk=raw)
            .first()
        )
        return found if found is not None and rules.may_create_for(request.user, found) else None
    return None


@login_required
def request_create(request):
    user = request.user
    if not may_create(user):
        raise Http404
    fixed = _fixed_cooperative(user)
    # A link may prefill the form (GET only; each value checked in prefill_initial); a POST is what was typed.
    initial = prefill_initial(request.GET) if request.method == "GET" else None
    form = RequestCreateForm(request.POST or None, user=user, fixed_cooperative=fixed, initial=initial)
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form,
            workflow.create_request,
            actor=user,
            cooperative=form.cleaned_data["cooperative_obj"],
            submit=request.POST.get("action") == "submit",
            channel=form.channel_value(),
            token=form.cleaned_data.get("token"),
            **form.service_fields(),
        )
        if created is not None:
            if created.state == State.DRAFT:
                messages.success(request, _("Đã lưu bản nháp. Khi sẵn sàng, bấm “Gửi yêu cầu”."))
            elif created.state == State.SUBMITTED:
                messages.success(
                    request,
                    _("Đã gửi yêu cầu %(number)s. Liên minh HTX tỉnh sẽ xem xét và chuyển Viện.")
                    % {"number": created.number},
                )
            else:
                messages.success(
                    request,
                    _("Đã tạo yêu cầu %(number)s, chuyển Viện tiếp nhận.") % {"number": created.number},
                )
            return redirect("support:request_detail", pk=created.pk)
    context = {
        "form": form,
        "fixed": fixed,
        "chosen": None if fixed else _preselected(request, form),
        "main_fields": [form[name] for name in RequestForm.FIELDS],
        "channel_fields": [form["channel"]] if "channel" in form.fields else [],
        "is_representative": bool(user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)),
    }
    return render(request, "support/request_create.html", context)


@login_required
def cooperative_search(request):
    """The create page's cooperative picker (htmx): at most 10 matches the user may see."""
    from hoptac.registry.selectors import CooperativeFilters
    from hoptac.registry.selectors import cooperative_search as search

    if not may_create(request.user):
        raise Http404
    query = (request.GET.get("cooperative_text") or request.GET.get("q") or "").strip()[:200]
    found = (
        search(user=request.user, filters=CooperativeFilters(query=query), limit=10)
        if len(query) >= 2
        else []
    )
    return render(request, "support/_cooperative_choices.html", {"found": found, "query": query})


def _may_edit(user, req) -> bool:
    return req.state in (State.DRAFT, State.RETURNED) and (
        rules.represents(user, req) or req.created_by_id == user.pk
    )


@login_required
def request_edit(request, pk: int):
    user = request.user
    req = selectors.request_get(user=user, pk=pk)
    if not (rules.represents(user, req) or req.created_by_id == user.pk):
        raise Http404
    if not _may_edit(user, req):
        messages.error(request, _("Chỉ sửa được yêu cầu ở bản nháp hoặc khi được trả lại để bổ sung."))
        return redirect("support:request_detail", pk=pk)
    initial = {name: getattr(req, name) for name in RequestForm.FIELDS}
    initial["version"] = req.version
    form = RequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        updated, error = attempt(
            form, workflow.update_request, actor=user, request=req, version=version, **form.service_fields()
        )
        if updated is not None and request.POST.get("action") == "submit":
            updated, error = attempt(form, workflow.submit, actor=user, request=updated)
        if updated is not None:
            messages.success(
                request,
                DONE_MESSAGES["submit"] if updated.state == State.SUBMITTED else _("Đã lưu thay đổi."),
            )
            return redirect("support:request_detail", pk=pk)
        status = _status(error)
    context = {
        "form": form,
        "req": req,
        "main_fields": [form[name] for name in RequestForm.FIELDS],
        "may_submit": rules.may(user, req, "submit"),
    }
    return render(request, "support/request_edit.html", context, status=status)


# --------------------------------------------------------------------------------------------- the request page


def _detail_context(request, req, *, open_action=None, action_form=None, **forms) -> dict:
    user = request.user
    staff = rules.is_staff_side(user, req)
    transitions = rules.available(user, req, reopen_window_open=workflow.reopen_window_open(req))
    actions = []
    for transition in transitions:
        slug = SLUGS[transition.name]
        if open_action == transition.name and action_form is not None:
            form = action_form
        else:
            form = TRANSITION_FORMS[transition.name](auto_id=f"{slug}-%s")
        actions.append(
            {"transition": transition, "slug": slug, "form": form, "open": open_action == transition.name}
        )
    may_log = (rules.carries_out(user, req) or rules.takes_in(user)) and req.state in (
        State.ASSIGNED,
        State.IN_PROGRESS,
    )
    timeline = [
        ("comment" if hasattr(item, "body") else "event", item)
        for item in selectors.timeline(user=user, request=req)
    ]
    return {
        "req": req,
        "staff": staff,
        "overdue": req.is_overdue(),
        "actions": actions,
        "action_error": forms.pop("action_error", None),
        "timeline": timeline,
        "work_log": list(selectors.work_log_of(request=req)) if staff else [],
        "may_log": may_log,
        "work_form": forms.get("work_form") or (WorkLogForm(auto_id="work-%s") if may_log else None),
        "comment_form": forms.get("comment_form") or CommentForm(staff=staff, auto_id="comment-%s"),
        "attachments": list(selectors.attachments_of(user=user, request=req)),
        "may_attach": req.state not in FINAL_STATES and rules.may_write(user, req),
        "may_comment": rules.may_write(user, req),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(staff=staff, auto_id="file-%s"),
        "may_edit": _may_edit(user, req),
        "representative_view": rules.represents(user, req) and not staff,
        "next_step": (
            RECORDED_NEXT_STEP
            if req.state == State.ENDORSED and req.channel in INSTITUTE_CHANNELS
            else NEXT_STEPS.get(req.state)
        ),
        # Actions other modules register (the lab's sample order for a quality-testing request).
        "extension_actions": extensions.actions_for(user, req),
        "show_history": staff and restrict(SupportRequest.objects.filter(pk=req.pk), user, HISTORY).exists(),
    }


@login_required
def request_detail(request, pk: int):
    req = selectors.request_get(user=request.user, pk=pk)
    return render(request, "support/request_detail.html", _detail_context(request, req))


def _service_kwargs(name: str, data: dict) -> dict:
    if name in ("withdraw", "return_for_information", "decline", "reopen"):
        return {"reason": data.get("reason", "")}
    if name == "endorse":
        return {"note": data.get("note", "")}
    if name in ("accept", "reassign"):
        return {
            "assignee": data.get("assignee"),
            "assignee_unit": data.get("assignee_unit"),
            "note": data.get("note", ""),
        }
    if name == "resolve":
        return {"outcome": data["outcome"], "deliverables": data.get("deliverables", "")}
    if name == "confirm":
        return {"rating": data["rating"], "comment": data.get("comment", "")}
    return {}


@login_required
@require_POST
def request_transition(request, pk: int, action: str):
    name = TRANSITION_OF_SLUG.get(action)
    req = selectors.request_get(user=request.user, pk=pk)
    if name is None:
        raise Http404
    form = TRANSITION_FORMS[name](request.POST, auto_id=f"{action}-%s")
    error = None
    # The role only: the service explains a closed reopening window or an endorsement the institute may not
    # yet take over in its own words.
    role_fits = rules.may(request.user, req, name) or (name == "endorse" and rules.takes_in(request.user))
    if not role_fits:
        # Checked before the form so a person without the role is not told to fill in a reason.
        error = DomainError(workflow.NOT_ALLOWED, code="forbidden")
        form.add_error(None, error.message)
    elif form.is_valid():
        service = getattr(workflow, name)
        done, error = attempt(
            form, service, actor=request.user, request=req, **_service_kwargs(name, form.cleaned_data)
        )
        if done is not None:
            messages.success(request, DONE_MESSAGES[name])
            return redirect("support:request_detail", pk=pk)
    fresh = selectors.request_get(user=request.user, pk=pk)  # the state may have changed meanwhile
    context = _detail_context(request, fresh, open_action=name, action_form=form)
    if not any(a["open"] for a in context["actions"]):
        # The action is no longer offered (someone else acted first): say why at the top of the page.
        context["action_error"] = form.non_field_errors() or form.errors
    return render(request, "support/request_detail.html", context, status=_status(error))


@login_required
@require_POST
def work_log_add(request, pk: int):
    req = selectors.request_get(user=request.user, pk=pk)
    form = WorkLogForm(request.POST, auto_id="work-%s")
    error = None
    if form.is_valid():
        entry, error = attempt(form, workflow.log_work, actor=request.user, request=req, **form.cleaned_data)
        if entry is not None:
            messages.success(request, _("Đã ghi nhật ký công việc."))
            return redirect("support:request_detail", pk=pk)
    fresh = selectors.request_get(user=request.user, pk=pk)
    context = _detail_context(request, fresh, work_form=form)
    if not context["may_log"]:
        context["action_error"] = form.non_field_errors() or form.errors
    return render(request, "support/request_detail.html", context, status=_status(error))


@login_required
@require_POST
def comment_add(request, pk: int):
    req = selectors.request_get(user=request.user, pk=pk)
    staff = rules.is_staff_side(request.user, req)
    form = CommentForm(request.POST, staff=staff, auto_id="comment-%s")
    error = None
    if form.is_valid():
        comment, error = attempt(
            form,
            workflow.add_comment,
            actor=request.user,
            request=req,
            body=form.cleaned_data["body"],
            internal=form.cleaned_data.get("internal", False),
        )
        if comment is not None:
            messages.success(request, _("Đã gửi trao đổi."))
            return redirect(reverse("support:request_detail", args=[pk]) + "#trao-doi")
    return render(
        request,
        "support/request_detail.html",
        _detail_context(request, req, comment_form=form),
        status=_status(error),
    )


@login_required
@require_POST
def attachment_upload(request, pk: int):
    req = selectors.request_get(user=request.user, pk=pk)
    staff = rules.is_staff_side(request.user, req)
    form = AttachmentForm(request.POST, request.FILES, staff=staff, auto_id="file-%s")
    error = None
    if form.is_valid():
        added, error = attempt(
            form,
            attachments.add_attachment,
            actor=request.user,
            request=req,
            uploaded=form.cleaned_data["file"],
            internal=form.cleaned_data.get("internal", False),
        )
        if added is not None:
            messages.success(request, _("Đã đính kèm tệp “%(name)s”.") % {"name": added.filename})
            return redirect("support:request_detail", pk=pk)
    return render(
        request,
        "support/request_detail.html",
        _detail_context(request, req, attachment_form=form),
        status=_status(error),
    )


@login_required
def attachment_download(request, pk: int, file_pk: int):
    attachment = selectors.attachment_get(user=request.user, request_pk=pk, pk=file_pk)
    path = attachments.storage_path(attachment)
    if not Path(path).is_file():
        raise Http404
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115  (FileResponse closes it)
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_role(*LIST_ROLES)
def request_export(request, fmt: str):
    """The list as it is filtered on screen, as .csv or .xlsx (internal notes only for the staff side)."""
    from . import exports

    user = request.user
    filters = _filters_from(request.GET, _queues_for(user), _default_queue(user))
    queryset = selectors.request_queryset(user=user, filters=filters)
    if exports.too_many(queryset):
        messages.error(
            request,
            _(
                "Danh sách có hơn %(n)s yêu cầu; hãy lọc bớt (trạng thái, tỉnh, lĩnh vực, quá hạn) rồi xuất lại."
            )
            % {"n": f"{exports.EXPORT_CAP:,}".replace(",", ".")},
        )
        return redirect(reverse("support:request_list") + "?" + request.GET.urlencode())
    if fmt == "csv":
        return exports.csv_response(user, queryset)
    return exports.xlsx_response(user, queryset)
