"""Test report screens: issue, amend and abandon an amendment (POST, from the sample page's reports panel), the
stored PDF, the sample label, and the public verification page.

Views parse input, call one service or selector of :mod:`hoptac.lab.reports` and answer. Who may see a report is
the TestReport policy (``core.permissions.restrict``); who may issue or amend is checked by the service under the
sample's row lock. The verification pages are public on purpose — the project marks pages private with
``login_required`` view by view, so these simply carry none — and show nothing but the fact of issue.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hoptac.accounts import roles
from hoptac.accounts.lockout import client_ip
from hoptac.core.permissions import VIEW, get_visible_or_404
from hoptac.core.views_helpers import attempt, require_role, run_service

from . import labels, reports
from .choices import SampleState
from .models import Sample

LABEL_ROLES = (*roles.LAB_ROLES, roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER, roles.INSTITUTE_EXPERT)


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do sửa đổi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "In trên phiếu ban hành lần sau, ví dụ: “Nhập nhầm đơn vị của chỉ tiêu BOD5”."
        ),
    )
    reopen = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Kết quả cần nhập và soát xét lại"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Để trống nếu chỉ thông tin mẫu sai: phiếu được ban hành lại ngay, không cần nhập lại kết quả."
        ),
    )

    def __init__(self, *args, sample: Sample, **kwargs):
        kwargs.setdefault("auto_id", "amend-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["reopen"]
        field.queryset = reports.reopenable_results(sample)
        field.label_from_instance = lambda r: (
            f"{r.sample_parameter.parameter.name}: {r.raw_value} {r.unit}".strip()
        )


class AbandonAmendmentForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do bỏ sửa đổi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=gettext_lazy("Được lưu trong lịch sử của mẫu, ví dụ: “Bắt đầu sửa đổi nhầm mẫu”."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "abandon-%s")
        super().__init__(*args, **kwargs)


def _sample_url(pk: int) -> str:
    return reverse("lab:sample_detail", args=[pk])


def _sample(request, pk: int) -> Sample:
    return get_visible_or_404(Sample.objects.all(), request.user, VIEW, pk=pk)


def _refused(request, sample: Sample):
    """Someone who sees the sample but may not issue or amend its report: told so in words (403), like the
    other actions of the sample page; whoever does not see the sample got a 404 before this."""
    return render(
        request,
        "lab/report_refused.html",
        {"sample": sample, "message": reports.NOT_ISSUER, "sample_url": _sample_url(sample.pk)},
        status=403,
    )


@login_required
@require_POST
def report_issue(request, pk: int):
    sample = _sample(request, pk)
    if not request.user.has_role(*reports.ISSUERS):
        return _refused(request, sample)
    report = run_service(request, None, reports.issue_report, actor=request.user, sample=sample)
    if report is not None:
        messages.success(
            request,
            _("Đã ban hành phiếu kết quả %(number)s (lần %(version)s).")
            % {"number": report.number, "version": report.version},
        )
    return redirect(_sample_url(pk))


@login_required
@require_POST
def amendment_start(request, pk: int):
    sample = _sample(request, pk)
    if not request.user.has_role(*reports.ISSUERS):
        return _refused(request, sample)
    form = AmendmentForm(request.POST, sample=sample)
    error = None
    if form.is_valid():
        done, error = attempt(
            form,
            reports.start_amendment,
            actor=request.user,
            sample=sample,
            reason=form.cleaned_data["reason"],
            reopen=form.cleaned_data["reopen"],
        )
        if done is not None:
            if done.state == SampleState.RESULTS_VERIFIED:
                messages.success(request, _("Đã bắt đầu sửa đổi; có thể ban hành lại phiếu ngay."))
            else:
                messages.success(
                    request,
                    _("Đã bắt đầu sửa đổi; các kết quả đã chọn được trả lại để nhập và soát xét lại."),
                )
            return redirect(_sample_url(pk))
    # Refused: the form again with what was typed and why, on its own page.
    status = 400 if error is None else (403 if error.code == "forbidden" else 409)
    return render(
        request,
        "lab/report_amendment.html",
        {"sample": sample, "form": form, "sample_url": _sample_url(pk)},
        status=status,
    )


@login_required
@require_POST
def amendment_abandon(request, pk: int):
    sample = _sample(request, pk)
    if not request.user.has_role(*reports.ISSUERS):
        return _refused(request, sample)
    form = AbandonAmendmentForm(request.POST)
    error = None
    if form.is_valid():
        done, error = attempt(
            form,
            reports.abandon_amendment,
            actor=request.user,
            sample=sample,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Đã bỏ sửa đổi; phiếu kết quả hiện hành vẫn có hiệu lực."))
            return redirect(_sample_url(pk))
    status = 400 if error is None else (403 if error.code == "forbidden" else 409)
    return render(
        request,
        "lab/report_amendment_abandon.html",
        {"sample": sample, "form": form, "sample_url": _sample_url(pk)},
        status=status,
    )


@login_required
@require_GET
def report_pdf(request, pk: int):
    report = reports.report_for_download(user=request.user, pk=pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.number}-lan-{report.version}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_role(*LABEL_ROLES)
@require_GET
def sample_label(request, pk: int):
    sample = labels.sample_for_label(user=request.user, pk=pk)
    response = HttpResponse(labels.render_sample_label(sample), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nhan-{sample.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def report_verify_form(request):
    """Public: type the code printed on a report."""
    typed = request.GET.get("ma", "").strip()
    if not typed:
        return render(request, "lab/report_verify_form.html", {})
    code = reports.normalise_code(typed)
    if code is None:  # cannot be a code: the same answer as an unknown one
        return _unknown_code(request)
    return redirect("lab:report_verify", code=code)


def _unknown_code(request):
    reports.verification_failed(client_ip(request))
    return render(request, "lab/report_verify_unknown.html", {}, status=404)


@require_GET
def report_verify(request, code: str):
    """Public: that the report with this code was issued, when, for which sample, its overall verdict, and
    whether it is current — nothing else (no cooperative, no values)."""
    ip = client_ip(request)
    if reports.verification_throttled(ip):
        return render(request, "lab/report_verify_throttled.html", {}, status=429)
    report = reports.report_verify(code)
    if report is None:
        return _unknown_code(request)
    context = {
        "report": report,
        "overall": reports.overall_label(report.overall_verdict),
        "current": reports.is_current(report),
    }
    response = render(request, "lab/report_verify.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
