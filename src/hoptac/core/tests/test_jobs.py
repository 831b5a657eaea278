"""Procrastinate: e-mail is queued after commit and sent by a real worker; nothing is queued on rollback."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from hoptac.core.mail import send_mail_on_commit
from hoptac.core.testing.jobs import pending_job_count

pytestmark = pytest.mark.django_db(transaction=True)


def test_mail_is_queued_after_commit_and_sent_by_the_worker(run_jobs):
    with transaction.atomic():
        send_mail_on_commit("Thông báo thử", "Nội dung có dấu: Đắk Lắk", ["lan@vienkhcnmt.vn"])
        assert pending_job_count() == 0  # not before the commit
    assert pending_job_count("email") == 1
    assert run_jobs() == 1
    assert pending_job_count() == 0
    (message,) = mail.outbox
    assert message.subject == "Thông báo thử"
    assert message.to == ["lan@vienkhcnmt.vn"]
    assert "Đắk Lắk" in message.body


def test_nothing_is_sent_when_the_transaction_rolls_back(run_jobs):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail_on_commit("Không gửi", "x", ["lan@vienkhcnmt.vn"])
        raise RuntimeError("huỷ")
    assert pending_job_count() == 0
    assert run_jobs() == 0
    assert mail.outbox == []


def test_no_recipient_queues_nothing():
    send_mail_on_commit("Trống", "x", ["", None])
    assert pending_job_count() == 0


def test_housekeeping_periodic_task_is_registered_and_removes_only_what_expired(run_jobs):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone
    from procrastinate.contrib.django import app

    from hoptac.core.tasks import housekeeping

    periodic_ids = {task.periodic_id for task in app.periodic_registry.periodic_tasks.values()}
    assert "core.housekeeping" in periodic_ids

    now = timezone.now()
    Session.objects.create(session_key="cu", session_data="", expire_date=now - timedelta(hours=1))
    Session.objects.create(session_key="moi", session_data="", expire_date=now + timedelta(hours=1))
    old = AccessAttempt.objects.create(
        username="user:1",
        ip_address="10.0.0.1",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=now - timedelta(hours=1))
    AccessAttempt.objects.create(
        username="user:2",
        ip_address="10.0.0.2",
        failures_since_start=2,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    send_mail_on_commit("Cũ", "x", ["a@vienkhcnmt.vn"])
    send_mail_on_commit("Mới", "x", ["b@vienkhcnmt.vn"])
    assert run_jobs() == 2
    with connection.cursor() as cursor:  # one finished job is eight days old
        cursor.execute(
            "UPDATE procrastinate_events SET at = at - interval '8 days' WHERE job_id = (SELECT min(id) FROM procrastinate_jobs)"
        )
    assert housekeeping(timestamp=0) == {"sessions": 1, "attempts": 1, "jobs": 1}
    assert list(Session.objects.values_list("session_key", flat=True)) == ["moi"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["user:2"]
    assert pending_job_count() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        assert cursor.fetchone() == (1,)
