"""notify(): one INSERT in the caller's transaction, the right people, the e-mail job only after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from hoptac.core.testing.jobs import pending_job_count
from hoptac.notifications import services
from hoptac.notifications.kinds import NotificationKind, get_kind, register_kind
from hoptac.notifications.models import Notification
from hoptac.notifications.services import notify

from .kinds_for_tests import PAYLOAD, TEST_KIND

pytestmark = pytest.mark.django_db
URL = "/yeu-cau/123/"


def _notify(recipients, **kwargs):
    kwargs.setdefault("payload", PAYLOAD)
    kwargs.setdefault("url", URL)
    return notify(recipients=recipients, kind=TEST_KIND.code, **kwargs)


def test_each_recipient_gets_one_notification_and_the_actor_none(make_persona, django_assert_num_queries):
    actor = make_persona("coordinator_daklak")
    expert = make_persona("institute_expert")
    leader = make_persona("institute_leader")
    # Users and ids mixed, a duplicate, the actor among the recipients: one query to read the people, one INSERT.
    with django_assert_num_queries(2):
        rows = _notify([expert, expert.pk, leader, actor, None], actor=actor)
    assert sorted(n.recipient_id for n in rows) == sorted([expert.pk, leader.pk])
    stored = Notification.objects.order_by("recipient_id")
    assert [(n.recipient_id, n.actor_id, n.kind, n.payload, n.url) for n in stored] == [
        (user.pk, actor.pk, "tests.transition", PAYLOAD, URL)
        for user in sorted([expert, leader], key=lambda u: u.pk)
    ]
    assert all(n.read_at is None and n.emailed_at is None for n in stored)


def test_the_actor_alone_is_told_nothing(make_persona, django_assert_num_queries):
    actor = make_persona("institute_expert")
    with django_assert_num_queries(0):
        assert _notify([actor], actor=actor.pk) == []
    assert not Notification.objects.exists()


def test_inactive_users_get_nothing(make_persona):
    expert = make_persona("institute_expert")
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    assert _notify([expert]) == []
    assert not Notification.objects.exists()


def test_rolled_back_transaction_leaves_no_notification_and_queues_no_mail(
    make_persona, django_capture_on_commit_callbacks
):
    expert = make_persona("institute_expert")
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify([expert])
        assert Notification.objects.count() == 1  # written in the caller's transaction …
        raise RuntimeError("the service failed after notifying")
    assert not Notification.objects.exists()  # … and gone with it
    assert callbacks == []  # the e-mail job is never queued
    assert pending_job_count() == 0


def test_one_mail_job_for_all_recipients_after_commit(make_persona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        rows = _notify([make_persona("institute_expert"), make_persona("institute_leader")])
        assert pending_job_count() == 0
    assert len(rows) == 2
    assert len(callbacks) == 1


def test_email_off_means_in_app_only_and_no_job(make_persona, django_capture_on_commit_callbacks):
    expert = make_persona("institute_expert")
    expert.email_notifications = False
    expert.save(update_fields=["email_notifications"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = _notify([expert])
    assert len(rows) == 1
    assert callbacks == []
    assert pending_job_count() == 0


def test_email_false_queues_no_job(make_persona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert len(_notify([make_persona("institute_expert")], email=False)) == 1
    assert callbacks == []


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "yeu-cau/1/",
        "",
        None,
        "/" + "a" * 600,
    ],
)
def test_only_a_path_on_this_site_is_accepted(make_persona, url):
    with pytest.raises(ValueError):
        _notify([make_persona("institute_expert")], url=url)
    assert not Notification.objects.exists()


def test_database_refuses_another_host_even_without_notify(make_persona):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=make_persona("institute_expert"), kind="x", url="//evil.example/"
        )


def test_unknown_kind_and_non_json_payload_fail_in_the_caller(make_persona):
    expert = make_persona("institute_expert")
    with pytest.raises(LookupError):
        notify(recipients=[expert], kind="khong.co", payload={}, url=URL)
    with pytest.raises(TypeError):
        _notify([expert], payload={"user": expert})
    assert not Notification.objects.exists()


def test_registering_a_kind_twice_is_harmless_but_a_conflicting_kind_is_refused():
    assert register_kind(TEST_KIND) is TEST_KIND
    with pytest.raises(RuntimeError):
        register_kind(NotificationKind(code=TEST_KIND.code, label="khác", render=lambda payload: ("", "")))
    assert get_kind(TEST_KIND.code) is TEST_KIND


def test_a_kind_that_cannot_render_shows_a_generic_notice(make_persona):
    (row,) = _notify([make_persona("institute_expert")], payload={"number": 1})  # no "month": render fails
    assert row.title == "Thông báo"
    Notification.objects.filter(pk=row.pk).update(kind="da.bo")
    assert Notification.objects.get(pk=row.pk).title == "Thông báo"


def test_mark_read_only_touches_the_actors_own(make_persona):
    expert = make_persona("institute_expert")
    leader = make_persona("institute_leader")
    mine, theirs = _notify([expert, leader])
    mine, theirs = (mine, theirs) if mine.recipient_id == expert.pk else (theirs, mine)
    assert services.notification_mark_read(actor=expert, notification=theirs) is False
    assert services.notification_mark_read(actor=expert, notification=mine) is True
    assert services.notification_mark_read(actor=expert, notification=mine) is False  # once
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_stops_at_what_the_person_saw(make_persona):
    expert = make_persona("institute_expert")
    leader = make_persona("institute_leader")
    first = _notify([expert, leader])
    seen = max(n.pk for n in first)
    (later,) = _notify([expert])
    assert services.notification_mark_all_read(actor=expert, up_to=seen) == 1
    assert Notification.objects.get(pk=later.pk).read_at is None
    assert Notification.objects.filter(recipient=leader, read_at__isnull=True).count() == 1
    assert services.notification_mark_all_read(actor=expert) == 1


def test_read_notifications_older_than_180_days_are_purged_by_housekeeping(make_persona):
    from hoptac.core.tasks import housekeeping

    expert = make_persona("institute_expert")
    old_read, recent_read, old_unread = _notify([expert]) + _notify([expert]) + _notify([expert])
    now = timezone.now()
    Notification.objects.filter(pk=old_read.pk).update(read_at=now - timedelta(days=181))
    Notification.objects.filter(pk=recent_read.pk).update(read_at=now - timedelta(days=179))
    Notification.objects.filter(pk=old_unread.pk).update(created_at=now - timedelta(days=400))
    housekeeping(timestamp=0)
    assert set(Notification.objects.values_list("pk", flat=True)) == {recent_read.pk, old_unread.pk}
    assert services.purge_read_notifications() == 0
