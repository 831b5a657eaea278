"""Test helpers for other apps: log a test client in as someone who passed the second factor.

``Client.force_login`` skips the log-in screens, so a session made by it has not passed the second step: for a
person with a party role (who must enrol) every page would send it to enrolment. Tests that act *as* such a
person call :func:`log_in_with_second_factor` instead — it enrols the person if needed and marks the session as
the second step does.
"""

from __future__ import annotations

from django.utils import timezone

from . import second_factor, totp
from .models import TwoFactorDevice


def enrol(user) -> TwoFactorDevice:
    """A confirmed authenticator for ``user`` (the existing one if enrolled); ``totp.totp(device.secret)``
    gives a current code."""
    device, _created = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret": totp.new_secret()}
    )
    if device.confirmed_at is None:
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
    return device


def log_in_with_second_factor(client, user) -> None:
    """``client.force_login(user)`` plus what the code step records in the session. A person with a party role
    is enrolled first; a person without one and without an authenticator logs in as with the password alone."""
    if second_factor.requires_two_factor(user):
        enrol(user)
    client.force_login(user)
    if second_factor.has_confirmed_device(user):
        session = client.session
        second_factor.mark_verified(session)
        session.save()
