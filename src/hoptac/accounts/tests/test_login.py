"""Log-in by user name or e-mail, the lock-out per person, and the log-in journal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.accounts.models import LoginEvent, LoginEventKind

from .factories import UserFactory

PASSWORD = "Mat-khau-2026"
pytestmark = pytest.mark.django_db


@pytest.fixture
def lan():
    return UserFactory(username="lan.nguyen", email="lan.nguyen@vienkhcnmt.vn", full_name="Nguyễn Thị Lan")


def _login(client, identifier, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": identifier, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize(
    "identifier", ["lan.nguyen", "LAN.NGUYEN", "lan.nguyen@vienkhcnmt.vn", "Lan.Nguyen@VienKHCNMT.vn"]
)
def test_login_with_username_or_email_any_case(client, lan, identifier):
    response = _login(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOGIN, user=lan).count() == 1


def test_wrong_password_gives_vietnamese_error_and_is_journaled(client, lan):
    response = _login(client, "lan.nguyen", "sai-mat-khau")
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()
    event = LoginEvent.objects.get(kind=LoginEventKind.FAILURE)
    assert event.user == lan
    assert event.identifier == "lan.nguyen"
    assert event.ip_address == "10.0.0.1"


def test_unknown_identifier_failure_is_journaled_without_user(client):
    _login(client, "khong.ton.tai", "bat-ky")
    event = LoginEvent.objects.get(kind=LoginEventKind.FAILURE)
    assert event.user is None and event.identifier == "khong.ton.tai"


def test_inactive_user_cannot_log_in(client, lan):
    lan.is_active = False
    lan.save(update_fields=["is_active"])
    response = _login(client, "lan.nguyen")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_journaled(client, lan):
    _login(client, "lan.nguyen")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOGOUT, user=lan).exists()


@pytest.mark.parametrize(
    "identifiers",
    [
        ["lan.nguyen"] * 5,
        ["lan.nguyen@vienkhcnmt.vn"] * 5,
        ["lan.nguyen", "lan.nguyen@vienkhcnmt.vn", "LAN.NGUYEN", "Lan.Nguyen@vienkhcnmt.vn", "lan.nguyen"],
    ],
    ids=["username", "email", "mixed"],
)
def test_five_failures_lock_the_person_whichever_identifier_was_typed(client, lan, identifiers):
    for identifier in identifiers[:4]:
        assert _login(client, identifier, "sai").status_code == 200
    locked = _login(client, identifiers[4], "sai")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "tạm khoá" in body and "15 phút" in body
    # Even the right password, typed either way, is refused during the cool-off.
    for identifier in ("lan.nguyen", "lan.nguyen@vienkhcnmt.vn"):
        assert _login(client, identifier).status_code == 429
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOCKED).exists()


def test_lockout_is_per_person_and_ip(client, lan):
    other = UserFactory(username="binh.tran", email="binh.tran@vienkhcnmt.vn")
    for _ in range(5):
        _login(client, "lan.nguyen", "sai")
    assert _login(client, "binh.tran").status_code == 302  # another person from the same IP is not locked
    assert other.login_events.filter(kind=LoginEventKind.LOGIN).exists()
    assert _login(client, "lan.nguyen", ip="10.9.9.9").status_code == 302  # the same person elsewhere is not


def test_success_before_the_limit_resets_the_count(client, lan):
    for _ in range(4):
        _login(client, "lan.nguyen", "sai")
    assert _login(client, "lan.nguyen").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert _login(client, "lan.nguyen", "sai").status_code == 200


def test_login_page_redirects_back_to_next(client, lan):
    response = client.post(
        reverse("accounts:login") + "?next=/tai-khoan/",
        {"username": "lan.nguyen", "password": PASSWORD, "next": "/tai-khoan/"},
    )
    assert response["Location"] == "/tai-khoan/"


def test_login_refuses_foreign_next(client, lan):
    response = client.post(
        reverse("accounts:login"),
        {"username": "lan.nguyen", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "", "password": ""}, {"username": "x" * 300, "password": "y"}],
    ids=["missing", "empty", "too-long"],
)
def test_bad_login_input_gets_a_vietnamese_message(client, data):
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trường này là bắt buộc" in body or "tối đa" in body or "không đúng" in body


def test_behind_the_proxy_the_lockout_keys_on_the_forwarded_client_address(client, lan, settings):
    settings.BEHIND_PROXY = True
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "lan.nguyen", "password": "sai"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )
    # Another client behind the same proxy is not locked out; the journal names the real client.
    other = client.post(
        reverse("accounts:login"),
        {"username": "lan.nguyen", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert other.status_code == 302
    assert LoginEvent.objects.filter(kind=LoginEventKind.FAILURE).first().ip_address == "203.0.113.7"
