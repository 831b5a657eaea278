"""The engine's screens, shared by every import kind: upload → preview (background job, progress bar) →
problems and error file → commit (background job) → result."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hoptac.core.errors import DomainError

from . import kinds, selectors, services
from .forms import UploadForm
from .models import ImportRun
from .template import blank_template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_for(request, code: str) -> kinds.ImportKind:
    kind = kinds.get(code)
    if kind is None or not kinds.may_import(request.user, kind):
        raise Http404
    return kind


@login_required
def upload(request, kind: str):
    import_kind = _kind_for(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.create_run(
                actor=request.user,
                kind_code=kind,
                uploaded=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:run", pk=run.pk)
    recent = selectors.recent_runs(user=request.user, kind=kind)
    return render(request, "imports/upload.html", {"form": form, "kind": import_kind, "recent": recent})


@login_required
def template(request, kind: str):
    import_kind = _kind_for(request, kind)
    response = HttpResponse(blank_template_xlsx(import_kind.spec()), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response


def _run(request, pk) -> ImportRun:
    return selectors.run_get(user=request.user, pk=pk)


@login_required
def run(request, pk):
    import_run = _run(request, pk)
    context = {
        "run": import_run,
        "kind": kinds.get(import_run.kind),
        "committed": import_run.commits.first() if import_run.dry_run else None,
    }
    partial = request.headers.get("HX-Request") == "true"
    return render(request, "imports/_run_status.html" if partial else "imports/run.html", context)


@login_required
@require_POST
def commit(request, pk):
    preview = _run(request, pk)
    try:
        run_ = services.commit_run(actor=request.user, preview=preview)
    except DomainError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
        return redirect("imports:run", pk=preview.pk)
    return redirect("imports:run", pk=run_.pk)


@login_required
def errors(request, pk):
    import_run = _run(request, pk)
    if not import_run.error_file:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / import_run.error_file
    stem = Path(import_run.filename).stem
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{stem}-dong-loi.xlsx", content_type=XLSX
    )
