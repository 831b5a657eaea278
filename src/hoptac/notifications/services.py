"""Every write of notifications: ``notify`` (called by other modules' services), reading, and the purge.

Other modules call :func:`notify` from inside their own transaction, after the change it reports:

    notify(recipients=[...], kind="support.transition", payload={"number": 123, "state": "endorsed"},
           url="/yeu-cau/123/", actor=request.user, email=True)

The rows are one INSERT in the caller's transaction (a rollback takes them back); the e-mails are one background
job deferred after the commit, which words each message in its recipient's language.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from .kinds import get_kind, render_notification
from .models import Notification

logger = logging.getLogger(__name__)

# Read notifications are kept this long, then removed by the hourly housekeeping; unread ones are kept.
READ_RETENTION = timedelta(days=180)
URL_MAX_LENGTH = 500


def is_local_url(url: Any) -> bool:
    """A path on this site ("/yeu-cau/123/"): the list redirects there, so anything else would be an open
    redirect. Refused: other hosts ("//x", "https://x"), backslashes (browsers read them as "/"), spaces and
    control characters (browsers drop some of them, turning "/\\t/x" into "//x")."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and len(url) <= URL_MAX_LENGTH
        and not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url)
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def _user_ids(people: Iterable[Any]) -> set[int]:
    ids = set()
    for person in people:
        if person is None:
            continue
        ids.add(int(getattr(person, "pk", person)))
    return ids


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    payload: dict | None = None,
    url: str,
    actor: Any = None,
    email: bool = True,
) -> list[Notification]:
    """Tell ``recipients`` (users or user ids) that something of ``kind`` happened; returns the rows written.

    Duplicates are collapsed, the acting user is never told of their own action, inactive users are skipped.
    ``payload`` holds only what the kind's ``render`` needs, as plain JSON (ids, numbers, short texts — no
    model instances). With ``email``, recipients who keep e-mail notifications on are also mailed, by one job
    deferred after the caller's transaction commits (only the notification ids travel through the queue).
    """
    if get_kind(kind) is None:
        raise LookupError(f"Unknown notification kind {kind!r}: register it with register_kind() first")
    payload = {} if payload is None else payload
    if not isinstance(payload, dict):
        raise TypeError("notify(payload=…) must be a dict")
    json.dumps(payload)  # TypeError now, in the caller, rather than a failed INSERT later
    if not is_local_url(url):
        raise ValueError(f"notify(url=…) must be a path on this site such as '/yeu-cau/1/', not {url!r}")
    actor_id = getattr(actor, "pk", actor)
    wanted = _user_ids(recipients) - {actor_id}
    if not wanted:
        return []
    people = (
        get_user_model()
        .objects.filter(pk__in=wanted, is_active=True)
        .order_by("pk")
        .values_list("pk", "email_notifications", "email")
    )
    now = timezone.now()
    mailed: set[int] = set()
    rows = []
    for user_id, wants_email, address in people:
        rows.append(
            Notification(
                recipient_id=user_id, kind=kind, payload=payload, url=url, actor_id=actor_id, created_at=now
            )
        )
        if email and wants_email and address:
            mailed.add(user_id)
    if not rows:
        return []
    rows = Notification.objects.bulk_create(rows)
    to_mail = [n.pk for n in rows if n.recipient_id in mailed]
    if to_mail:
        from .tasks import send_notification_emails

        # robust: the change and its in-app notifications are committed by now; a queue failure is logged
        # rather than turned into an error page for a change that did happen.
        transaction.on_commit(lambda: send_notification_emails.defer(notification_ids=to_mail), robust=True)
    return rows


def notification_mark_read(*, actor, notification: Notification) -> bool:
    """Mark one of the actor's own notifications read (once: a second call changes nothing)."""
    updated = Notification.objects.filter(
        pk=notification.pk, recipient_id=actor.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
    return updated == 1


def notification_mark_all_read(*, actor, up_to: int | None = None) -> int:
    """Mark the actor's unread notifications read — with ``up_to``, only those up to that id (the ones the
    person had on screen; one that arrived meanwhile stays unread)."""
    rows = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if up_to is not None:
        rows = rows.filter(pk__lte=up_to)
    return rows.update(read_at=timezone.now())


def purge_read_notifications(now: datetime | None = None) -> int:
    """Remove notifications read more than READ_RETENTION ago (called by core's hourly housekeeping)."""
    now = now or timezone.now()
    deleted, _ = Notification.objects.filter(read_at__lt=now - READ_RETENTION).delete()
    return deleted


# --- e-mail (run by the job in notifications/tasks.py) ------------------------------------------------------


def absolute_url(path: str) -> str:
    return f"{settings.HOPTAC_BASE_URL.rstrip('/')}{path}"


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one notification, worded in its recipient's language: plain text and simple HTML."""
    recipient = notification.recipient
    with translation.override(recipient.language):
        title, body = render_notification(notification.kind, notification.payload)
        context = {
            "recipient": recipient,
            "title": title,
            "body": body,
            "link": absolute_url(reverse("notifications:open", kwargs={"pk": notification.pk})),
            "settings_link": absolute_url(reverse("accounts:profile")),
            "site_name": settings.HOPTAC_SITE_NAME,
        }
        subject = " ".join(f"[{settings.HOPTAC_SITE_NAME}] {title}".split())  # one line, whatever the title
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_emails_send(notification_ids: list[int]) -> int:
    """Mail the notifications still due: recipient active, e-mail on, not yet mailed, not yet read in the app.

    Each one sent is stamped ``emailed_at``, so a retry after a failure part-way mails only the rest.
    """
    due = (
        Notification.objects.filter(
            pk__in=notification_ids,
            emailed_at__isnull=True,
            read_at__isnull=True,
            recipient__is_active=True,
            recipient__email_notifications=True,
        )
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    sent: list[int] = []
    try:
        with get_connection() as connection:
            for notification in due:
                connection.send_messages([notification_email(notification)])
                sent.append(notification.pk)
    finally:
        if sent:
            Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)
