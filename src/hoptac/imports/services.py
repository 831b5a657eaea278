"""Creating and running import runs. A run's file is kept under MEDIA_ROOT/imports (never served directly)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.errors import DomainError

from . import kinds
from .errorfile import rejected_rows_xlsx
from .errors import FileError
from .models import ImportRun, RunStatus

MAX_BYTES = 40 * 1024 * 1024
# What a file must start with, by extension: the name alone proves nothing.
SIGNATURES = {
    ".xlsx": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".csv": None,
}


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_upload(name: str, head: bytes, size: int) -> str:
    """The file's extension if its size and content fit; DomainError (Vietnamese) otherwise."""
    extension = Path(name).suffix.lower()
    if extension not in SIGNATURES:
        raise DomainError(_("Chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv."), code="extension")
    if size == 0:
        raise DomainError(_("Tệp rỗng."), code="empty")
    if size > MAX_BYTES:
        raise DomainError(_("Tệp lớn hơn 40 MB; hãy chia nhỏ tệp."), code="too_large")
    signatures = SIGNATURES[extension]
    if signatures is None:
        if b"\x00" in head:
            raise DomainError(
                _("Tệp .csv này không phải là văn bản; hãy lưu lại dưới dạng CSV."), code="content"
            )
    elif not head.startswith(signatures):
        raise DomainError(
            _("Nội dung tệp không đúng định dạng %(ext)s.") % {"ext": extension}, code="content"
        )
    return extension


def create_run(*, actor, kind_code: str, uploaded, sheet: str = "") -> ImportRun:
    kind = kinds.get(kind_code)
    if kind is None or not kinds.may_import(actor, kind):
        raise DomainError(_("Bạn không có quyền nhập loại dữ liệu này."), code="forbidden")
    head = uploaded.read(8)
    uploaded.seek(0)
    extension = check_upload(uploaded.name, head, uploaded.size)
    run_id = uuid.uuid4()
    stored = f"imports/{run_id}{extension}"
    _folder()
    with open(Path(settings.MEDIA_ROOT) / stored, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    scope = kind.scope_for(actor)
    return _queue(
        ImportRun(
            id=run_id, kind=kind_code, actor=actor, filename=Path(uploaded.name).name[:255], stored_file=stored,
            sheet=(sheet or "")[:100], scope=sorted(scope) if scope is not None else None, dry_run=True,
        )
    )  # fmt: skip


def commit_run(*, actor, preview: ImportRun) -> ImportRun:
    """Import for real the file a finished preview checked (its valid rows; the rejected ones stay out).

    The preview row is locked, so two clicks (or two tabs) queue one commit; the database refuses a second one
    as well.
    """
    if preview.actor_id != actor.pk:
        raise DomainError(_("Chỉ người đã tải tệp lên mới được nhập chính thức."), code="forbidden")
    with transaction.atomic():
        preview = ImportRun.objects.select_for_update().get(pk=preview.pk)
        if not preview.dry_run or preview.status != RunStatus.DONE:
            raise DomainError(_("Chỉ nhập chính thức sau khi bản kiểm tra đã xong."), code="state")
        if preview.commits.exclude(status=RunStatus.FAILED).exists():
            raise DomainError(_("Tệp này đã được nhập chính thức."), code="state")
        kind = kinds.get(preview.kind)
        scope = kind.scope_for(actor)
        return _queue(
            ImportRun(
                kind=preview.kind, actor=actor, filename=preview.filename, stored_file=preview.stored_file,
                sheet=preview.sheet, scope=sorted(scope) if scope is not None else None, dry_run=False,
                preview=preview,
            )
        )  # fmt: skip


def _queue(run: ImportRun) -> ImportRun:
    from .tasks import run_import_job

    with transaction.atomic():
        run.save()
        transaction.on_commit(lambda: run_import_job.defer(run_id=str(run.pk)))
    return run


def execute_run(run_id: str) -> str:
    """Run it (in the worker). Progress goes through a second connection so the page sees it mid-transaction."""
    run = ImportRun.objects.select_related("actor").get(pk=run_id)
    if run.finished:
        return run.status
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    kind = kinds.get(run.kind)
    data = (Path(settings.MEDIA_ROOT) / run.stored_file).read_bytes()

    def progress(done: int, total: int | None) -> None:
        ImportRun.objects.using("progress").filter(pk=run.pk).update(done=done, total=total)

    try:
        result = kind.run(
            data, run.filename, actor=run.actor, allowed_provinces=set(run.scope) if run.scope is not None else None,
            sheet=run.sheet or None, dry_run=run.dry_run, progress=progress,
        )  # fmt: skip
    except FileError as exc:
        run.status, run.message, run.finished_at = RunStatus.FAILED, str(exc.message), timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        return run.status
    except Exception:
        # Nothing was written (the import's transaction rolled back); the page must stop waiting.
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.message = str(
            _(
                "Lỗi hệ thống khi nhập; chưa có dòng nào được ghi. Lỗi đã được ghi lại để bộ phận kỹ thuật xử lý."
            )
        )
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    if result.rejected:
        run.error_file = f"imports/{run.pk}-loi.xlsx"
        (Path(settings.MEDIA_ROOT) / run.error_file).write_bytes(
            rejected_rows_xlsx(result.rejected, result.headers)
        )
    run.new, run.updated, run.unchanged, run.invalid = (
        result.new,
        result.updated,
        result.unchanged,
        result.invalid,
    )
    run.problems = [p.as_dict() for p in result.problems[: ImportRun.PROBLEMS_KEPT]]
    run.problem_count = len(result.problems)
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.done = run.new + run.updated + run.unchanged + run.invalid
    run.total = run.done
    run.save()
    return run.status
