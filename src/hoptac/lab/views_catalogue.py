"""The catalogue and regulation screens: matrices, parameters, packages, regulations, their limit sets, classes
and limits — administrators add the rest of the reference data here, not in code.

Who may do what is the reference-data policy (:mod:`hoptac.lab.policies`) through ``restrict``: the institute's
roles and the lab read, the lab manager and the system administrator change; anyone else gets 404. Views parse,
call one service of :mod:`hoptac.lab.services_catalogue`, render; a refusal lands on the form with what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.core.forms import money_text
from hoptac.core.permissions import CHANGE, VIEW, get_visible_or_404, restrict
from hoptac.core.text import contains_all_words, fold
from hoptac.core.views_helpers import attempt

from . import services_catalogue as services
from .forms_catalogue import (
    LimitClassesForm,
    LimitForm,
    LimitSetForm,
    MatrixForm,
    PackageForm,
    ParameterForm,
    RegulationForm,
    bounds_text,
    number_text,
)
from .judging import Interval
from .models import Limit, LimitClass, LimitInterval, LimitSet, Matrix, Package, Parameter, Regulation


def _visible(model, user, action: str = VIEW) -> QuerySet:
    """Every row the user may ``action``; 404 when the policy allows none (the pages are not revealed)."""
    queryset = restrict(model.objects.all(), user, action)
    if queryset.query.is_empty():
        raise Http404
    return queryset


def _status(error) -> int:
    if error is None:
        return 200
    return 403 if error.code == "forbidden" else 409


def _version(form) -> int:
    return form.cleaned_data.get("version") or 0


# ------------------------------------------------------------------------------------------------ matrices


@login_required
def matrix_list(request):
    matrices = _visible(Matrix, request.user).annotate(
        parameter_count=Count("parametermatrix", distinct=True),
        package_count=Count("packages", distinct=True),
    )
    return render(
        request,
        "lab/catalogue/matrix_list.html",
        {"matrices": matrices, "may_change": services.may_change(request.user, Matrix)},
    )


@login_required
def matrix_create(request):
    _visible(Matrix, request.user, CHANGE)
    form = MatrixForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.MATRIX_FIELDS}
        created, _error = attempt(form, services.matrix_create, actor=request.user, **fields)
        if created is not None:
            messages.success(request, _("Đã thêm nền mẫu %(name)s.") % {"name": created.name})
            return redirect("lab:matrix_list")
    return render(request, "lab/catalogue/matrix_form.html", {"form": form, "matrix": None})


@login_required
def matrix_edit(request, pk: int):
    matrix = get_visible_or_404(Matrix.objects.all(), request.user, CHANGE, pk=pk)
    form = MatrixForm(request.POST or None, instance=matrix)
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.MATRIX_FIELDS}
        fresh = Matrix.objects.get(pk=pk)
        saved, error = attempt(
            form,
            services.matrix_update,
            actor=request.user,
            matrix=fresh,
            fingerprint=form.cleaned_data.get("fingerprint") or "",
            **fields,
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("lab:matrix_list")
        status = _status(error)
    return render(request, "lab/catalogue/matrix_form.html", {"form": form, "matrix": matrix}, status=status)


# ------------------------------------------------------------------------------------------------ parameters


def _parameter_rows(parameters: list[Parameter]) -> list[Parameter]:
    for p in parameters:
        p.detection_limit_text = number_text(p.detection_limit)
        p.price_text = money_text(p.price)
    return parameters


@login_required
def parameter_list(request):
    parameters = _visible(Parameter, request.user).prefetch_related(
        Prefetch("matrices", queryset=Matrix.objects.order_by("position", "code"))
    )
    matrices = list(Matrix.objects.all())
    matrix_code = (request.GET.get("nen_mau") or "").strip()
    chosen = next((m for m in matrices if m.code == matrix_code), None)
    if chosen is not None:
        parameters = parameters.filter(matrices=chosen)
    query = (request.GET.get("q") or "").strip()[:100]
    rows = list(parameters)
    if query:
        # A few hundred rows at most: folded in Python, so "oxy hoa tan" finds "Ôxy hòa tan (DO)".
        rows = [p for p in rows if contains_all_words(fold(f"{p.code} {p.name} {p.name_en}"), query)]
    return render(
        request,
        "lab/catalogue/parameter_list.html",
        {
            "parameters": _parameter_rows(rows),
            "matrices": matrices,
            "chosen": chosen,
            "query": query,
            "may_change": services.may_change(request.user, Parameter),
        },
    )


@login_required
def parameter_create(request):
    _visible(Parameter, request.user, CHANGE)
    form = ParameterForm(request.POST or None, initial={"turnaround_days": 5, "price": 0})
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form,
            services.parameter_create,
            actor=request.user,
            matrices=form.cleaned_data["matrices"],
            **form.service_fields(),
        )
        if created is not None:
            messages.success(request, _("Đã thêm chỉ tiêu %(code)s.") % {"code": created.code})
            return redirect("lab:parameter_list")
    return render(request, "lab/catalogue/parameter_form.html", {"form": form, "parameter": None})


@login_required
def parameter_edit(request, pk: int):
    parameter = get_visible_or_404(Parameter.objects.all(), request.user, CHANGE, pk=pk)
    form = ParameterForm(request.POST or None, instance=parameter)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.parameter_update,
            actor=request.user,
            parameter=Parameter.objects.get(pk=pk),
            version=_version(form),
            matrices=form.cleaned_data["matrices"],
            **form.service_fields(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("lab:parameter_list")
        status = _status(error)
    return render(
        request, "lab/catalogue/parameter_form.html", {"form": form, "parameter": parameter}, status=status
    )


# ------------------------------------------------------------------------------------------------ packages


@login_required
def package_list(request):
    packages = (
        _visible(Package, request.user)
        .select_related("matrix")
        .annotate(total=Sum("parameters__price"))
        .prefetch_related(Prefetch("parameters", queryset=Parameter.objects.order_by("position", "code")))
    )
    matrices = list(Matrix.objects.all())
    chosen = next((m for m in matrices if m.code == (request.GET.get("nen_mau") or "").strip()), None)
    if chosen is not None:
        packages = packages.filter(matrix=chosen)
    rows = list(packages)
    for p in rows:
        p.total_text = money_text(p.total or 0)
    return render(
        request,
        "lab/catalogue/package_list.html",
        {
            "packages": rows,
            "matrices": matrices,
            "chosen": chosen,
            "may_change": services.may_change(request.user, Package),
        },
    )


def _package_context(form, package, matrix) -> dict:
    prices = {p.pk: p.price for p in Parameter.objects.filter(matrices=matrix)}
    chosen = form["parameters"].value() or []
    total = sum((prices.get(int(pk), 0) for pk in chosen if str(pk).isdigit()), 0)
    if package is not None and not form.is_bound:
        total = sum(p.price for p in package.parameters.all())
    return {"form": form, "package": package, "matrix": matrix, "total_text": money_text(total)}


@login_required
def package_create(request):
    _visible(Package, request.user, CHANGE)
    matrices = list(Matrix.objects.all())
    code = (request.POST.get("nen_mau") or request.GET.get("nen_mau") or "").strip()
    matrix = next((m for m in matrices if m.code == code), None)
    if matrix is None:
        return render(request, "lab/catalogue/package_matrix.html", {"matrices": matrices})
    form = PackageForm(request.POST or None, matrix=matrix, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form,
            services.package_create,
            actor=request.user,
            matrix=matrix,
            parameters=list(form.cleaned_data["parameters"]),
            **form.service_fields(),
        )
        if created is not None:
            messages.success(request, _("Đã thêm gói %(name)s.") % {"name": created.name})
            return redirect("lab:package_list")
    return render(request, "lab/catalogue/package_form.html", _package_context(form, None, matrix))


@login_required
def package_edit(request, pk: int):
    package = get_visible_or_404(Package.objects.select_related("matrix"), request.user, CHANGE, pk=pk)
    form = PackageForm(request.POST or None, instance=package, matrix=package.matrix)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.package_update,
            actor=request.user,
            package=Package.objects.select_related("matrix").get(pk=pk),
            version=_version(form),
            parameters=list(form.cleaned_data["parameters"]),
            **form.service_fields(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("lab:package_list")
        status = _status(error)
    return render(
        request,
        "lab/catalogue/package_form.html",
        _package_context(form, package, package.matrix),
        status=status,
    )


# ------------------------------------------------------------------------------------------------ regulations


@login_required
def regulation_list(request):
    regulations = _visible(Regulation, request.user).select_related("superseded_by")
    return render(
        request,
        "lab/catalogue/regulation_list.html",
        {"regulations": regulations, "may_change": services.may_change(request.user, Regulation)},
    )


@dataclass
class LimitRow:
    limit: Limit
    text: str = ""  # pass/fail sets
    by_class: list[str] = field(default_factory=list)  # graded sets, in class order


@dataclass
class SetView:
    limit_set: LimitSet
    classes: list[LimitClass]
    rows: list[LimitRow]


def _interval(row: LimitInterval) -> Interval:
    return Interval(row.lower, row.lower_inclusive, row.upper, row.upper_inclusive)


def regulation_sets(regulation: Regulation) -> list[SetView]:
    """Every set of the regulation with every limit as text (per class for graded sets): five queries whatever the
    number of sets and limits."""
    sets = regulation.limit_sets.prefetch_related(
        Prefetch("classes", queryset=LimitClass.objects.order_by("position")),
        Prefetch(
            "limits",
            queryset=Limit.objects.select_related("parameter")
            .prefetch_related("intervals")
            .order_by("position", "id"),
        ),
    )
    views = []
    for limit_set in sets:
        classes = list(limit_set.classes.all())
        rows = []
        for limit in limit_set.limits.all():
            intervals = list(limit.intervals.all())
            if limit_set.is_graded:
                by_class = [
                    bounds_text(_interval(i) for i in intervals if i.limit_class_id == k.pk) for k in classes
                ]
                rows.append(LimitRow(limit, by_class=by_class))
            else:
                rows.append(LimitRow(limit, text=bounds_text(_interval(i) for i in intervals)))
        views.append(SetView(limit_set, classes, rows))
    return views


@login_required
def regulation_detail(request, pk: int):
    regulation = get_visible_or_404(
        Regulation.objects.select_related("superseded_by"), request.user, VIEW, pk=pk
    )
    return render(
        request,
        "lab/catalogue/regulation_detail.html",
        {
            "regulation": regulation,
            "supersedes": list(regulation.supersedes.order_by("code")),
            "sets": regulation_sets(regulation),
            "may_change": services.may_change(request.user, Regulation),
        },
    )


@login_required
def regulation_create(request):
    _visible(Regulation, request.user, CHANGE)
    form = RegulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form, services.regulation_create, actor=request.user, **form.service_fields()
        )
        if created is not None:
            messages.success(
                request,
                _("Đã thêm quy chuẩn %(code)s. Hãy thêm các bộ giới hạn của nó.") % {"code": created.code},
            )
            return redirect("lab:regulation_detail", pk=created.pk)
    return render(request, "lab/catalogue/regulation_form.html", {"form": form, "regulation": None})


@login_required
def regulation_edit(request, pk: int):
    regulation = get_visible_or_404(Regulation.objects.all(), request.user, CHANGE, pk=pk)
    form = RegulationForm(request.POST or None, instance=regulation)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.regulation_update,
            actor=request.user,
            regulation=Regulation.objects.get(pk=pk),
            version=_version(form),
            **form.service_fields(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("lab:regulation_detail", pk=pk)
        status = _status(error)
    return render(
        request, "lab/catalogue/regulation_form.html", {"form": form, "regulation": regulation}, status=status
    )


# ------------------------------------------------------------------------------------------------ limit sets


@login_required
def limit_set_create(request, pk: int):
    regulation = get_visible_or_404(Regulation.objects.all(), request.user, CHANGE, pk=pk)
    form = LimitSetForm(request.POST or None, regulation=regulation)
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form,
            services.limit_set_create,
            actor=request.user,
            regulation=regulation,
            **form.service_fields(),
        )
        if created is not None:
            messages.success(request, _("Đã thêm bộ giới hạn %(name)s.") % {"name": created.name})
            if created.is_graded:
                return redirect("lab:limit_classes", pk=created.pk)
            return redirect("lab:regulation_detail", pk=regulation.pk)
    return render(
        request,
        "lab/catalogue/limit_set_form.html",
        {"form": form, "regulation": regulation, "limit_set": None},
    )


@login_required
def limit_set_edit(request, pk: int):
    limit_set = get_visible_or_404(LimitSet.objects.select_related("regulation"), request.user, CHANGE, pk=pk)
    form = LimitSetForm(request.POST or None, instance=limit_set, regulation=limit_set.regulation)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.limit_set_update,
            actor=request.user,
            limit_set=LimitSet.objects.select_related("regulation").get(pk=pk),
            version=_version(form),
            **form.service_fields(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("lab:regulation_detail", pk=limit_set.regulation_id)
        status = _status(error)
    context = {"form": form, "regulation": limit_set.regulation, "limit_set": limit_set}
    return render(request, "lab/catalogue/limit_set_form.html", context, status=status)


@login_required
def limit_classes(request, pk: int):
    limit_set = get_visible_or_404(LimitSet.objects.select_related("regulation"), request.user, CHANGE, pk=pk)
    if not limit_set.is_graded:
        messages.info(request, _("Bộ giới hạn đạt/không đạt không có hạng."))
        return redirect("lab:regulation_detail", pk=limit_set.regulation_id)
    classes = list(limit_set.classes.order_by("position"))
    form = LimitClassesForm(request.POST or None, classes=classes, version=limit_set.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.limit_classes_save,
            actor=request.user,
            limit_set=LimitSet.objects.get(pk=pk),
            version=_version(form),
            rows=form.service_rows(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu các hạng."))
            return redirect("lab:regulation_detail", pk=limit_set.regulation_id)
        status = _status(error)
    context = {"form": form, "regulation": limit_set.regulation, "limit_set": limit_set}
    return render(request, "lab/catalogue/limit_classes.html", context, status=status)


# ------------------------------------------------------------------------------------------------ limits


@login_required
def limit_create(request, pk: int):
    limit_set = get_visible_or_404(LimitSet.objects.select_related("regulation"), request.user, CHANGE, pk=pk)
    classes = list(limit_set.classes.order_by("position"))
    taken = set(limit_set.limits.values_list("parameter_id", flat=True))
    form = LimitForm(request.POST or None, limit_set=limit_set, classes=classes, taken=taken)
    if request.method == "POST" and form.is_valid():
        created, _error = attempt(
            form,
            services.limit_create,
            actor=request.user,
            limit_set=limit_set,
            parameter=form.cleaned_data["parameter"],
            intervals=form.service_intervals(),
            **form.service_fields(),
        )
        if created is not None:
            messages.success(
                request, _("Đã thêm giới hạn của %(parameter)s.") % {"parameter": created.parameter.code}
            )
            return redirect("lab:regulation_detail", pk=limit_set.regulation_id)
    context = {"form": form, "regulation": limit_set.regulation, "limit_set": limit_set, "limit": None}
    return render(request, "lab/catalogue/limit_form.html", context)


@login_required
def limit_edit(request, pk: int):
    limit = get_visible_or_404(
        Limit.objects.select_related("limit_set__regulation", "parameter").prefetch_related("intervals"),
        request.user,
        CHANGE,
        pk=pk,
    )
    limit_set = limit.limit_set
    classes = list(limit_set.classes.order_by("position"))
    form = LimitForm(request.POST or None, limit_set=limit_set, classes=classes, limit=limit)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved, error = attempt(
            form,
            services.limit_update,
            actor=request.user,
            limit=Limit.objects.select_related("limit_set", "parameter").get(pk=pk),
            version=_version(form),
            intervals=form.service_intervals(),
            **form.service_fields(),
        )
        if saved is not None:
            messages.success(
                request, _("Đã lưu giới hạn của %(parameter)s.") % {"parameter": limit.parameter.code}
            )
            return redirect("lab:regulation_detail", pk=limit_set.regulation_id)
        status = _status(error)
    context = {"form": form, "regulation": limit_set.regulation, "limit_set": limit_set, "limit": limit}
    return render(request, "lab/catalogue/limit_form.html", context, status=status)


@login_required
@require_POST
def limit_delete(request, pk: int):
    limit = get_visible_or_404(
        Limit.objects.select_related("limit_set", "parameter"), request.user, CHANGE, pk=pk
    )
    version = request.POST.get("version", "")
    try:
        services.limit_delete(
            actor=request.user, limit=limit, version=int(version) if version.isdigit() else 0
        )
    except services.DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã bỏ chỉ tiêu %(parameter)s khỏi bộ giới hạn.") % {"parameter": limit.parameter.code}
        )
    return redirect("lab:regulation_detail", pk=limit.limit_set.regulation_id)
