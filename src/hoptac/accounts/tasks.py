"""Background jobs of accounts."""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app


@app.task(
    name="accounts.send_password_link",
    queue="email",
    retry=RetryStrategy(max_attempts=6, exponential_wait=10),
)
def send_password_link(*, user_id: int, invitation: bool = False) -> bool:
    """Build the one-time link in the worker and mail it.

    Only the user's id travels through the job queue: a link stored in ``procrastinate_jobs`` would stay
    usable for a day to anyone who reads the table or a backup.
    """
    from .services import password_link_message

    message = password_link_message(user_id=user_id, invitation=invitation)
    if message is None:  # the account was deactivated (or deleted) meanwhile
        return False
    message.send(fail_silently=False)
    return True


@app.task(
    name="accounts.send_two_factor_notice",
    queue="email",
    retry=RetryStrategy(max_attempts=6, exponential_wait=10),
)
def send_two_factor_notice(*, user_id: int, event: str) -> bool:
    """Tell the person their second factor was turned on, off, reset or its recovery codes renewed."""
    from .services import two_factor_notice_message

    message = two_factor_notice_message(user_id=user_id, event=event)
    if message is None:
        return False
    message.send(fail_silently=False)
    return True
