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


def test_housekeeping_periodic_task_is_registered_and_runs():
    from procrastinate.contrib.django import app

    from hoptac.core.tasks import housekeeping

    periodic_ids = {task.periodic_id for task in app.periodic_registry.periodic_tasks.values()}
    assert "core.housekeeping" in periodic_ids
    assert housekeeping(timestamp=0) == {"sessions": 0, "attempts": 0}
