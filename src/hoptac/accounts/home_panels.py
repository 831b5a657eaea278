"""The system administrator's home panel: accounts at a glance and recent failed log-ins."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from hoptac.core import home
from hoptac.core.permissions import VIEW, restrict

from . import roles
from .models import LoginEvent, LoginEventKind, User


def _admin_context(user) -> dict:
    since = timezone.now() - timedelta(hours=24)
    counts = restrict(User.objects.all(), user, VIEW).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        locked=Count("pk", filter=Q(is_active=False)),
        without_role=Count("pk", filter=Q(is_active=True, role_assignments__isnull=True)),
    )
    events = restrict(LoginEvent.objects.filter(created_at__gte=since), user, VIEW).aggregate(
        failures=Count("pk", filter=Q(kind=LoginEventKind.FAILURE)),
        lockouts=Count("pk", filter=Q(kind=LoginEventKind.LOCKED)),
        logins=Count("pk", filter=Q(kind=LoginEventKind.LOGIN)),
    )
    return {**counts, **events}


home.register(
    home.HomePanel(
        "accounts.admin",
        "accounts/_home_admin.html",
        _admin_context,
        frozenset({roles.SYSTEM_ADMIN}),
        order=90,
    )
)
