"""The list, opening a notification, marking read, the bell and its query budget, the e-mail setting."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoptac.core.testing.queries import assert_constant_queries
from hoptac.notifications.models import Notification
from hoptac.notifications.services import notify

from .kinds_for_tests import PAYLOAD, TEST_KIND

pytestmark = pytest.mark.django_db
LIST = "/thong-bao/"


def _notify(recipients, url="/yeu-cau/123/", **kwargs):
    return notify(recipients=recipients, kind=TEST_KIND.code, payload=PAYLOAD, url=url, **kwargs)


def _bell(client) -> str:
    html = client.get(reverse("notifications:bell")).content.decode()
    return html


def test_list_shows_own_notifications_newest_first_unread_in_bold(client_as, make_persona):
    expert = make_persona("institute_expert")
    actor = make_persona("coordinator_daklak")
    older = _notify([expert], url="/cu/", actor=actor)[0]
    newer = _notify([expert], url="/moi/")[0]
    _notify([make_persona("institute_leader")], url="/cua-nguoi-khac/")
    Notification.objects.filter(pk=older.pk).update(read_at="2026-01-01T00:00:00Z")
    response = client_as("institute_expert").get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(f"/thong-bao/{newer.pk}/") < html.index(f"/thong-bao/{older.pk}/")
    assert "cua-nguoi-khac" not in html and f"/thong-bao/{older.pk + 2}/" not in html
    rows = response.context["page"].items
    assert [n.pk for n in rows] == [newer.pk, older.pk]
    rendered = re.findall(r'class="([^"]*)"\s+data-testid="notification" data-read="(\d)"', html)
    assert [("fw-bold" in css, read) for css, read in rendered] == [(True, "0"), (False, "1")]
    assert "Yêu cầu 123 · Tháng 1" in html
    assert "Y Điều Phối (Đắk Lắk)" in html  # who acted
    assert "Thử nghiệm chuyển trạng thái" in html  # the kind's label


def test_list_pages_by_keyset(client_as, make_persona, settings):
    settings.HOPTAC_PAGE_SIZE = 10
    expert = make_persona("institute_expert")
    ids = [_notify([expert])[0].pk for _ in range(12)]
    client = client_as("institute_expert")
    first = client.get(LIST).context["page"]
    assert [n.pk for n in first] == ids[::-1][:10]
    second = client.get(LIST, {"truoc": first.older}).context["page"]
    assert [n.pk for n in second] == ids[1::-1] and second.older is None
    assert [n.pk for n in client.get(LIST, {"truoc": "x'; --"}).context["page"]] == [n.pk for n in first]


def test_list_query_count_does_not_grow(client_as, make_persona):
    expert = make_persona("institute_expert")
    actor = make_persona("coordinator_daklak")
    client = client_as("institute_expert")

    def add(n):
        for _ in range(n):
            _notify([expert], actor=actor)

    # session, user, the menu's roles, the bell's count, the page of notifications (with their actors)
    assert assert_constant_queries(lambda: client.get(LIST), add, budget=5) == 5


def test_opening_marks_read_and_goes_to_the_notifications_page(client_as, make_persona):
    (n,) = _notify([make_persona("institute_expert")], url="/yeu-cau/123/?tab=lich-su#ghi-chu")
    response = client_as("institute_expert").get(f"/thong-bao/{n.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/yeu-cau/123/?tab=lich-su#ghi-chu"
    n.refresh_from_db()
    assert n.read_at is not None


def test_someone_elses_notification_answers_404_and_stays_unread(client_as, make_persona):
    (theirs,) = _notify([make_persona("institute_leader")])
    response = client_as("institute_expert").get(f"/thong-bao/{theirs.pk}/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("url", ["/\t/evil.example/", "/\n/evil.example/", "/ /evil.example/"])
def test_open_redirect_is_refused_even_for_a_row_written_without_notify(client_as, make_persona, url):
    """notify() refuses such URLs; a row written around it (SQL, an old bug) still cannot send anyone away:
    browsers drop tabs and newlines, so "/\t/evil.example/" would lead to //evil.example/."""
    expert = make_persona("institute_expert")
    n = Notification.objects.create(recipient=expert, kind=TEST_KIND.code, payload=PAYLOAD, url=url)
    response = client_as("institute_expert").get(f"/thong-bao/{n.pk}/")
    assert response.status_code == 302
    assert response["Location"] == LIST


def test_an_encoded_slash_or_tab_stays_a_path_on_this_site(client_as, make_persona):
    expert = make_persona("institute_expert")
    n = Notification.objects.create(recipient=expert, kind=TEST_KIND.code, url="/%09/evil.example")
    assert client_as("institute_expert").get(f"/thong-bao/{n.pk}/")["Location"] == "/%09/evil.example"


def test_mark_all_read_only_marks_ones_own(client_as, make_persona):
    expert = make_persona("institute_expert")
    leader = make_persona("institute_leader")
    _notify([expert, leader])
    _notify([expert])
    client = client_as("institute_expert")
    assert client.get(LIST).context["page"].newest_id is not None
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Notification.objects.filter(recipient=expert, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=leader, read_at__isnull=True).count() == 1
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_bell_shows_the_unread_count_and_caps_it(client_as, make_persona):
    expert = make_persona("institute_expert")
    client = client_as("institute_expert")
    assert 'data-unread="0"' in _bell(client) and "unread-count" not in _bell(client)
    _notify([expert])
    _notify([expert])
    assert 'data-testid="unread-count">2</span>' in _bell(client)
    Notification.objects.bulk_create(
        Notification(recipient=expert, kind=TEST_KIND.code, payload=PAYLOAD, url="/") for _ in range(120)
    )
    assert 'data-testid="unread-count">99+</span>' in _bell(client)


def test_bell_costs_exactly_one_query(make_persona, django_assert_num_queries):
    expert = make_persona("institute_expert")
    _notify([expert])
    with django_assert_num_queries(1):
        html = render_to_string("notifications/_bell.html", {"user": expert})
    assert 'data-unread="1"' in html


def test_every_page_pays_one_query_for_the_bell(client_as, make_persona):
    _notify([make_persona("institute_expert")])
    client = client_as("institute_expert")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("core:home")).content.decode()
    ours = [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]
    assert len(ours) == 1, ours
    assert 'data-testid="notification-bell"' in html and 'data-testid="unread-count">1<' in html


def test_anonymous_pages_have_no_bell_and_no_query(client):
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("accounts:login")).content.decode()
    assert "notification-bell" not in html
    assert not [q for q in captured.captured_queries if "notifications_notification" in q["sql"]]


def test_email_setting_is_the_profiles_and_notify_follows_it(client_as, make_persona):
    """The list links to the profile page, where the person turns e-mail notifications off (and on)."""
    expert = make_persona("institute_expert")
    client = client_as("institute_expert")
    html = client.get(LIST).content.decode()
    assert 'href="/tai-khoan/" data-testid="notification-settings"' in html
    assert "Đang bật" in html
    response = client.post(reverse("accounts:profile"), {"language": "vi"})  # box unticked
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.email_notifications is False
    assert "Đang tắt" in client.get(LIST).content.decode()
    client.post(reverse("accounts:profile"), {"language": "vi", "email_notifications": "on"})
    expert.refresh_from_db()
    assert expert.email_notifications is True
