"""django-axes hooks: lock-out per person (not per typed string) and a Vietnamese lock-out page."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from hoptac.core.text import fold


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our one TLS proxy (HOPTAC_BEHIND_PROXY) the address that
    proxy appended last to X-Forwarded-For — entries further left come from the client and can be forged."""
    if settings.BEHIND_PROXY:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def canonical_identifier(request, credentials) -> str:
    """The same key whether the person typed their e-mail or their user name.

    Five failures split between "lan.nguyen" and "lan.nguyen@vienkhcnmt.vn" lock the one account. Text that
    names no account is keyed by itself (folded), so guessing unknown names is throttled too.
    """
    from .backends import find_user_by_identifier

    typed = ""
    if credentials:
        typed = credentials.get("username") or ""
    elif request is not None:
        typed = request.POST.get("username", "")
    user = find_user_by_identifier(typed)
    if user is not None:
        return person_key(user)
    return f"typed:{fold(typed)}"


def person_key(user) -> str:
    """The key django-axes counts a person's failures under."""
    return f"user:{user.pk}"


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    from .models import LoginEventKind
    from .services import record_login_event

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    typed = (credentials or {}).get("username") or (request.POST.get("username", "") if request else "")
    record_login_event(request, LoginEventKind.LOCKED, identifier=typed)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
