"""E-mail leaves the request: it is handed to a background job after the transaction commits.

A rolled-back transaction therefore sends nothing, and a slow mail server never slows a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction


def send_mail_on_commit(subject: str, body: str, to: Sequence[str], html_body: str | None = None) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    from .tasks import send_email

    transaction.on_commit(
        lambda: send_email.defer(subject=subject, body=body, to=recipients, html_body=html_body)
    )
