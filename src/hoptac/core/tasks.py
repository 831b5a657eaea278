"""Background jobs of the core: sending e-mail, and periodic housekeeping."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)
JOB_RETENTION = timedelta(days=7)

# Clean-up steps other apps add to the hourly housekeeping (from their AppConfig.ready(), so core imports no
# app): each takes the current time and returns how many rows it removed.
_housekeeping_steps: dict[str, Callable[[datetime], int]] = {}


def register_housekeeping(name: str, step: Callable[[datetime], int]) -> None:
    _housekeeping_steps[name] = step


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
    """Hourly: drop expired sessions, lock-out records whose cool-off has passed, and finished jobs older than a
    week (their arguments may hold personal data; a week is enough to investigate a failure); then the steps
    other apps registered (logged, not returned)."""
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DELETE FROM procrastinate_jobs j
            WHERE j.status = 'succeeded'
              AND (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) < %s
            """,
            [now - JOB_RETENTION],
        )
        jobs = cursor.rowcount
    for name, step in _housekeeping_steps.items():
        logger.info("housekeeping: %s %s removed", step(now), name)
    logger.info(
        "housekeeping: %s sessions, %s lock-out records, %s old jobs removed", sessions, attempts, jobs
    )
    return {"sessions": sessions, "attempts": attempts, "jobs": jobs}
