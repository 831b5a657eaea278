"""Party fee screens (Quyết định 342-QĐ/TW).

* The committee: the cell's months with totals (due, paid, owed, kept, sent up), who owes for which months,
  each month's grid of members with quick payment entry, the remittance, closing, and the .xlsx ledger.
* A member: their own charges, payments and arrears only — never anybody else's amounts nor the cell's totals.

Views parse input, call one service or selector and render; a refusal lands on the form, nothing typed is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hoptac.core.views_helpers import attempt, run_service

from . import fees, ledger
from . import selectors_fees as selectors
from . import services_fees as services
from .access import committee_view, party_view
from .context import party_context
from .forms_fees import OpenMonthForm, PaymentForm, RemitForm


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _status(form, error) -> int:
    if not form.errors:
        return 200
    return 409 if error is not None else 400


def _mine(request, section: str = "fees"):
    charges = selectors.my_charges(user=request.user)
    this_month = fees.month_start(timezone.localdate())
    owed = [c for c in charges if c.left > 0 and c.fee_month.month < this_month]
    context = party_context(
        request,
        section,
        charges=charges,
        owed_months=owed,
        arrears=sum((c.left for c in owed), 0),
        this_month_left=sum((c.left for c in charges if c.fee_month.month >= this_month), 0),
    )
    return render(request, "party/fees/mine.html", context)


def _list(request, *, open_form=None, status: int = 200):
    today = timezone.localdate()
    context = party_context(
        request,
        "fees",
        months=selectors.fee_months(user=request.user, cell=request.party_cell),
        arrears=selectors.arrears_by_member(user=request.user, cell=request.party_cell, before=today),
        open_form=open_form or OpenMonthForm(today=today, auto_id="mo-%s"),
    )
    return render(request, "party/fees/list.html", context, status=status)


@party_view
def fee_list(request):
    """The committee's ledger of the cell; for a member, their own fees."""
    if not request.party_committee:
        return _mine(request)
    return _list(request)


@party_view
def fee_mine(request):
    return _mine(request)


@committee_view
@require_POST
def fee_month_open(request):
    form = OpenMonthForm(request.POST, auto_id="mo-%s")
    error = None
    if form.is_valid():
        fee_month, error = attempt(
            form,
            services.fee_month_open,
            actor=request.user,
            cell=request.party_cell,
            month=form.chosen_month(),
        )
        if fee_month is not None:
            count = fee_month.charges.count()
            messages.success(
                request,
                ngettext(
                    "Đã mở sổ đảng phí tháng %(month)s cho %(count)d đảng viên.",
                    "Đã mở sổ đảng phí tháng %(month)s cho %(count)d đảng viên.",
                    count,
                )
                % {"month": f"{fee_month.month:%m/%Y}", "count": count},
            )
            return redirect("party:fee_month_detail", pk=fee_month.pk)
    return _list(request, open_form=form, status=_status(form, error))


# --- a month ---------------------------------------------------------------------------------------------------


def _payment_form(charge, today, data=None):
    initial = {"amount": charge.left if charge.left > 0 else None, "paid_on": today}
    return PaymentForm(data, prefix=f"c{charge.pk}", initial=initial, auto_id="%s")


def _month_context(request, fee_month, *, bound_charge=None, bound_form=None, remit_form=None) -> dict:
    today = timezone.localdate()
    charges = selectors.month_charges(fee_month)
    summary = selectors.month_summary(fee_month, charges)
    is_open = fee_month.closed_at is None
    for charge in charges:
        charge.form = None
        if is_open and charge.pk == bound_charge:
            charge.form = bound_form
        elif is_open and charge.left > 0:
            charge.form = _payment_form(charge, today)
    if remit_form is None and is_open:
        remit_form = RemitForm(
            prefix="remit",
            auto_id="%s",
            initial={"amount": summary.sent_up, "remitted_on": fee_month.remitted_on or today},
        )
    # A refusal for a month closed meanwhile has no row form to land on: it is shown above the grid.
    grid_errors = bound_form.non_field_errors() if bound_form is not None and not is_open else []
    return party_context(
        request,
        "fees",
        grid_errors=grid_errors,
        fee_month=fee_month,
        charges=charges,
        summary=summary,
        is_open=is_open,
        remit_form=remit_form,
        kept_share_text=fees.rate_text(fee_month.kept_share),
    )


def _month_page(request, fee_month, *, status: int = 200, **bound):
    context = _month_context(request, fee_month, **bound)
    template = "party/fees/_grid.html" if _htmx(request) else "party/fees/month.html"
    response = render(request, template, context, status=200 if _htmx(request) else status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@committee_view
def fee_month_detail(request, pk: int):
    return _month_page(request, selectors.fee_month_get(user=request.user, pk=pk))


@committee_view
@require_POST
def fee_payment_create(request, pk: int):
    """Quick payment entry from a row of the month's grid (htmx swaps the grid; without it, back to the page)."""
    charge = selectors.charge_get(user=request.user, pk=pk)
    fee_month = selectors.fee_month_get(user=request.user, pk=charge.fee_month_id)
    form = _payment_form(charge, timezone.localdate(), data=request.POST)
    error = None
    if form.is_valid():
        payment, error = attempt(
            form,
            services.fee_payment_record,
            actor=request.user,
            charge=charge,
            amount=form.cleaned_data["amount"],
            paid_on=form.cleaned_data["paid_on"],
            receipt=form.cleaned_data["receipt"],
        )
        if payment is not None:
            if _htmx(request):  # the grid shows the new figures; no message left for the next page
                return _month_page(request, fee_month)
            messages.success(
                request, _("Đã ghi khoản nộp của đồng chí %(name)s.") % {"name": charge.member.full_name}
            )
            return redirect(f"{reverse('party:fee_month_detail', args=[fee_month.pk])}#c{charge.pk}")
    return _month_page(
        request, fee_month, status=_status(form, error), bound_charge=charge.pk, bound_form=form
    )


@committee_view
@require_POST
def fee_payment_delete(request, pk: int):
    payment = selectors.payment_get(user=request.user, pk=pk)
    if run_service(request, None, services.fee_payment_delete, actor=request.user, payment=payment):
        messages.success(request, _("Đã xóa khoản nộp."))
    return redirect("party:fee_charge_detail", pk=payment.charge_id)


@committee_view
@require_POST
def fee_month_add_missing(request, pk: int):
    fee_month = selectors.fee_month_get(user=request.user, pk=pk)
    added = run_service(
        request, None, services.fee_month_add_missing, actor=request.user, fee_month=fee_month
    )
    if added is not None:
        messages.success(
            request,
            ngettext(
                "Đã bổ sung %(count)d đảng viên vào sổ tháng.",
                "Đã bổ sung %(count)d đảng viên vào sổ tháng.",
                len(added),
            )
            % {"count": len(added)}
            if added
            else _("Không có đảng viên nào cần bổ sung."),
        )
    return redirect("party:fee_month_detail", pk=fee_month.pk)


@committee_view
@require_POST
def fee_month_remit(request, pk: int):
    fee_month = selectors.fee_month_get(user=request.user, pk=pk)
    form = RemitForm(request.POST, prefix="remit", auto_id="%s")
    error = None
    if form.is_valid():
        done, error = attempt(
            form,
            services.fee_month_remit,
            actor=request.user,
            fee_month=fee_month,
            amount=form.cleaned_data["amount"],
            remitted_on=form.cleaned_data["remitted_on"],
        )
        if done is not None:
            messages.success(request, _("Đã ghi số tiền nộp lên cấp trên."))
            return redirect("party:fee_month_detail", pk=fee_month.pk)
    return _month_page(request, fee_month, status=_status(form, error), remit_form=form)


@committee_view
@require_POST
def fee_month_close(request, pk: int):
    fee_month = selectors.fee_month_get(user=request.user, pk=pk)
    if run_service(request, None, services.fee_month_close, actor=request.user, fee_month=fee_month):
        messages.success(
            request, _("Đã khóa sổ đảng phí tháng %(month)s.") % {"month": f"{fee_month.month:%m/%Y}"}
        )
    return redirect("party:fee_month_detail", pk=fee_month.pk)


@committee_view
@require_POST
def fee_month_reopen(request, pk: int):
    fee_month = selectors.fee_month_get(user=request.user, pk=pk)
    if run_service(request, None, services.fee_month_reopen, actor=request.user, fee_month=fee_month):
        messages.success(
            request, _("Đã mở lại sổ đảng phí tháng %(month)s.") % {"month": f"{fee_month.month:%m/%Y}"}
        )
    return redirect("party:fee_month_detail", pk=fee_month.pk)


@committee_view
def fee_ledger(request, pk: int):
    """The month's ledger as .xlsx (committee only)."""
    fee_month = selectors.fee_month_get(user=request.user, pk=pk)
    charges = selectors.month_charges(fee_month)
    summary = selectors.month_summary(fee_month, charges)
    response = HttpResponse(
        ledger.build(summary, charges),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{ledger.filename(summary)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- one charge -------------------------------------------------------------------------------------------------


@party_view
def fee_charge_detail(request, pk: int):
    """A month's charge with its payments: the committee any of the cell's, a member only their own."""
    charge = selectors.charge_get(user=request.user, pk=pk)
    is_open = charge.fee_month.closed_at is None
    committee = request.party_committee and charge.member.cell_id == request.party_cell.pk
    form = None
    if committee and is_open and charge.left > 0:
        form = _payment_form(charge, timezone.localdate())
    context = party_context(request, "fees", charge=charge, manage=committee and is_open, form=form)
    return render(request, "party/fees/charge.html", context)
