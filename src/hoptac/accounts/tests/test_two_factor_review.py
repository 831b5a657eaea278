"""The security review of the two-factor log-in: sessions end when the second factor changes, the password is no
proof, the setup secret belongs to one session, wrong codes are limited per person, codes are ASCII digits, and
the person is e-mailed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hoptac.accounts import second_factor, services, totp
from hoptac.accounts.models import TwoFactorDevice
from hoptac.accounts.testing import enrol, log_in_with_second_factor

from .factories import UserFactory
from .test_two_factor import (
    HOME,
    LOGIN,
    PASSWORD,
    SETUP,
    VERIFY,
    code,
    code_step,
    logged_in,
    password_step,
    setup_code,
    setup_secret,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan():
    return UserFactory(username="lan.nguyen", email="lan.nguyen@vienkhcnmt.vn", full_name="Nguyễn Thị Lan")


DISABLE = reverse("accounts:two_factor_disable")
RENEW = reverse("accounts:two_factor_recovery_codes")
ARABIC_DIGITS = "١٢٣٤٥٦"


def still_logged_in(client) -> bool:
    """Open a page: a session whose hash no longer matches is flushed by Django."""
    client.get(HOME)
    return logged_in(client)


def wrong_code(device) -> str:
    right = {code(device, offset) for offset in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in right)


# --- item 1 and 5: the security stamp ends every other session ------------------------------------------------


def test_enrolling_ends_a_session_logged_in_with_the_password_before(client, lan):
    before = Client()
    assert password_step(before)["Location"] == HOME  # the password alone: no second factor yet
    client.force_login(lan)
    client.get(SETUP)
    assert client.post(SETUP, {"code": setup_code(client)}).status_code == 200
    assert not still_logged_in(before)
    assert still_logged_in(client)  # the session that enrolled stays
    # The old session cannot mint recovery codes either.
    assert before.post(RENEW, {"proof": "123456"})["Location"].startswith(LOGIN)


def test_turning_off_ends_every_other_session(client, lan):
    device = enrol(lan)
    other = Client()
    log_in_with_second_factor(other, lan)
    log_in_with_second_factor(client, lan)
    assert client.post(DISABLE, {"proof": code(device)})["Location"] == reverse("accounts:profile")
    assert not still_logged_in(other)
    assert still_logged_in(client)


def test_new_recovery_codes_end_every_other_session(client, lan):
    device = enrol(lan)
    other = Client()
    log_in_with_second_factor(other, lan)
    log_in_with_second_factor(client, lan)
    assert client.post(RENEW, {"proof": code(device)}).status_code == 200
    assert not still_logged_in(other)
    assert still_logged_in(client)


def test_the_administrators_reset_ends_the_persons_sessions(client_as, lan, client):
    enrol(lan)
    log_in_with_second_factor(client, lan)
    admin_client = client_as("system_admin")
    admin_client.post(reverse("accounts:user_two_factor_reset", args=[lan.pk]))
    assert not TwoFactorDevice.objects.filter(user=lan).exists()
    assert not still_logged_in(client)
    assert admin_client.get(HOME).status_code == 200  # the administrator's own session is untouched


def test_a_session_made_before_the_stamp_keeps_its_hash(lan):
    """An empty stamp keeps Django's hash: deploying this does not log everyone out."""
    from django.contrib.auth.base_user import AbstractBaseUser

    assert lan.two_factor_stamp == ""
    assert lan.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(lan)
    services.two_factor_stamp_rotate(lan)
    assert lan.get_session_auth_hash() != AbstractBaseUser._get_session_auth_hash(lan)


# --- item 2: the password is no proof -------------------------------------------------------------------------


def test_the_password_does_not_renew_recovery_codes_but_an_unused_recovery_code_does(client, lan):
    device = enrol(lan)
    codes = services.recovery_codes_regenerate(actor=lan, proof=code(device))
    log_in_with_second_factor(client, lan)
    refused = client.post(RENEW, {"proof": PASSWORD}, follow=True)
    assert "mã khôi phục gồm 12 chữ cái" in refused.content.decode()
    page = client.get(SETUP).content.decode()
    assert "Mã xác thực hoặc mã khôi phục" in page and "mật khẩu không đủ" in page
    assert client.post(DISABLE, {"proof": codes[2]})["Location"] == reverse("accounts:profile")
    assert not TwoFactorDevice.objects.filter(user=lan).exists()


# --- item 3: the setup secret belongs to one session ----------------------------------------------------------


def test_two_sessions_see_different_setup_secrets_and_only_ones_own_confirms(client, lan):
    attacker = Client()
    attacker.force_login(lan)
    attacker.get(SETUP)
    client.force_login(lan)
    page = client.get(SETUP).content.decode()
    assert setup_secret(attacker) != setup_secret(client)
    assert totp.grouped(setup_secret(attacker)) not in page
    assert not TwoFactorDevice.objects.filter(user=lan).exists()
    # The victim confirms their own secret; the attacker's secret is not the one stored.
    assert client.post(SETUP, {"code": setup_code(client)}).status_code == 200
    assert bytes(TwoFactorDevice.objects.get(user=lan).secret) == setup_secret_of_device(lan)
    assert bytes(TwoFactorDevice.objects.get(user=lan).secret) != setup_secret(attacker)


def setup_secret_of_device(user) -> bytes:
    return bytes(TwoFactorDevice.objects.get(user=user).secret)


def test_a_secret_from_another_session_does_not_confirm(client, lan):
    attacker = Client()
    attacker.force_login(lan)
    attacker.get(SETUP)
    client.force_login(lan)
    client.get(SETUP)
    response = client.post(SETUP, {"code": setup_code(attacker)})
    assert response.status_code == 200 and "Mã xác thực không đúng" in response.content.decode()
    assert not TwoFactorDevice.objects.filter(user=lan).exists()


# --- item 4: wrong codes per person, and three end the step ---------------------------------------------------


def test_ten_wrong_codes_from_many_addresses_stop_the_code_step(client, lan):
    device = enrol(lan)
    for i in range(services.PERSON_FAILURE_LIMIT):
        other = Client()
        password_step(other, ip=f"10.0.1.{i}")
        assert code_step(other, wrong_code(device), ip=f"10.0.1.{i}").status_code == 200
    assert password_step(client, ip="10.0.2.1")["Location"] == VERIFY
    refused = client.post(VERIFY, {"code": code(device)}, REMOTE_ADDR="10.0.2.1", follow=True)
    assert "Đã nhập sai mã xác thực quá nhiều lần trong 15 phút" in refused.content.decode()
    assert not logged_in(client)
    # The proof asked before turning 2FA off is limited as well.
    log_in_with_second_factor(client, lan)
    refused = client.post(DISABLE, {"proof": code(device)}, follow=True)
    assert "quá nhiều lần" in refused.content.decode()
    assert TwoFactorDevice.objects.filter(user=lan).exists()


def test_the_limit_window_passes(lan):
    from datetime import timedelta

    from django.utils import timezone

    enrol(lan)
    TwoFactorDevice.objects.filter(user=lan).update(
        failed_codes=services.PERSON_FAILURE_LIMIT, failures_since=timezone.now() - timedelta(minutes=16)
    )
    assert not services.code_limit_reached(lan)
    services.code_failure_record(lan)
    device = TwoFactorDevice.objects.get(user=lan)
    assert device.failed_codes == 1


def test_three_wrong_codes_end_the_waiting_step(client, lan):
    device = enrol(lan)
    password_step(client)
    assert code_step(client, wrong_code(device)).status_code == 200
    assert code_step(client, wrong_code(device)).status_code == 200
    third = code_step(client, wrong_code(device))
    assert third.status_code == 302 and third["Location"] == LOGIN
    assert second_factor.PENDING_KEY not in client.session
    assert code_step(client, code(device))["Location"] == LOGIN  # the right code is too late
    assert not logged_in(client)


# --- item 5: ASCII digits only ---------------------------------------------------------------------------------


def test_non_ascii_digits_are_refused_with_a_message(client, lan):
    device = enrol(lan)
    assert totp.matching_step(bytes(device.secret), ARABIC_DIGITS) is None
    assert services.two_factor_check(user=lan, code=ARABIC_DIGITS) is None
    assert not services.well_formed_code("ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ")  # full-width letters
    password_step(client)
    response = code_step(client, ARABIC_DIGITS)
    assert response.status_code == 200 and "Mã xác thực gồm đúng 6 chữ số 0–9" in response.content.decode()
    log_in_with_second_factor(client, lan)
    refused = client.post(DISABLE, {"proof": ARABIC_DIGITS}, follow=True)
    assert refused.status_code == 200 and "Mã xác thực gồm đúng 6 chữ số 0–9" in refused.content.decode()


def test_non_ascii_digits_do_not_confirm_the_enrolment(client, lan):
    client.force_login(lan)
    client.get(SETUP)
    response = client.post(SETUP, {"code": ARABIC_DIGITS})
    assert response.status_code == 200 and "Mã xác thực gồm đúng 6 chữ số 0–9" in response.content.decode()


# --- item 6: the person is e-mailed ---------------------------------------------------------------------------


def notices(user) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args->>'event' FROM procrastinate_jobs WHERE task_name = %s "
            "AND (args->>'user_id')::int = %s AND queue_name = 'email' ORDER BY id",
            ["accounts.send_two_factor_notice", user.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_person_is_emailed_when_two_factor_changes(
    client, lan, make_persona, django_capture_on_commit_callbacks
):
    client.force_login(lan)
    client.get(SETUP)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP, {"code": setup_code(client)})
    device = TwoFactorDevice.objects.get(user=lan)
    with django_capture_on_commit_callbacks(execute=True):
        codes = services.recovery_codes_regenerate(actor=lan, proof=code(device, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.two_factor_disable(actor=lan, proof=codes[0])
    enrol(lan)
    with django_capture_on_commit_callbacks(execute=True):
        services.two_factor_reset(actor=make_persona("system_admin"), user=lan)
    assert notices(lan) == ["enabled", "renewed", "disabled", "reset"]
    message = services.two_factor_notice_message(user_id=lan.pk, event="reset")
    assert message.to == [lan.email]
    assert "Quản trị hệ thống đã đặt lại xác thực hai lớp" in message.body
