"""The e-mail job: after commit only, one job for all recipients, each mail in its recipient's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from hoptac.core.testing.jobs import pending_job_count
from hoptac.notifications.models import Notification
from hoptac.notifications.services import notification_emails_send, notify

from .kinds_for_tests import PAYLOAD, RENDER_CALLS, TEST_KIND

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/yeu-cau/123/"


def _notify(recipients, **kwargs):
    return notify(recipients=recipients, kind=TEST_KIND.code, payload=PAYLOAD, url=URL, **kwargs)


def _set(user, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user


@override_settings(HOPTAC_BASE_URL="https://hoptac.example.vn/")
def test_mail_goes_out_after_commit_in_each_recipients_language(make_persona, run_jobs):
    actor = make_persona("coordinator_daklak")
    vietnamese = make_persona("institute_expert")
    english = _set(make_persona("institute_leader"), language="en")
    RENDER_CALLS.clear()
    with transaction.atomic():
        rows = _notify([vietnamese, english, actor], actor=actor)
        assert pending_job_count() == 0  # nothing before the commit
    assert pending_job_count("email") == 1  # one job for both recipients
    assert run_jobs() == 1
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {vietnamese.email, english.email}

    en = by_address[english.email]
    assert en.subject == "[hoptac] Yêu cầu 123 · January"
    assert "January" in en.body and "Tháng" not in en.body
    assert "Người xử lý: Lan" in en.body
    assert ("en", PAYLOAD) in RENDER_CALLS  # render() ran with English active for the English reader

    vi = by_address[vietnamese.email]
    assert vi.subject == "[hoptac] Yêu cầu 123 · Tháng 1"
    assert "Kính gửi Phạm Thu Chuyên" in vi.body
    opened = next(n for n in rows if n.recipient_id == vietnamese.pk)
    link = f"https://hoptac.example.vn/thong-bao/{opened.pk}/"  # absolute; opening it marks it read
    assert link in vi.body
    html, mimetype = vi.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html and "Tháng 1" in html
    assert "https://hoptac.example.vn/tai-khoan/" in vi.body  # where to turn e-mail off
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(make_persona, run_jobs):
    expert = make_persona("institute_expert")
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([expert])
        raise RuntimeError("huỷ")
    assert not Notification.objects.exists()
    assert pending_job_count() == 0
    assert run_jobs() == 0
    assert mail.outbox == []


def test_email_off_gets_the_in_app_notification_only(make_persona, run_jobs):
    quiet = _set(make_persona("institute_expert"), email_notifications=False)
    loud = make_persona("institute_leader")
    _notify([quiet, loud])
    assert Notification.objects.filter(recipient=quiet).count() == 1
    assert run_jobs() == 1
    assert [m.to for m in mail.outbox] == [[loud.email]]


def test_the_job_rechecks_the_recipient_when_it_runs(make_persona, run_jobs):
    """Turned e-mail off, was deactivated, or already read it in the app before the job ran: no mail."""
    turned_off = make_persona("institute_expert")
    deactivated = make_persona("institute_leader")
    reader = make_persona("lab_manager")
    still = make_persona("lab_analyst")
    _notify([turned_off, deactivated, reader, still])
    _set(turned_off, email_notifications=False)
    _set(deactivated, is_active=False)
    Notification.objects.filter(recipient=reader).update(read_at="2026-01-01T00:00:00Z")
    assert run_jobs() == 1
    assert [m.to for m in mail.outbox] == [[still.email]]


def test_a_retry_does_not_mail_twice(make_persona):
    expert = make_persona("institute_expert")
    ids = [n.pk for n in _notify([expert], email=False)]
    assert notification_emails_send(ids) == 1
    assert notification_emails_send(ids) == 0
    assert len(mail.outbox) == 1
