"""Settings come from the environment and fail loudly; production settings pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
PRODUCTION_ENV = {
    "HOPTAC_ENV": "production",
    "SECRET_KEY": "k" * 20 + "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a",
    "ALLOWED_HOSTS": "hoptac.vienkhcnmt.vn",
    "DATABASE_URL": "postgresql://hoptac:mat-khau@db.internal:5432/hoptac",
    "EMAIL_HOST": "smtp.vienkhcnmt.vn",
    "HOPTAC_BASE_URL": "https://hoptac.vienkhcnmt.vn",
}


def _hoptac(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HOPTAC_", "DJANGO_")) and k not in PRODUCTION_ENV
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "hoptac.manage", *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=ROOT,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _hoptac("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("EMAIL_HOST", "EMAIL_HOST"),
        ("HOPTAC_BASE_URL", "HOPTAC_BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_required_settings(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _hoptac("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HOPTAC_ENV", "prod", "HOPTAC_ENV"),
        ("DEBUG", "maybe", "DEBUG"),
        ("SECRET_KEY", "short", "SECRET_KEY"),
        ("DATABASE_URL", "mysql://u:p@h/db", "PostgreSQL"),
        ("EMAIL_PORT", "abc", "EMAIL_PORT"),
        ("HOPTAC_PAGE_SIZE", "5", "HOPTAC_PAGE_SIZE"),
    ],
)
def test_bad_values_fail_loudly(name, value, message):
    env = (
        dict(PRODUCTION_ENV)
        if name in {"SECRET_KEY", "EMAIL_PORT"}
        else {"DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}
    )
    env[name] = value
    result = _hoptac("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/dang-nhap/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_contain_no_inline_script(client_as):
    import re

    for client, path in (
        (client_as("anonymous"), "/dang-nhap/"),
        (client_as("system_admin"), "/quan-tri/nguoi-dung/"),
    ):
        body = client.get(path).content.decode()
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", body, flags=re.S)
        assert scripts and all(s.strip() == "" for s in scripts), "inline script found"
        assert not re.search(r"\son[a-z]+=\"", body), "inline event handler found"
        assert not re.search(r"\sstyle=\"", body), "inline style found"
