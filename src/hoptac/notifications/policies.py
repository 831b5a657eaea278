"""Who sees a notification: its recipient, and nobody else (others get 404, as for anything they may not see)."""

from __future__ import annotations

from django.db.models import Q

from hoptac.core.permissions import CHANGE, VIEW, policy

from .models import Notification


@policy(Notification)
def _notifications(user, action):
    if action in (VIEW, CHANGE):
        return Q(recipient_id=user.pk)
    return False
