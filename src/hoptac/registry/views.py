"""Registry screens: the list (filters, search, keyset pages), the cooperative page, create/edit, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from hoptac.core import panels
from hoptac.core.permissions import CHANGE
from hoptac.core.views_helpers import run_service
from hoptac.places.selectors import province_choices

from . import exports, selectors, services
from .choices import LegalForm, Sector, Status
from .forms import CooperativeForm
from .policies import READERS, may_create, may_import, provinces_user_may_create_in


def _require_reader(request):
    if not request.user.has_role(*READERS):
        raise Http404


@login_required
def cooperative_list(request):
    _require_reader(request)
    filters = selectors.CooperativeFilters.from_querydict(request.GET)
    page, count, more = selectors.cooperative_page(
        user=request.user, filters=filters, after=request.GET.get("sau"), before=request.GET.get("truoc")
    )
    context = {
        "page": page,
        "count": count,
        "count_capped": more,
        "filters": filters,
        "params": filters.as_params(),
        "provinces": province_choices(user=request.user),
        "legal_forms": LegalForm.choices,
        "sectors": Sector.choices,
        "statuses": Status.choices,
        "may_create": may_create(request.user),
        "may_import": may_import(request.user),
    }
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(
        request, "registry/_cooperative_rows.html" if partial else "registry/cooperative_list.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def cooperative_detail(request, pk: int):
    cooperative = selectors.cooperative_get(user=request.user, pk=pk)
    can_edit = selectors.cooperative_queryset(user=request.user, action=CHANGE).filter(pk=pk).exists()
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "panels": panels.panels_for(request.user, cooperative),
    }
    return render(request, "registry/cooperative_detail.html", context)


@login_required
def cooperative_create(request):
    if not may_create(request.user):
        raise Http404
    form = CooperativeForm(request.POST or None, allowed_provinces=provinces_user_may_create_in(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        cooperative = run_service(request, form, services.cooperative_create, actor=request.user, **fields)
        if cooperative is not None:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": cooperative.name})
            return redirect("registry:cooperative_detail", pk=cooperative.pk)
    return render(request, "registry/cooperative_form.html", {"form": form, "creating": True})


@login_required
def cooperative_edit(request, pk: int):
    cooperative = selectors.cooperative_get(user=request.user, pk=pk, action=CHANGE)
    editable = services.editable_fields_for(request.user, cooperative)
    locked = [name for name in services.EDITABLE_FIELDS if name not in editable]
    allowed = provinces_user_may_create_in(request.user)
    if allowed is not None and cooperative.province_id not in allowed:
        allowed = None  # the province is locked for this person; the select shows the current one
    form = CooperativeForm(
        request.POST or None, instance=cooperative, allowed_provinces=allowed, locked_fields=locked
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in editable}
        version = form.cleaned_data.get("version") or 0
        fresh = selectors.cooperative_get(user=request.user, pk=pk, action=CHANGE)
        if run_service(
            request,
            form,
            services.cooperative_update,
            actor=request.user,
            cooperative=fresh,
            version=version,
            **fields,
        ):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registry:cooperative_detail", pk=pk)
    return render(
        request,
        "registry/cooperative_form.html",
        {"form": form, "cooperative": cooperative, "creating": False},
    )


@login_required
def cooperative_export(request, fmt: str):
    _require_reader(request)
    filters = selectors.CooperativeFilters.from_querydict(request.GET)
    rows = selectors.cooperative_export_rows(user=request.user, filters=filters)
    if fmt == "csv":
        return exports.csv_response(rows)
    return exports.xlsx_response(rows)
