"""Reads of notifications; every one starts from ``restrict`` (a person sees their own only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict

from .models import Notification

# The bell shows "99+" beyond this: counting stops there, so a forgotten inbox costs no more than a busy one.
UNREAD_CAP = 99


@dataclass
class NotificationPage:
    items: list[Notification]
    older: int | None  # the "before" cursor of the next (older) page, None on the last page
    is_first: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def newest_id(self) -> int | None:
        return self.items[0].pk if self.items else None


def parse_id(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def notification_page(*, user, before=None, per_page: int | None = None) -> NotificationPage:
    """The person's notifications, newest first, a keyset page older than ``before`` (an id; a malformed
    cursor gives the first page). One query, on the (recipient, -id) index."""
    per_page = per_page or settings.HOPTAC_PAGE_SIZE
    cursor = parse_id(before)
    rows = restrict(Notification.objects.all(), user, VIEW).select_related("actor").order_by("-id")
    if cursor is not None:
        rows = rows.filter(pk__lt=cursor)
    items = list(rows[: per_page + 1])
    more = len(items) > per_page
    items = items[:per_page]
    return NotificationPage(items=items, older=items[-1].pk if more else None, is_first=cursor is None)


def notification_get(*, user, pk: int) -> Notification:
    """One of the person's own notifications; anybody else's answers 404."""
    return get_visible_or_404(Notification.objects.all(), user, VIEW, pk=pk)


def unread_count(*, user) -> int:
    """How many unread notifications, counted up to UNREAD_CAP + 1: one query on the partial index."""
    if user is None or not user.is_authenticated:
        return 0
    unread = restrict(Notification.objects.all(), user, VIEW).filter(read_at__isnull=True).order_by()
    return unread[: UNREAD_CAP + 1].count()
