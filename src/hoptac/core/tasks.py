"""Background jobs of the core: sending e-mail, and periodic housekeeping."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


@app.task(name="core.send_email", queue="email", retry=RetryStrategy(max_attempts=6, exponential_wait=10))
def send_email(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send(fail_silently=False)


@app.periodic(cron="17 * * * *", periodic_id="core.housekeeping")
@app.task(name="core.housekeeping", queue="maintenance", queueing_lock="core.housekeeping")
def housekeeping(timestamp: int) -> dict[str, int]:
    """Hourly: drop expired sessions and lock-out records whose cool-off has passed."""
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME).delete()
    logger.info("housekeeping: %s sessions, %s lock-out records removed", sessions, attempts)
    return {"sessions": sessions, "attempts": attempts}
