"""The benchmark's own database, ``hoptac_bench``: never the development or the test database.

It lives on the server ``DATABASE_URL`` points at, or on the embedded server when ``DATABASE_URL`` is unset
(whose backend creates a missing database itself). Django is pointed at it before any connection is opened.
"""

from __future__ import annotations

import os

BENCH_DATABASE = "hoptac_bench"


def _create_on_server(settings_dict: dict) -> None:
    """Create ``hoptac_bench`` next to the configured database (connecting to that one to do it)."""
    import psycopg
    from psycopg import sql

    params = {
        "dbname": settings_dict["NAME"] or "postgres",
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(BENCH_DATABASE)
                )
            )


def setup_bench_django(*, migrate: bool = True) -> None:
    """``django.setup()`` on ``hoptac_bench`` (created and migrated if needed), with DEBUG off."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.config.settings")
    import django
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["NAME"] != BENCH_DATABASE:
        if default["ENGINE"] != "hoptac.core.embedded_pg":
            _create_on_server(default)
        default["NAME"] = BENCH_DATABASE  # the embedded backend creates it on first connection
    # Measure what production runs: no query log kept in memory, no debug pages.
    settings.DEBUG = False
    django.setup()
    from django.db import connection

    connection.ensure_connection()
    if connection.settings_dict["NAME"] != BENCH_DATABASE:  # pragma: no cover - a guard, never expected
        raise RuntimeError(f"refusing to run on {connection.settings_dict['NAME']!r}")
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def assert_bench_database() -> None:
    """Raise unless the default connection is the benchmark database (checked before every TRUNCATE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = cursor.fetchone()[0]
    if name != BENCH_DATABASE:
        raise RuntimeError(f"refusing to write to {name!r}: the benchmark uses {BENCH_DATABASE!r} only")


def captured_queries(client, url, params) -> list[dict]:
    """The SQL one GET of ``url`` runs (the page must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return captured.captured_queries


def explain_analyze(sql: str) -> str:
    """The plan PostgreSQL ran for ``sql``, with timings and buffers (kept in the results for a miss)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def finish_run(results: dict, *, began: float, out, report: bool, log) -> int:
    """The end of a benchmark run: its duration and the load at the end, the results written to ``out``, the
    report regenerated (unless asked not to), and one PASS/MISS line per target."""
    import json
    import time

    results["total_seconds"] = round(time.perf_counter() - began, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    log(f"results → {out}")
    if report:
        from .report import write_report

        log(f"report → {write_report()}")
    for target in results["targets"]:
        log(
            f"{'PASS' if target['pass'] else 'MISS'}  {target['name']}: {target['measured']} ({target['target']})"
        )
    return 0
