"""The UI shell: menus by role, home per role, global search, error pages, language."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from hoptac.core import search

pytestmark = pytest.mark.django_db


def _menu_keys(response) -> list[str]:
    return [item.key for item in response.context["menu"]]


def test_menu_follows_the_role(client_as):
    assert "users" in _menu_keys(client_as("system_admin").get("/"))
    for persona in ("institute_leader", "coordinator_daklak", "outsider"):
        assert "users" not in _menu_keys(client_as(persona).get("/")), persona


def test_home_lists_the_persons_roles_and_scope(client_as):
    body = client_as("coordinator_daklak").get("/").content.decode()
    assert "Điều phối viên Liên minh HTX tỉnh" in body and "Đắk Lắk" in body


def test_home_for_a_person_without_roles_says_what_to_do(client_as):
    assert "chưa được cấp vai trò" in client_as("outsider").get("/").content.decode()


def test_search_finds_provinces_without_diacritics(client_as):
    response = client_as("coordinator_camau").get(reverse("core:search"), {"q": "dak lak"})
    groups = {provider.app_label: results for provider, results in response.context["groups"]}
    assert any(r.title.endswith("Đắk Lắk") for r in groups["places"])
    assert "accounts" not in groups  # people are searchable by the administrator only


def test_search_finds_people_for_the_administrator(client_as, make_persona):
    make_persona("lab_analyst")
    response = client_as("system_admin").get(reverse("core:search"), {"q": "do thi kiem"})
    groups = {provider.app_label: results for provider, results in response.context["groups"]}
    assert [r.title for r in groups["accounts"]] == ["Đỗ Thị Kiểm"]


def test_search_too_short_query_says_so(client_as):
    response = client_as("system_admin").get(reverse("core:search"), {"q": "a"})
    assert "ít nhất 2 ký tự" in response.content.decode()


def test_search_htmx_returns_the_fragment_only(client_as):
    response = client_as("system_admin").get(reverse("core:search"), {"q": "Cà Mau"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Cà Mau" in body


def test_party_apps_may_never_contribute_to_the_global_search():
    for label in ("party", "congress"):
        with pytest.raises(ValueError, match="party data stays out"):
            search.register(label, "Đảng", lambda user, q, limit: [])
    assert not {p.app_label for p in search.providers()} & search.FORBIDDEN_APPS


def test_404_page_is_vietnamese(client_as):
    response = client_as("institute_expert").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_is_vietnamese_and_needs_no_database():
    from hoptac.core.views import error_500

    response = error_500(None)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()


def test_switching_language_is_kept_on_the_user(client_as, make_persona):
    client = client_as("institute_expert")
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/tai-khoan/"})
    assert response["Location"] == "/tai-khoan/"
    user = make_persona("institute_expert")
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get("/")
    assert page["Content-Language"] == "en"
    assert "Your roles" in page.content.decode()
    client.post(reverse("accounts:set_language"), {"language": "vi"})
    assert "Vai trò của bạn" in client.get("/").content.decode()


def test_anonymous_language_choice_uses_a_cookie(client):
    client.post(reverse("accounts:set_language"), {"language": "en"})
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()


def test_unknown_language_and_foreign_next_are_refused(client_as):
    client = client_as("institute_expert")
    response = client.post(
        reverse("accounts:set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert client.get("/")["Content-Language"] == "vi"


def test_dates_and_money_are_vietnamese():
    from datetime import date
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        rendered = Template("{% load hoptac %}{{ d|date:'SHORT_DATE_FORMAT' }} {{ m|vnd }}").render(
            Context({"d": date(2026, 11, 27), "m": Decimal("1500000")})
        )
    assert rendered == "27/11/2026 1.500.000 ₫"


def test_administrator_home_shows_account_figures(client_as, make_persona):
    make_persona("institute_expert")
    client = client_as("system_admin")
    client.post(reverse("accounts:login"), {"username": "ai-do", "password": "sai"})
    response = client.get("/")
    keys = [panel.key for panel, _ in response.context["panels"]]
    assert keys[0] == "accounts.admin"
    figures = response.context["panels"][0][1]
    assert figures["active"] == 2 and figures["without_role"] == 0


def test_other_roles_do_not_get_the_administrator_panel(client_as):
    response = client_as("institute_leader").get("/")
    assert "accounts.admin" not in [panel.key for panel, _ in response.context["panels"]]


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/bootstrap/css/bootstrap.min.css",
        "/static/vendor/bootstrap/js/bootstrap.bundle.min.js",
        "/static/vendor/chartjs/chart.umd.min.js",
        "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
        "/static/hoptac/js/hoptac.js",
    ],
)
def test_front_end_packages_are_served_from_our_origin(client, path):
    """Installed from the npm registry with the lockfile, served by WhiteNoise — never from a CDN."""
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def test_no_page_loads_anything_from_another_origin(client_as):
    import re

    body = client_as("system_admin").get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_coordinator_home_shows_their_province(client_as):
    response = client_as("coordinator_daklak").get("/")
    panels = {panel.key: context for panel, context in response.context["panels"]}
    assert [p.code for p in panels["places.coordinator"]["provinces"]] == ["66"]
    body = response.content.decode()
    assert "Đắk Lắk" in body and "Phú Yên" in body  # Phú Yên merged into Đắk Lắk in 2025


def test_csrf_failure_page_is_vietnamese_and_has_no_inline_style(make_persona):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in body and "<style" not in body
