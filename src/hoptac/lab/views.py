"""The lab's screens: work lists, the sample order form, the sample page with its actions, batch result entry
and batch review.

Views parse input, call one service or selector, and render. The buttons shown follow the roles and the state;
the services check both again under the row lock, and their refusal becomes an inline Vietnamese message with
nothing typed lost. A sample the user may not see answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.accounts import roles
from hoptac.core.errors import DomainError
from hoptac.core.views_helpers import attempt, require_role

from . import followup, selectors, services, verdicts
from .choices import PaymentStatus, ResultStatus, SampleState
from .forms import (
    ApplyRegulationForm,
    BatchPickForm,
    PaymentForm,
    ReasonForm,
    ReceiveForm,
    ResultForm,
    SampleCreateForm,
    SampleDetailsForm,
)
from .models import Matrix, SampleParameter
from .policies import SAMPLE_READERS

LIST_ROLES = SAMPLE_READERS | {
    roles.COOPERATIVE_REPRESENTATIVE,
    roles.INSTITUTE_EXPERT,
}  # experts: samples of their requests

TAB_LABELS = {
    selectors.TO_RECEIVE: gettext_lazy("Chờ nhận mẫu"),
    selectors.TO_ANALYSE: gettext_lazy("Chờ phân tích"),
    selectors.TO_REVIEW: gettext_lazy("Chờ soát xét"),
    selectors.TO_ISSUE: gettext_lazy("Chờ ban hành"),
    selectors.OVERDUE: gettext_lazy("Quá hạn"),
    selectors.ALL: gettext_lazy("Tất cả"),
}
COMPLIANCE_LABELS = (
    verdicts.OVERALL_LABELS
)  # the report's words, for the sample page and the cooperative's list


def _status(error) -> int:
    if error is None:
        return 200
    return 403 if error.code == "forbidden" else 409


def _overdue(sample, today) -> bool:
    return bool(sample.due_date and sample.due_date < today and sample.state in selectors.OPEN_STATES)


def _report_pdf_url(report) -> str:
    return reverse("lab:report_pdf", args=[report.pk])


# --------------------------------------------------------------------------------------------- work lists


def _params(tab: str, query: str, **changes) -> dict[str, str]:
    values = {"xem": tab, "q": query}
    values.update(changes)
    return {k: v for k, v in values.items() if v}


@login_required
@require_role(*LIST_ROLES)
def sample_list(request):
    user = request.user
    staff = selectors.sees_all_samples(user)
    default = selectors.default_tab(user) if staff else selectors.ALL
    tab = request.GET.get("xem") or default
    if tab not in selectors.TABS or not staff:
        tab = default
    query = (request.GET.get("q") or "").strip()[:100]
    today = timezone.localdate()
    page = selectors.sample_page(
        user=user,
        tab=tab,
        query=query,
        after=request.GET.get("sau"),
        before=request.GET.get("truoc"),
        today=today,
    )
    for sample in page:
        sample.overdue = _overdue(sample, today)
        reports = getattr(sample, "issued_reports", None)
        if reports is not None:
            current = reports[0] if reports else None
            sample.current_report = current
            sample.verdict_label = _overall_label(current.overall_verdict) if current else ""
            sample.report_links = [(r, _report_pdf_url(r)) for r in reports]
    counts = selectors.worklist_counts(user=user, today=today) if staff else {}
    context = {
        "page": page,
        "staff": staff,
        "tab": tab,
        "query": query,
        "params": _params(tab, query),
        "tabs": [
            (code, TAB_LABELS[code], *counts.get(code, (0, False)), _params(code, query))
            for code in selectors.TABS
        ]
        if staff
        else [],
        "list_url": reverse("lab:sample_list"),
        "may_create": user.has_role(*services.REGISTRARS),
        "may_batch_enter": user.has_role(*services.ANALYSTS),
        "may_batch_verify": user.has_role(*services.REVIEWERS),
        "today": today,
    }
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(request, "lab/_sample_results.html" if partial else "lab/sample_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --------------------------------------------------------------------------------------------- order form


def _support_request(request):
    """The quality-testing support request the order comes from (``?request=<pk>``), if the user may see it."""
    from hoptac.support.selectors import request_get

    raw = request.POST.get("request") if request.method == "POST" else request.GET.get("request")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    return request_get(user=request.user, pk=int(raw))


def _matrix(request):
    raw = (request.POST if request.method == "POST" else request.GET).get("matrix") or ""
    if raw.isdigit() and len(raw) < 10:
        return Matrix.objects.filter(pk=raw).first()
    return None


def _chosen_cooperative(request, form):
    from hoptac.core.permissions import VIEW, restrict
    from hoptac.registry.models import Cooperative

    if form.fixed_cooperative is not None:
        return None
    raw = request.POST.get("cooperative") if request.method == "POST" else None
    if raw and raw.isdigit() and len(raw) < 12:
        return (
            restrict(Cooperative.objects.select_related("province"), request.user, VIEW)
            .filter(pk=raw)
            .first()
        )
    return None


def _quote(form, checked: set[int]):
    if form.chosen_matrix is None:
        return 0
    return sum((p.price for p in form.fields["parameters"].queryset if p.pk in checked), 0)


def _picker_context(form) -> dict:
    checked = form.checked_parameter_ids()
    packages = list(form.fields["packages"].queryset)
    posted_packages = set(form.data.getlist("packages")) if form.is_bound else set()
    return {
        "form": form,
        "matrix": form.chosen_matrix,
        "parameter_options": list(form.fields["parameters"].queryset),
        "checked": checked,
        "packages": [
            (
                package,
                ",".join(str(p.pk) for p in package.parameters.all()),
                str(package.pk) in posted_packages,
            )
            for package in packages
        ],
        "quote": _quote(form, checked),
    }


@login_required
@require_role(*services.REGISTRARS)
def sample_create(request):
    user = request.user
    support_request = _support_request(request)
    fixed = support_request.cooperative if support_request is not None else None
    matrix = _matrix(request)
    form = SampleCreateForm(request.POST or None, user=user, fixed_cooperative=fixed, matrix=matrix)
    if request.method == "GET" and request.headers.get("HX-Request") == "true":
        # The matrix changed: its pick lists only.
        response = render(request, "lab/_parameter_picker.html", _picker_context(form))
        patch_vary_headers(response, ["HX-Request"])
        return response
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form,
            services.register_sample,
            actor=user,
            cooperative=form.cleaned_data["cooperative_obj"],
            support_request=support_request,
            matrix=form.cleaned_data["matrix"],
            parameters=form.cleaned_data["all_parameters"],
            sampling_place=form.cleaned_data["sampling_place"],
            sampled_at=form.cleaned_data.get("sampled_at"),
            sampler=form.cleaned_data.get("sampler", ""),
            token=form.cleaned_data.get("token"),
        )
        if created is not None:
            messages.success(
                request,
                _("Đã đăng ký mẫu %(code)s; báo giá %(quote)s.")
                % {"code": created.code, "quote": _vnd(created.quote)},
            )
            return redirect("lab:sample_detail", pk=created.pk)
    context = {
        **_picker_context(form),
        "fixed": fixed,
        "support_request": support_request,
        "chosen": _chosen_cooperative(request, form),
        "wrong_category": support_request is not None and support_request.category != "quality_testing",
    }
    return render(request, "lab/sample_create.html", context)


def _vnd(amount) -> str:
    from hoptac.core.templatetags.hoptac import vnd

    return vnd(amount)


@login_required
@require_role(*services.REGISTRARS)
def cooperative_search(request):
    """The order form's cooperative picker (htmx): at most 10 matches the user may see."""
    from hoptac.registry.selectors import CooperativeFilters
    from hoptac.registry.selectors import cooperative_search as search

    query = (request.GET.get("cooperative_text") or request.GET.get("q") or "").strip()[:200]
    found = (
        search(user=request.user, filters=CooperativeFilters(query=query), limit=10)
        if len(query) >= 2
        else []
    )
    return render(request, "support/_cooperative_choices.html", {"found": found, "query": query})


# --------------------------------------------------------------------------------------------- the sample page


def _reports_panel(user, sample) -> dict:
    from . import reports

    return reports.panel_context(user, sample)


def _overall_label(code: str) -> str:
    """A report's overall verdict in the words the report prints."""
    from . import reports

    return reports.overall_label(code)


def _may(user, sample) -> dict[str, bool]:
    """The actions offered (the services decide again, under the lock)."""
    state = sample.state
    return {
        "receive": user.has_role(*services.RECEIVERS) and state == SampleState.REGISTERED,
        # Applying again is refused once a result is verified (set in _detail_context from the rows).
        "apply": user.has_role(*services.APPLIERS) and state in services.OPEN_STATES,
        # A sample with an amendment pending has a report: never cancelled (services.cancel_sample).
        "cancel": user.has_role(*services.REGISTRARS)
        and state in services.OPEN_STATES
        and not sample.amendment_reason.strip(),
        "payment": user.has_role(*services.PAYMENT_RECORDERS) and state != SampleState.CANCELLED,
        "enter": user.has_role(*services.ANALYSTS) and state in services.RESULT_STATES,
        "review": user.has_role(*services.REVIEWERS) and state == SampleState.IN_ANALYSIS,
        "correct": user.has_role(*services.REGISTRARS) and _details_correctable(sample),
    }


def _details_correctable(sample) -> bool:
    """Before the report is issued, or while an amendment of it is pending — which moves the sample out of
    "reported" (services.correct_sample_details)."""
    return sample.state not in (SampleState.CANCELLED, SampleState.REPORTED)


def _detail_context(request, sample, *, open_action: str = "", **forms) -> dict:
    user = request.user
    staff = selectors.sees_all_samples(user)
    may = _may(user, sample)
    rows = selectors.sample_parameter_rows(sample)
    if any(row.result is not None and row.result.status == ResultStatus.VERIFIED for row in rows):
        may["apply"] = False  # services.apply_regulation refuses: a verified verdict would change unreviewed
    # A cooperative reads the results once the report is issued (before that they are the lab's work in hand).
    results_shown = staff or sample.state == SampleState.REPORTED
    posted_result = forms.get("result_form")
    posted_return = forms.get("return_form")
    for row in rows:
        sp, result = row.sample_parameter, row.result
        row.may_enter = may["enter"] and (result is None or result.status != ResultStatus.VERIFIED)
        row.may_review = (
            may["review"] and result is not None and result.status == ResultStatus.ENTERED
            and result.analyst_id != user.pk
        )  # fmt: skip
        if row.may_enter:
            if posted_result is not None and posted_result.auto_id == f"r{sp.pk}-%s":
                row.result_form = posted_result
            else:
                initial = {"method": (result.method if result else "") or row.parameter.method}
                if result is not None:
                    initial.update(value=result.raw_value, uncertainty=result.uncertainty)
                row.result_form = ResultForm(auto_id=f"r{sp.pk}-%s", initial=initial)
        if row.may_review:
            if posted_return is not None and posted_return.auto_id == f"tl{sp.pk}-%s":
                row.return_form = posted_return
            else:
                row.return_form = ReasonForm(auto_id=f"tl{sp.pk}-%s")
    compliance = selectors.compliance_of(sample, rows)
    follow_up = ""
    if compliance == services.NOT_COMPLIANT and results_shown:
        from hoptac.support.rules import may_create

        if may_create(user):
            follow_up = followup.follow_up_url(sample, rows)
    context = {
        "sample": sample,
        "staff": staff,
        "may": may,
        "rows": rows,
        "results_shown": results_shown,
        "compliance": compliance,
        "compliance_label": COMPLIANCE_LABELS.get(compliance or "", ""),
        "overdue": _overdue(sample, timezone.localdate()),
        "follow_up_url": follow_up,
        "open_action": open_action,
        "action_error": forms.get("action_error"),
        "receive_form": forms.get("receive_form")
        or (ReceiveForm(auto_id="nhan-%s") if may["receive"] else None),
        "apply_form": forms.get("apply_form")
        or (
            ApplyRegulationForm(
                auto_id="qc-%s",
                initial={"limit_set": sample.limit_set_id, "coefficient": _plain(sample.coefficient)},
            )
            if may["apply"]
            else None
        ),
        "cancel_form": forms.get("cancel_form") or (ReasonForm(auto_id="huy-%s") if may["cancel"] else None),
        "payment_form": forms.get("payment_form")
        or (
            PaymentForm(
                auto_id="tt-%s",
                initial={"status": sample.payment_status, "reference": sample.payment_reference},
            )
            if may["payment"]
            else None
        ),
        "payment_paid": sample.payment_status == PaymentStatus.PAID,
        "correct_form": forms.get("correct_form")
        or (
            SampleDetailsForm(
                auto_id="sua-%s",
                initial={
                    "sampling_place": sample.sampling_place,
                    "sampled_at": timezone.localtime(sample.sampled_at) if sample.sampled_at else None,
                    "sampler": sample.sampler,
                },
            )
            if may["correct"]
            else None
        ),
    }
    context.update(_reports_panel(user, sample))
    return context


def _plain(value) -> str:
    from .judging import format_decimal

    return format_decimal(value).replace(".", ",")


@login_required
def sample_detail(request, pk: int):
    sample = selectors.sample_get(user=request.user, pk=pk)
    return render(request, "lab/sample_detail.html", _detail_context(request, sample))


def _action(request, pk, *, allowed, key: str, form, call, done) -> object:
    """One POST action on the sample page: role first (a person without it is not asked to fill anything in),
    then the form, then the service; a refusal re-renders the page with the form as typed."""
    sample = selectors.sample_get(user=request.user, pk=pk)
    error = None
    if not request.user.has_role(*allowed):
        error = DomainError(services.NOT_ALLOWED, code="forbidden")
        form.add_error(None, error.message)
    elif form.is_valid():
        done_value, error = attempt(form, call, sample, form.cleaned_data)
        if done_value is not None:
            messages.success(request, done(done_value) if callable(done) else done)
            return redirect("lab:sample_detail", pk=pk)
    fresh = selectors.sample_get(user=request.user, pk=pk)  # the state may have changed meanwhile
    context = _detail_context(request, fresh, open_action=key, **{f"{key}_form": form})
    if form.non_field_errors():
        context["action_error"] = form.non_field_errors()
    return render(request, "lab/sample_detail.html", context, status=_status(error) if error else 200)


@login_required
@require_POST
def sample_receive(request, pk: int):
    return _action(
        request,
        pk,
        allowed=services.RECEIVERS,
        key="receive",
        form=ReceiveForm(request.POST, auto_id="nhan-%s"),
        call=lambda sample, data: services.receive_sample(
            actor=request.user,
            sample=sample,
            condition=data["condition"],
            condition_note=data["condition_note"],
        ),
        done=gettext_lazy("Đã nhận mẫu; hạn trả kết quả được tính từ hôm nay."),
    )


@login_required
@require_POST
def sample_apply_regulation(request, pk: int):
    def done(sample):
        if sample.applied_regulation_superseded:
            return _(
                "Đã áp dụng %(regulation)s — %(set)s. Lưu ý: quy chuẩn này đã được thay thế bởi %(new)s."
            ) % {
                "regulation": sample.regulation_code,
                "set": sample.limit_set_name,
                "new": sample.regulation.superseded_by.code,
            }
        return _("Đã áp dụng %(regulation)s — %(set)s.") % {
            "regulation": sample.regulation_code,
            "set": sample.limit_set_name,
        }

    return _action(
        request,
        pk,
        allowed=services.APPLIERS,
        key="apply",
        form=ApplyRegulationForm(request.POST, auto_id="qc-%s"),
        call=lambda sample, data: services.apply_regulation(
            actor=request.user, sample=sample, limit_set=data["limit_set"], k=data["coefficient"]
        ),
        done=done,
    )


@login_required
@require_POST
def sample_cancel(request, pk: int):
    return _action(
        request,
        pk,
        allowed=services.REGISTRARS,
        key="cancel",
        form=ReasonForm(request.POST, auto_id="huy-%s"),
        call=lambda sample, data: services.cancel_sample(
            actor=request.user, sample=sample, reason=data["reason"]
        ),
        done=gettext_lazy("Đã hủy mẫu."),
    )


@login_required
@require_POST
def sample_payment(request, pk: int):
    return _action(
        request,
        pk,
        allowed=services.PAYMENT_RECORDERS,
        key="payment",
        form=PaymentForm(request.POST, auto_id="tt-%s"),
        call=lambda sample, data: services.record_payment(
            actor=request.user,
            sample=sample,
            status=data["status"],
            reference=data["reference"],
            note=data["note"],
        ),
        done=gettext_lazy("Đã ghi nhận thanh toán."),
    )


def _same_minute(typed, stored):
    """The stored time when the form shows it unchanged (the form has no seconds): an untouched field changes
    nothing."""
    if typed is not None and stored is not None and typed == stored.replace(second=0, microsecond=0):
        return stored
    return typed


@login_required
@require_POST
def sample_correct(request, pk: int):
    return _action(
        request,
        pk,
        allowed=services.REGISTRARS,
        key="correct",
        form=SampleDetailsForm(request.POST, auto_id="sua-%s"),
        call=lambda sample, data: services.correct_sample_details(
            actor=request.user,
            sample=sample,
            sampling_place=data["sampling_place"],
            sampled_at=_same_minute(data["sampled_at"], sample.sampled_at),
            sampler=data["sampler"],
            reason=data["reason"],
        ),
        done=gettext_lazy("Đã sửa thông tin mẫu."),
    )


def _sample_parameter(request, pk: int, sp_pk: int) -> SampleParameter:
    sample = selectors.sample_get(user=request.user, pk=pk)
    sp = (
        SampleParameter.objects.select_related("parameter", "sample", "result")
        .filter(sample=sample, pk=sp_pk)
        .first()
    )
    if sp is None:
        raise Http404
    return sp


def _result_of(sp):
    result = getattr(sp, "result", None)
    if result is None:
        raise DomainError(
            _("Chỉ tiêu %(code)s chưa có kết quả để soát xét.") % {"code": sp.parameter.code}, code="state"
        )
    return result


@login_required
@require_POST
def result_enter(request, pk: int, sp_pk: int):
    sp = _sample_parameter(request, pk, sp_pk)
    return _action(
        request,
        pk,
        allowed=services.ANALYSTS,
        key="result",
        form=ResultForm(request.POST, auto_id=f"r{sp.pk}-%s"),
        call=lambda sample, data: services.enter_result(
            actor=request.user,
            sample_parameter=sp,
            value=data["value"],
            method=data["method"],
            uncertainty=data["uncertainty"],
        ),
        done=lambda result: (
            _("Đã nhập kết quả %(parameter)s: %(value)s.")
            % {"parameter": sp.parameter.name, "value": result.raw_value}
        ),
    )


def _seen(request, name: str) -> str:
    """The entry time of the value the reviewer's page showed (a hidden field, ISO text), passed as posted: the
    service refuses a review when it differs from the result's — or is missing (always a string here, never None,
    so a form without it verifies nothing)."""
    return (request.POST.get(name) or "")[:64]


@login_required
@require_POST
def result_verify(request, pk: int, sp_pk: int):
    from django import forms

    sp = _sample_parameter(request, pk, sp_pk)
    return _action(
        request,
        pk,
        allowed=services.REVIEWERS,
        key="verify",
        form=forms.Form(request.POST),
        call=lambda sample, data: services.verify_result(
            actor=request.user, result=_result_of(sp), seen_entered_at=_seen(request, "entered_at")
        ),
        done=lambda result: _("Đã soát xét kết quả %(parameter)s.") % {"parameter": sp.parameter.name},
    )


@login_required
@require_POST
def result_return(request, pk: int, sp_pk: int):
    sp = _sample_parameter(request, pk, sp_pk)
    return _action(
        request,
        pk,
        allowed=services.REVIEWERS,
        key="return",
        form=ReasonForm(request.POST, auto_id=f"tl{sp.pk}-%s"),
        call=lambda sample, data: services.return_result(
            actor=request.user,
            result=_result_of(sp),
            reason=data["reason"],
            seen_entered_at=_seen(request, "entered_at"),
        ),
        done=lambda result: (
            _("Đã trả lại kết quả %(parameter)s cho kiểm nghiệm viên.") % {"parameter": sp.parameter.name}
        ),
    )


# --------------------------------------------------------------------------------------------- batch screens


def _pick(request) -> tuple[BatchPickForm, object, object]:
    data = request.POST if request.method == "POST" else request.GET
    pick = BatchPickForm(data if data.get("chi_tieu") else None)
    if pick.is_bound and pick.is_valid():
        return pick, pick.cleaned_data["chi_tieu"], pick.cleaned_data.get("nen_mau")
    return pick, None, None


@login_required
@require_role(*services.ANALYSTS)
def batch_entry(request):
    """One parameter over many samples (how a bench works): every open sample still needing that result, one row
    each; saving enters every row with a value, each through ``enter_result``, and reports the others' errors."""
    pick, parameter, matrix = _pick(request)
    saved, failed = [], {}
    if request.method == "POST" and parameter is not None:
        ids = [int(v) for v in request.POST.getlist("row") if v.isdigit() and len(v) < 12][:500]
        posted = SampleParameter.objects.select_related("sample", "parameter").filter(
            pk__in=ids, parameter=parameter
        )
        for sp in posted:
            form = ResultForm(request.POST, prefix=f"s{sp.pk}")
            if not (request.POST.get(f"s{sp.pk}-value") or "").strip():
                continue  # a row left empty is not an error: it waits for another day
            if form.is_valid():
                result, _error = attempt(
                    form,
                    services.enter_result,
                    actor=request.user,
                    sample_parameter=sp,
                    value=form.cleaned_data["value"],
                    method=form.cleaned_data["method"],
                    uncertainty=form.cleaned_data["uncertainty"],
                )
                if result is not None:
                    saved.append((sp.sample, result))
                    continue
            failed[sp.pk] = form
    rows = []
    if parameter is not None:
        for sp in selectors.batch_entry_rows(parameter=parameter, matrix=matrix):
            form = failed.get(sp.pk) or ResultForm(
                prefix=f"s{sp.pk}", initial={"method": parameter.method}, auto_id=f"s{sp.pk}-%s"
            )
            rows.append((sp, form))
    if saved:
        messages.success(request, _("Đã lưu %(n)s kết quả.") % {"n": len(saved)})
    if failed:
        messages.error(
            request, _("%(n)s dòng chưa lưu được; xem lỗi ở từng dòng, sửa rồi lưu lại.") % {"n": len(failed)}
        )
    context = {"pick": pick, "parameter": parameter, "matrix": matrix, "rows": rows, "saved": saved}
    return render(request, "lab/batch_entry.html", context, status=200)


@login_required
@require_role(*services.REVIEWERS)
def batch_verify(request):
    """Results waiting for review that the reviewer did not enter; ticked rows are verified one by one (the
    service checks four eyes for each, and that the value is the one the page showed: each row posts the entry
    time it showed as ``entered_at-<result pk>``)."""
    from django import forms

    pick, parameter, _matrix = _pick(request)
    saved, errors = [], {}
    if request.method == "POST":
        from .models import Result

        ids = [int(v) for v in request.POST.getlist("verify") if v.isdigit() and len(v) < 12][:500]
        for result in Result.objects.select_related(
            "sample_parameter__sample", "sample_parameter__parameter"
        ).filter(pk__in=ids):
            form = forms.Form({})
            form.is_valid()  # an error can only be added to a cleaned form
            done, _error = attempt(
                form,
                services.verify_result,
                actor=request.user,
                result=result,
                seen_entered_at=_seen(request, f"entered_at-{result.pk}"),
            )
            if done is not None:
                saved.append(done)
            else:
                errors[result.pk] = form.non_field_errors()
        if saved:
            messages.success(request, _("Đã soát xét %(n)s kết quả.") % {"n": len(saved)})
    rows = selectors.batch_review_rows(user=request.user, parameter=parameter)
    context = {"pick": pick, "parameter": parameter, "rows": rows, "saved": saved, "errors": errors}
    return render(request, "lab/batch_verify.html", context)
