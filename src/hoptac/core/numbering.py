"""Gap-free yearly numbering (support requests YC-2026-000123, lab samples MT-2026-00045, …).

A counter model has ``year`` (primary key) and ``last``. The next value is taken by one
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` inside the caller's transaction: the counter row stays locked until
that transaction ends, so numbers are unique and gap-free under concurrent creation, and a rolled-back creation
rolls its number back too.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model
from psycopg import sql


def next_in_year(counter: type[Model], year: int) -> int:
    table = sql.Identifier(counter._meta.db_table)
    statement = sql.SQL(
        "INSERT INTO {table} (year, last) VALUES (%s, 1) "
        "ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    ).format(table=table)
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(connection.connection), [year])
        (last,) = cursor.fetchone()
    return last
