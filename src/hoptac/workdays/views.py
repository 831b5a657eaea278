"""Screens of the working-day calendar (system administrator only): the year's list, create, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoptac.accounts import roles
from hoptac.core.permissions import CHANGE, DELETE
from hoptac.core.views_helpers import require_role, run_service

from . import selectors, services
from .forms import CalendarDayForm


def _list_url(year: int) -> str:
    return f"{reverse('workdays:day_list')}?nam={year}"


@login_required
@require_role(roles.SYSTEM_ADMIN)
def day_list(request):
    year = selectors.parse_year(request.GET.get("nam"))
    summary = selectors.calendar_year(user=request.user, year=year)
    return render(request, "workdays/day_list.html", {"summary": summary})


@login_required
@require_role(roles.SYSTEM_ADMIN)
def day_create(request):
    form = CalendarDayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        day = run_service(request, form, services.calendar_day_create, actor=request.user, **fields)
        if day is not None:
            messages.success(request, _("Đã thêm ngày %(date)s.") % {"date": f"{day.date:%d/%m/%Y}"})
            return redirect(_list_url(day.date.year))
    year = selectors.parse_year(request.GET.get("nam"))
    return render(request, "workdays/day_form.html", {"form": form, "creating": True, "year": year})


@login_required
@require_role(roles.SYSTEM_ADMIN)
def day_edit(request, pk: int):
    day = selectors.calendar_day_get(user=request.user, pk=pk, action=CHANGE)
    form = CalendarDayForm(request.POST if request.method == "POST" else None, instance=day)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        version = form.cleaned_data.get("version") or 0
        # The form changed ``day`` in place; the service starts from the stored row.
        fresh = selectors.calendar_day_get(user=request.user, pk=pk, action=CHANGE)
        saved = run_service(
            request,
            form,
            services.calendar_day_update,
            actor=request.user,
            day=fresh,
            version=version,
            **fields,
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(_list_url(saved.date.year))
    stored = selectors.calendar_day_get(user=request.user, pk=pk, action=CHANGE)
    return render(request, "workdays/day_form.html", {"form": form, "day": stored, "creating": False})


@login_required
@require_role(roles.SYSTEM_ADMIN)
@require_http_methods(["GET", "POST"])
def day_delete(request, pk: int):
    """GET asks for confirmation; POST deletes."""
    day = selectors.calendar_day_get(user=request.user, pk=pk, action=DELETE)
    if request.method == "POST":
        if run_service(request, None, services.calendar_day_delete, actor=request.user, day=day):
            messages.success(request, _("Đã xoá ngày %(date)s khỏi lịch.") % {"date": f"{day.date:%d/%m/%Y}"})
        return redirect(_list_url(day.date.year))
    return render(request, "workdays/day_confirm_delete.html", {"day": day})
