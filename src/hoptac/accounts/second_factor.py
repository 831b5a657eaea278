"""The second log-in step: who must have a second factor, the pending step in the session, the session's state.

After the right password, a person with an authenticator app is *not* logged in: their id waits in the session
(``PENDING_KEY``) for at most five minutes until a code is typed; only then is ``login()`` called. Every
logged-in session carries ``STATE_KEY``, written when ``login()`` runs (signals.py):

- ``VERIFIED``: the session passed the second factor, or enrolled in it;
- ``NONE``: the person had no second factor when logging in (allowed unless a party role requires one);
- ``UNVERIFIED``: logged in by some path that skipped the second step although the person has one — the
  middleware logs such a session out.

Wrong codes are failed log-ins for django-axes (the same ``user_login_failed`` signal as a wrong password), so
five wrong passwords or codes lock the person out for the cool-off, from that address. They also count against
the person from any address (``services.code_limit_reached``), and three wrong codes end the waiting step: the
password must be typed again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed

from . import roles
from .models import TwoFactorDevice, User

PENDING_KEY = "hoptac_2fa_pending"
STATE_KEY = "hoptac_2fa"
VERIFIED = "verified"
NONE = "none"
UNVERIFIED = "unverified"
PENDING_SECONDS = 5 * 60
PENDING_WRONG_CODES = 3  # wrong codes that end the waiting step
_PASSED = "_hoptac_second_factor_passed"  # set on the request just before login() by the second step


def requires_two_factor(user) -> bool:
    """Party roles require a second factor (issue 6, item 1); everyone else may choose one."""
    return user.has_role(*roles.PARTY_ROLES)


def has_confirmed_device(user) -> bool:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def state_at_login(request, user) -> str:
    if getattr(request, _PASSED, False):
        return VERIFIED
    return UNVERIFIED if has_confirmed_device(user) else NONE


def mark_verified(session) -> None:
    """The session proved the second factor (the log-in step, or enrolling in this session)."""
    session[STATE_KEY] = VERIFIED


def mark_none(session) -> None:
    session[STATE_KEY] = NONE


# --- the pending step -------------------------------------------------------------------------------------


@dataclass
class Pending:
    user: User | None
    backend: str
    next_url: str
    expired: bool


def start_pending(request, user, *, next_url: str) -> None:
    """Remember who typed the right password; a new session key, so a planted one learns nothing."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "at": time.time(),
        "hash": user.get_session_auth_hash(),
        "backend": user.backend,
        "next": next_url,
    }


def pending(request) -> Pending | None:
    """The waiting log-in of this session (None if there is none). ``expired`` after five minutes, or when the
    password changed meanwhile, or the account was deactivated."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or "user" not in data:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    expired = (
        user is None
        or time.time() - float(data.get("at", 0)) > PENDING_SECONDS
        or user.get_session_auth_hash() != data.get("hash")
    )
    return Pending(user=user, backend=data.get("backend", ""), next_url=data.get("next", ""), expired=expired)


def pending_wrong_code(request) -> bool:
    """Count a wrong code against the waiting step; True (and the step is ended) at the third."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return True
    data["wrong"] = int(data.get("wrong", 0)) + 1
    if data["wrong"] >= PENDING_WRONG_CODES:
        clear_pending(request)
        return True
    request.session[PENDING_KEY] = data
    return False


def clear_pending(request) -> None:
    request.session.pop(PENDING_KEY, None)


def complete_login(request, user, *, backend: str) -> None:
    """The second step succeeded: log the session in, marked as verified (see signals.py)."""
    clear_pending(request)
    setattr(request, _PASSED, True)
    login(request, user, backend=backend)


# --- throttling through django-axes -----------------------------------------------------------------------


def credentials_of(user) -> dict:
    return {"username": user.get_username()}


def allowed(request, user) -> bool:
    """False while the person is locked out from this address (wrong passwords and codes together)."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_allowed(request, credentials_of(user))


def count_failure(request, user) -> bool:
    """Count a wrong code like a wrong password (axes and the log-in journal); True if this locked them out."""
    user_login_failed.send(sender=__name__, credentials=credentials_of(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))
