"""The bell in the top bar: ``{% unread_notification_count user as unread %}`` — one query per page."""

from __future__ import annotations

from django import template

from ..selectors import UNREAD_CAP, unread_count

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    return unread_count(user=user)


@register.filter
def bell_number(count: int) -> str:
    return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)
