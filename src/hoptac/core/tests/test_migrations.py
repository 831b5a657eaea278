"""Models and migrations agree, and reference data migrations stand on their own."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes without a migration:\n{out.getvalue()} ({exit_})")


@pytest.mark.django_db
def test_pg_trgm_is_installed_by_a_migration():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_every_sort_key_column_compares_bytes_whatever_the_server_default():
    from django.apps import apps
    from django.db import connection

    from hoptac.core.fields import SortKeyField

    columns = [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, SortKeyField)
    ]
    assert len(columns) >= 6
    with connection.cursor() as cursor:
        for table, column in columns:
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                [table, column],
            )
            assert cursor.fetchone() == ("C",), f"{table}.{column}"


@pytest.mark.django_db
def test_database_orders_sort_keys_in_vietnamese_order_even_under_a_language_collation():
    """The column's "C" collation wins over the database default (en_US.UTF-8 on many production servers)."""
    from django.db import connection

    from hoptac.core.text import sort_key

    names = ["Ăn", "An Giang", "An", "Anh", "Dương", "Đà Nẵng", "Ân", "Bắc Ninh", "Bạc Liêu"]
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT name FROM unnest(%s::text[], %s::text[]) AS t(name, key) ORDER BY key COLLATE "C"',
            [names, [sort_key(n) for n in names]],
        )
        ordered = [row[0] for row in cursor.fetchall()]
    assert ordered == ["An", "An Giang", "Anh", "Ăn", "Ân", "Bạc Liêu", "Bắc Ninh", "Dương", "Đà Nẵng"]
