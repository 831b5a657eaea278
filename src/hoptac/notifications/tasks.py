"""Background job of notifications: the e-mails, after the change that caused them is committed."""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app


@app.task(
    name="notifications.send_emails",
    queue="email",
    retry=RetryStrategy(max_attempts=6, exponential_wait=10),
)
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """Only ids travel through the queue: the words are produced here, in each recipient's language, from the
    rows as they are now (a person who turned e-mail off or read the notification meanwhile gets no mail)."""
    from .services import notification_emails_send

    return notification_emails_send(notification_ids)
