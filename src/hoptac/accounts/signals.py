"""The log-in journal is written from Django's authentication signals: they are the only place every log-in,
log-out and failure passes through (including the password-reset confirm view that logs a user in)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import second_factor
from .models import LoginEventKind
from .services import record_login_event


@receiver(user_logged_in, dispatch_uid="hoptac_login")
def _logged_in(sender, request, user, **kwargs):
    record_login_event(request, LoginEventKind.LOGIN, user=user, identifier=user.get_username())
    if request is not None and hasattr(request, "session"):
        # Every log-in, whatever the path, says whether the second factor was passed (second_factor.py).
        request.session[second_factor.STATE_KEY] = second_factor.state_at_login(request, user)


@receiver(user_logged_out, dispatch_uid="hoptac_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_login_event(request, LoginEventKind.LOGOUT, user=user, identifier=user.get_username())


@receiver(user_login_failed, dispatch_uid="hoptac_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    from .backends import find_user_by_identifier

    typed = credentials.get("username", "") if credentials else ""
    record_login_event(request, LoginEventKind.FAILURE, user=find_user_by_identifier(typed), identifier=typed)
