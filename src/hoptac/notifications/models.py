"""A notification: one person told that something happened, with where to look."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .kinds import get_kind, render_notification


class Notification(models.Model):
    """Written by :func:`hoptac.notifications.services.notify`; words come from the kind at display time."""

    audit_exempt = (
        "derived, high-volume record: the change it reports is audited on its own model by the service that "
        "calls notify(); reading it is the person's own state, not a change of the institute's data"
    )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # led by the (recipient, -id) index below
    )
    kind = models.CharField(_("loại thông báo"), max_length=60)
    payload = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # No index: people are deactivated, not deleted; an index here would be paid on every insert.
        db_index=False,
    )
    created_at = models.DateTimeField(_("lúc tạo"), default=timezone.now)
    read_at = models.DateTimeField(_("lúc đọc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("lúc gửi thư"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        ordering = ["-id"]
        indexes = [
            # The list, newest first (keyset pages on id, which grows with created_at).
            models.Index(fields=["recipient", "-id"], name="notification_recipient_recent"),
            # The bell's unread count on every page, and "mark all read": only unread rows are indexed.
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"
            ),
            # The hourly purge of notifications read long ago.
            models.Index(
                fields=["read_at"], condition=models.Q(read_at__isnull=False), name="notification_read_at"
            ),
        ]
        constraints = [
            # A path on this site only ("/yeu-cau/1/"): never "//other.host" or "https://…" (no open redirect).
            models.CheckConstraint(
                condition=models.Q(url__regex=r"^/([^/\\]|$)"), name="notification_url_local"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self):
        kind = get_kind(self.kind)
        return kind.label if kind is not None else ""

    def rendered(self) -> tuple[str, str]:
        """(title, body) in the active language (cached on the instance for one rendering)."""
        key = f"_rendered_{translation.get_language()}"
        if key not in self.__dict__:
            self.__dict__[key] = render_notification(self.kind, self.payload)
        return self.__dict__[key]

    @property
    def title(self) -> str:
        return self.rendered()[0]

    @property
    def body(self) -> str:
        return self.rendered()[1]
