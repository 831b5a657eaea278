"""Two-factor log-in: enrolment, the second log-in step, recovery codes, the lock-out, party roles, the reset."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hoptac.accounts import second_factor, services, totp
from hoptac.accounts.models import LoginEvent, LoginEventKind, RecoveryCode, TwoFactorDevice
from hoptac.accounts.testing import enrol, log_in_with_second_factor
from hoptac.core.audit import event_model_for
from hoptac.core.errors import DomainError

from .factories import UserFactory, grant

PASSWORD = "Mat-khau-2026"
pytestmark = pytest.mark.django_db
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
LOGIN = reverse("accounts:login")
HOME = reverse("core:home")


@pytest.fixture
def lan():
    return UserFactory(username="lan.nguyen", email="lan.nguyen@vienkhcnmt.vn", full_name="Nguyễn Thị Lan")


def code(device, offset=0):
    """The app's code for the current time step (``offset`` steps later: a fresh one after a code was used)."""
    return totp.hotp(bytes(device.secret), totp.time_step() + offset)


def password_step(client, identifier="lan.nguyen", password=PASSWORD, ip="10.0.0.1", next_url=None):
    data = {"username": identifier, "password": password}
    url = LOGIN
    if next_url:
        data["next"] = next_url
        url += f"?next={next_url}"
    return client.post(url, data, REMOTE_ADDR=ip)


def code_step(client, typed, ip="10.0.0.1"):
    return client.post(VERIFY, {"code": typed}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def setup_secret(client) -> bytes:
    """The secret the setup page showed to this session (kept in its session until confirmed)."""
    return totp.from_b32(client.session[services.ENROL_SESSION_KEY])


def setup_code(client, offset=0) -> str:
    return totp.hotp(setup_secret(client), totp.time_step() + offset)


# --- enrolment --------------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_then_a_first_code_enables_it(client, lan):
    client.force_login(lan)
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    assert not TwoFactorDevice.objects.filter(user=lan).exists()  # nothing stored before the first code
    secret = setup_secret(client)
    assert totp.grouped(secret) in body  # the secret for typing by hand
    assert 'src="data:image/svg+xml' in body  # the QR code as an image the CSP allows
    assert client.get(SETUP).content.decode().count(totp.grouped(secret)) == 1  # same secret

    done = client.post(SETUP, {"code": setup_code(client)})
    assert done.status_code == 200
    device = TwoFactorDevice.objects.get(user=lan)
    assert bytes(device.secret) == secret
    assert services.ENROL_SESSION_KEY not in client.session
    shown = re.findall(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", done.content.decode())
    assert len(shown) == 10 and len(set(shown)) == 10
    device.refresh_from_db()
    assert device.confirmed_at is not None and device.last_used_step is not None
    stored = list(RecoveryCode.objects.filter(user=lan))
    assert len(stored) == 10
    assert not {row.code_hash for row in stored} & {c.replace("-", "") for c in shown}  # hashes, not codes
    assert client.session[second_factor.STATE_KEY] == second_factor.VERIFIED
    assert LoginEvent.objects.filter(user=lan, kind=LoginEventKind.TWO_FACTOR_ENABLED).exists()
    # The secret is never shown again: the page now manages, it does not enrol.
    after = client.get(SETUP).content.decode()
    assert totp.grouped(bytes(device.secret)) not in after
    assert "Đang bật" in after


def test_enrolment_with_a_wrong_code_says_so_and_stays_off(client, lan):
    client.force_login(lan)
    client.get(SETUP)
    right = {setup_code(client, offset) for offset in (-1, 0, 1)}
    wrong = next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in right)
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not TwoFactorDevice.objects.filter(user=lan).exists()
    assert not RecoveryCode.objects.filter(user=lan).exists()


def test_secrets_and_code_hashes_never_reach_the_history_tables(lan):
    device_events = event_model_for(TwoFactorDevice)
    code_events = event_model_for(RecoveryCode)
    assert device_events is not None and code_events is not None  # audited
    assert "secret" not in {f.name for f in device_events._meta.fields}
    assert not {"salt", "code_hash"} & {f.name for f in code_events._meta.fields}
    device = enrol(lan)
    services.recovery_codes_regenerate(actor=lan, proof=code(device))
    assert device_events.objects.filter(pgh_obj_id=lan.two_factor_device.pk).exists()
    assert code_events.objects.filter(user_id=lan.pk).count() == 10


def test_profile_links_to_two_factor_for_everyone(client, lan):
    client.force_login(lan)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert SETUP in body and "Chưa bật" in body


# --- the log-in's second step -----------------------------------------------------------------------------


def test_log_in_with_a_code_after_the_password(client, lan):
    device = enrol(lan)
    first = password_step(client)
    assert first.status_code == 302 and first["Location"] == VERIFY
    assert not logged_in(client)  # the password alone does not log in
    assert not LoginEvent.objects.filter(kind=LoginEventKind.LOGIN).exists()
    assert client.get(VERIFY).status_code == 200
    second = code_step(client, code(device))
    assert second.status_code == 302 and second["Location"] == HOME
    assert logged_in(client)
    assert client.session[second_factor.STATE_KEY] == second_factor.VERIFIED
    assert client.get(HOME).status_code == 200
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOGIN, user=lan).count() == 1


def test_the_page_asked_for_is_opened_after_the_code(client, lan):
    device = enrol(lan)
    password_step(client, next_url="/tai-khoan/")
    assert code_step(client, code(device))["Location"] == "/tai-khoan/"


def test_the_same_code_is_refused_the_second_time(client, lan):
    device = enrol(lan)
    used = code(device)
    password_step(client)
    assert code_step(client, used).status_code == 302
    client.post(reverse("accounts:logout"))
    password_step(client)
    replay = code_step(client, used)
    assert replay.status_code == 200
    assert "đã được dùng" in replay.content.decode()
    assert not logged_in(client)
    # The next step's code still works.
    assert code_step(client, code(device, 1)).status_code == 302


def test_a_wrong_code_is_a_failed_log_in_in_vietnamese(client, lan):
    device = enrol(lan)
    password_step(client)
    wrong = f"{(int(code(device)) + 500_000) % 1_000_000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not logged_in(client)
    assert LoginEvent.objects.filter(kind=LoginEventKind.FAILURE, user=lan).count() == 1


def test_five_wrong_codes_lock_the_person_out_like_wrong_passwords(client, lan):
    device = enrol(lan)
    for _ in range(2):  # three wrong codes end the step; the password is typed again
        password_step(client)
        for _ in range(2):
            assert code_step(client, "000000").status_code == 200
    password_step(client)
    locked = code_step(client, "000000")
    assert locked.status_code == 429
    assert "tạm khoá" in locked.content.decode()
    # The pending step is gone and even the right password is refused during the cool-off.
    assert client.get(VERIFY)["Location"] == LOGIN
    assert password_step(client).status_code == 429
    assert not logged_in(client)
    assert code(device)  # (the device is untouched)
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOCKED).exists()


def test_wrong_passwords_and_wrong_codes_add_up(client, lan):
    enrol(lan)
    for _ in range(3):
        assert password_step(client, password="sai-mat-khau").status_code == 200
    assert password_step(client).status_code == 302  # the right password does not clear the count yet
    assert code_step(client, "000000").status_code == 200
    assert code_step(client, "111111").status_code == 429


def test_a_lock_out_meanwhile_stops_the_waiting_code_step(client, lan):
    from django.test import Client

    device = enrol(lan)
    password_step(client)
    elsewhere = Client()  # wrong passwords typed in another tab, from the same address
    for _ in range(5):
        password_step(elsewhere, password="sai-mat-khau")
    assert code_step(client, code(device)).status_code == 429
    assert not logged_in(client)
    assert second_factor.PENDING_KEY not in client.session


def test_the_code_step_expires_after_five_minutes(client, lan):
    device = enrol(lan)
    password_step(client)
    session = client.session
    waiting = session[second_factor.PENDING_KEY]
    waiting["at"] -= second_factor.PENDING_SECONDS + 1
    session[second_factor.PENDING_KEY] = waiting
    session.save()
    response = code_step(client, code(device))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not logged_in(client)
    assert "hết hạn (quá 5 phút)" in client.get(LOGIN).content.decode()
    assert second_factor.PENDING_KEY not in client.session


def test_the_code_step_without_a_password_sends_to_log_in(client):
    assert client.get(VERIFY)["Location"] == LOGIN
    assert client.post(VERIFY, {"code": "123456"})["Location"] == LOGIN


def test_a_password_changed_meanwhile_ends_the_code_step(client, lan):
    device = enrol(lan)
    password_step(client)
    lan.set_password("Mat-khau-moi-2026")
    lan.save(update_fields=["password"])
    assert code_step(client, code(device))["Location"] == LOGIN
    assert not logged_in(client)


def test_a_recovery_code_logs_in_once(client, lan):
    device = enrol(lan)
    codes = services.recovery_codes_regenerate(actor=lan, proof=code(device))
    password_step(client)
    response = code_step(client, codes[0].lower().replace("-", " "))  # typed loosely
    assert response.status_code == 302 and logged_in(client)
    assert "Còn 9 mã" in client.get(HOME).content.decode()
    assert LoginEvent.objects.filter(kind=LoginEventKind.RECOVERY_CODE_USED, user=lan).exists()
    client.post(reverse("accounts:logout"))
    password_step(client)
    again = code_step(client, codes[0])
    assert again.status_code == 200 and not logged_in(client)
    assert RecoveryCode.objects.filter(user=lan, used_at__isnull=True).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, lan):
    device = enrol(lan)
    old = services.recovery_codes_regenerate(actor=lan, proof=code(device))
    log_in_with_second_factor(client, lan)
    response = client.post(reverse("accounts:two_factor_recovery_codes"), {"proof": code(device, 1)})
    assert response.status_code == 200
    new = re.findall(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))
    password_step(client)
    assert code_step(client, old[0]).status_code == 200
    assert code_step(client, new[0]).status_code == 302


def test_turning_off_needs_a_current_code_not_the_password(client, lan):
    device = enrol(lan)
    log_in_with_second_factor(client, lan)
    refused = client.post(reverse("accounts:two_factor_disable"), {"proof": PASSWORD}, follow=True)
    assert "Mã xác thực gồm đúng 6 chữ số" in refused.content.decode()  # the password is no proof
    with pytest.raises(DomainError):
        services.two_factor_disable(actor=lan, proof=PASSWORD)
    right = {code(device, offset) for offset in (-1, 0, 1)}
    wrong = next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in right)
    refused = client.post(reverse("accounts:two_factor_disable"), {"proof": wrong}, follow=True)
    assert "Mã xác thực hoặc mã khôi phục không đúng" in refused.content.decode()
    assert TwoFactorDevice.objects.filter(user=lan).exists()
    assert LoginEvent.objects.filter(kind=LoginEventKind.FAILURE, user=lan).count() == 1  # counts to lock-out
    done = client.post(reverse("accounts:two_factor_disable"), {"proof": code(device)})
    assert done["Location"] == reverse("accounts:profile")
    assert not TwoFactorDevice.objects.filter(user=lan).exists()
    assert not RecoveryCode.objects.filter(user=lan).exists()
    client.post(reverse("accounts:logout"))
    assert password_step(client)["Location"] == HOME  # the password alone again


def test_recovery_codes_and_turning_off_without_two_factor_explain(client, lan):
    client.force_login(lan)
    response = client.post(reverse("accounts:two_factor_recovery_codes"), {"proof": "123456"}, follow=True)
    assert "Bạn chưa bật xác thực hai lớp" in response.content.decode()


def test_a_session_that_skipped_the_second_step_is_logged_out(client, lan):
    enrol(lan)
    client.force_login(lan)  # as any path calling login() without the second step would
    assert client.session[second_factor.STATE_KEY] == second_factor.UNVERIFIED
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not logged_in(client)


# --- required for party roles -----------------------------------------------------------------------------


@pytest.fixture
def member():
    user = UserFactory(username="dang.vien", email="dang.vien@vienkhcnmt.vn", full_name="Trần Văn Đảng")
    grant(user, "party_member")
    return user


def test_a_party_member_without_two_factor_must_enrol_before_anything_else(client, member):
    response = password_step(client, "dang.vien")
    assert response["Location"] == HOME
    for url in (HOME, reverse("accounts:profile"), reverse("accounts:password_change"), "/tim-kiem/?q=a"):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked["Location"] == SETUP, url
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Vai trò của bạn trong chi bộ yêu cầu xác thực hai lớp" in page.content.decode()
    htmx = client.get(HOME, HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == SETUP
    assert client.post(SETUP, {"code": setup_code(client)}).status_code == 200
    assert client.get(HOME).status_code == 200


def test_a_party_member_may_still_log_out_and_change_language(client, member):
    password_step(client, "dang.vien")
    assert client.post(reverse("accounts:set_language"), {"language": "vi", "next": "/"}).status_code == 302
    assert client.post(reverse("accounts:logout"))["Location"] == LOGIN
    assert not logged_in(client)


def test_a_party_role_granted_while_logged_in_sends_to_enrolment_next(client, lan):
    password_step(client)
    assert client.get(HOME).status_code == 200
    grant(lan, "cell_secretary")
    assert client.get(HOME)["Location"] == SETUP


def test_a_party_member_with_two_factor_logs_in_with_the_code(client, member):
    device = enrol(member)
    password_step(client, "dang.vien")
    code_step(client, code(device))
    assert client.get(HOME).status_code == 200


def test_a_user_without_a_party_role_is_not_asked(client, lan):
    assert password_step(client)["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_test_helper_logs_a_party_member_in_as_the_second_step_would(client, member):
    log_in_with_second_factor(client, member)
    assert client.get(HOME).status_code == 200


# --- the administrator ------------------------------------------------------------------------------------


def test_the_administrator_resets_a_lost_phone(client_as, make_persona, lan, client):
    admin = make_persona("system_admin")
    device = enrol(lan)
    services.recovery_codes_regenerate(actor=lan, proof=code(device))
    admin_client = client_as("system_admin")
    detail = admin_client.get(reverse("accounts:user_detail", args=[lan.pk])).content.decode()
    assert "Đang bật" in detail and reverse("accounts:user_two_factor_reset", args=[lan.pk]) in detail
    device_pk = lan.two_factor_device.pk
    response = admin_client.post(reverse("accounts:user_two_factor_reset", args=[lan.pk]), follow=True)
    assert "Đã đặt lại xác thực hai lớp của Nguyễn Thị Lan" in response.content.decode()
    assert not TwoFactorDevice.objects.filter(user=lan).exists()
    assert not RecoveryCode.objects.filter(user=lan).exists()
    event = LoginEvent.objects.get(kind=LoginEventKind.TWO_FACTOR_RESET)
    assert event.user == lan and event.identifier == admin.username
    deleted = event_model_for(TwoFactorDevice).objects.get(pgh_obj_id=device_pk, pgh_label="delete")
    assert deleted.pgh_context.metadata["user"] == admin.pk  # the history names the administrator
    assert password_step(client)["Location"] == HOME  # the password alone, until they enrol again
    again = admin_client.post(reverse("accounts:user_two_factor_reset", args=[lan.pk]), follow=True)
    assert "chưa bật xác thực hai lớp" in again.content.decode()


def test_only_the_administrator_may_reset(lan, make_persona):
    enrol(lan)
    expert = make_persona("institute_expert")
    with pytest.raises(services.DomainError):
        services.two_factor_reset(actor=expert, user=lan)
    assert TwoFactorDevice.objects.filter(user=lan).exists()


def test_the_administrator_sees_the_status_but_never_the_secret(client_as, lan):
    device = enrol(lan)
    body = client_as("system_admin").get(reverse("accounts:user_detail", args=[lan.pk])).content.decode()
    assert totp.b32(bytes(device.secret)) not in body
    assert totp.grouped(bytes(device.secret)) not in body
