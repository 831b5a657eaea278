"""Shared model mechanisms (no concrete models live in core)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .errors import StaleObjectError

STALE_MESSAGE = _(
    "Bản ghi này vừa được người khác sửa sau khi bạn mở nó. Thay đổi của bạn chưa được lưu: "
    "hãy tải lại trang để xem bản mới nhất rồi sửa lại."
)


class Versioned(models.Model):
    """Optimistic concurrency: a form carries the version it was opened at; a stale save is refused."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True


def save_if_current(instance: Versioned, expected_version: int, update_fields: Iterable[str]) -> None:
    """Save ``update_fields`` only if nobody saved the row since ``expected_version``; raise otherwise.

    The row is locked for the comparison, so of two concurrent edits opened at the same version exactly one
    succeeds and the other gets :data:`STALE_MESSAGE` — nothing is overwritten.
    """
    model = type(instance)
    with transaction.atomic():
        current = (
            model._default_manager.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
        )
        if current != expected_version:
            raise StaleObjectError(STALE_MESSAGE)
        instance.version = expected_version + 1
        instance.save(update_fields=[*update_fields, "version"])


class DerivedColumns(models.Model):
    """Columns computed from other fields (folded text for search, Vietnamese sort keys).

    ``refresh_derived()`` recomputes them; ``save()`` calls it and, for a partial save of a source field, adds
    the derived columns to ``update_fields``. Bulk writers (imports, data migrations) call ``refresh_derived()``
    themselves — it is a pure function of the row, not a business rule a bulk write could skip.
    """

    derived_from: tuple[str, ...] = ()
    derived_columns: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.derived_from) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *self.derived_columns}
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        raise NotImplementedError
