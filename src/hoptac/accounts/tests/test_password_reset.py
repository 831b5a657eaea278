"""Password reset by e-mail, end to end: the request, the queued job, the real worker, the link, the new password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from hoptac.accounts.models import LoginEvent, LoginEventKind

from .factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reset_by_email_end_to_end(client, run_jobs):
    user = UserFactory(username="mai.do", email="mai.do@vienkhcnmt.vn", full_name="Đỗ Thị Mai")
    response = client.post(reverse("accounts:password_reset"), {"email": "MAI.DO@vienkhcnmt.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert run_jobs() == 1
    (message,) = mail.outbox
    assert message.to == ["mai.do@vienkhcnmt.vn"]
    assert "Đỗ Thị Mai" in message.body and "mai.do" in message.body
    link = re.search(r"http://\S+/dat-lai-mat-khau/\S+/", message.body).group(0)
    path = link.split("8000", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(set_url, {"new_password1": "Hop-tac-xa-2026!", "new_password2": "Hop-tac-xa-2026!"})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Hop-tac-xa-2026!")
    assert LoginEvent.objects.filter(kind=LoginEventKind.PASSWORD_RESET_REQUEST, user=user).exists()
    # The link works once only.
    assert "không hợp lệ" in client.get(path, follow=True).content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, run_jobs):
    response = client.post(reverse("accounts:password_reset"), {"email": "ai.do@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert run_jobs() == 0
    assert mail.outbox == []


def test_inactive_account_gets_no_mail(client, run_jobs):
    UserFactory(email="khoa@vienkhcnmt.vn", is_active=False)
    client.post(reverse("accounts:password_reset"), {"email": "khoa@vienkhcnmt.vn"})
    assert run_jobs() == 0


@pytest.mark.parametrize("email", ["", "khong-phai-dia-chi", "a" * 250 + "@x.vn"])
def test_bad_address_gets_a_vietnamese_message(client, email):
    response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_weak_new_password_is_refused_in_vietnamese(client):
    user = UserFactory()
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    page = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    url = page.redirect_chain[-1][0]
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "quá ngắn" in body or "quá phổ biến" in body
    user.refresh_from_db()
    assert not user.check_password("12345678")


def test_invitation_mail_is_built_by_the_worker_in_the_persons_language(run_jobs, make_persona):
    from hoptac.accounts import services

    admin = make_persona("system_admin")
    services.user_create(
        actor=admin, username="john.smith", email="john@partner.org", full_name="John Smith", language="en"
    )
    assert run_jobs() == 1
    (message,) = mail.outbox
    assert message.subject == "Please set the password for your hoptac account"
    assert "/dat-lai-mat-khau/" in message.body


def test_a_reset_lifts_the_lock_out(client, run_jobs):
    user = UserFactory(username="khoa.tam", email="khoa.tam@vienkhcnmt.vn")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "khoa.tam", "password": "sai"})
    assert (
        client.post(
            reverse("accounts:login"), {"username": "khoa.tam", "password": "Mat-khau-2026"}
        ).status_code
        == 429
    )
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    run_jobs()
    path = re.search(r"/dat-lai-mat-khau/\S+/", mail.outbox[0].body).group(0)
    url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(url, {"new_password1": "Hop-tac-xa-2026!", "new_password2": "Hop-tac-xa-2026!"})
    response = client.post(
        reverse("accounts:login"), {"username": "khoa.tam", "password": "Hop-tac-xa-2026!"}
    )
    assert response.status_code == 302
    assert LoginEvent.objects.filter(kind=LoginEventKind.PASSWORD_CHANGED, user=user).exists()
