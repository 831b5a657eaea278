"""Point another process (a command run with subprocess) at the database the current test is using."""

from __future__ import annotations

from urllib.parse import quote

from django.db import connection


def current_database_url() -> str:
    """A DATABASE_URL for the test database in use — external server or the embedded one's Unix socket.

    The embedded server listens on a socket directory only; a URL names it as a percent-encoded host
    ("postgresql://postgres@%2Fwork%2Fmain%2Fvar%2Fpg/test_hoptac"), which dj-database-url and psycopg accept.
    """
    connection.ensure_connection()  # the embedded backend fills HOST when it connects
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = quote(s["HOST"] or "localhost", safe="")
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgresql://{credentials}@{host}{port}/{s['NAME']}"
