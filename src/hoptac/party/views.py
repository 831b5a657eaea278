"""The party module's home page and the cell's page: terms, the committee over time, the rules in force."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.core.permissions import CHANGE, restrict
from hoptac.core.views_helpers import attempt

from . import selectors, services
from .access import committee_view, party_view
from .context import party_context
from .forms import PositionEndForm, PositionForm, RulesForm, TermForm
from .models import CommitteePosition


@party_view
def home(request):
    context = party_context(
        request, "home", **selectors.home_summary(user=request.user, cell=request.party_cell)
    )
    return render(request, "party/home.html", context)


@party_view
def cell_detail(request):
    cell = request.party_cell
    data = selectors.cell_overview(user=request.user, cell=cell)
    extra = {}
    if request.party_committee:
        extra = {
            "term_form": TermForm(),
            "position_form": PositionForm(members=selectors.eligible_for_committee(cell)),
            "rules": services.rules_for(cell),
        }
    return render(request, "party/cell_detail.html", party_context(request, "cell", **data, **extra))


@committee_view
@require_POST
def term_create(request):
    form = TermForm(request.POST)
    if form.is_valid():
        _result, _error = attempt(
            form, services.term_create, actor=request.user, cell=request.party_cell, **form.cleaned_data
        )
        if not form.errors:
            messages.success(request, _("Đã thêm nhiệm kỳ."))
            return redirect("party:cell_detail")
    return _cell_with_errors(request, term_form=form)


@committee_view
@require_POST
def position_assign(request, term_pk: int):
    cell = request.party_cell
    term = get_object_or_404(restrict(cell.terms.all(), request.user, CHANGE), pk=term_pk)
    form = PositionForm(request.POST, members=selectors.eligible_for_committee(cell))
    if form.is_valid():
        attempt(form, services.position_assign, actor=request.user, term=term, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Đã cập nhật chi ủy."))
            return redirect("party:cell_detail")
    return _cell_with_errors(request, position_form=form)


@committee_view
@require_POST
def position_end(request, pk: int):
    position = get_object_or_404(
        restrict(CommitteePosition.objects.select_related("term", "member"), request.user, CHANGE), pk=pk
    )
    form = PositionEndForm(request.POST)
    if form.is_valid():
        attempt(form, services.position_end, actor=request.user, position=position, **form.cleaned_data)
        if not form.errors:
            messages.success(
                request, _("Đã ghi nhận kết thúc chức vụ của %(name)s.") % {"name": position.member}
            )
            return redirect("party:cell_detail")
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("party:cell_detail")


@committee_view
def rules_edit(request):
    rules = services.rules_for(request.party_cell)
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        attempt(form, services.rules_update, actor=request.user, rules=rules, data=data)
        if not form.errors:
            messages.success(request, _("Đã lưu quy định áp dụng của chi bộ."))
            return redirect("party:cell_detail")
    return render(request, "party/rules_form.html", party_context(request, "cell", form=form, rules=rules))


def _cell_with_errors(request, **forms):
    cell = request.party_cell
    context = {
        "term_form": TermForm(),
        "position_form": PositionForm(members=selectors.eligible_for_committee(cell)),
        "rules": services.rules_for(cell),
        **forms,
    }
    data = selectors.cell_overview(user=request.user, cell=cell)
    return render(
        request, "party/cell_detail.html", party_context(request, "cell", **data, **context), status=400
    )
