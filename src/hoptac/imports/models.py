"""One run of an import (a dry-run preview or the commit that follows it), tracked for its progress bar."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Không đọc được tệp")


class ImportRun(models.Model):
    """Not tracked by pghistory: a job record; every cooperative it writes is tracked with the acting user."""

    audit_exempt = "job record; the rows an import writes are audited with its actor"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại dữ liệu"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    stored_file = models.CharField(
        max_length=255, editable=False
    )  # relative to MEDIA_ROOT, outside the web root
    sheet = models.CharField(_("trang tính"), max_length=100, blank=True)
    scope = ArrayField(
        models.BigIntegerField(), null=True, blank=True
    )  # allowed province ids; NULL = anywhere
    dry_run = models.BooleanField(_("chỉ kiểm tra"), default=True)
    preview = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="commits"
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # the first PROBLEMS_KEPT problems, as dicts
    problem_count = models.PositiveIntegerField(default=0)
    error_file = models.CharField(max_length=255, blank=True)
    message = models.TextField(blank=True)  # the file-level failure, in Vietnamese
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    PROBLEMS_KEPT = 2000

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["actor", "-created_at"], name="importrun_actor_recent")]
        constraints = [
            # A preview is committed once (a failed commit may be tried again).
            models.UniqueConstraint(
                fields=["preview"],
                condition=models.Q(dry_run=False) & ~models.Q(status="failed"),
                name="importrun_one_commit_per_preview",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(self.done * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
