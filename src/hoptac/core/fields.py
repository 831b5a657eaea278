"""Model fields shared by every app."""

from __future__ import annotations

from django.db import models


class SortKeyField(models.CharField):
    """Holds :func:`hoptac.core.text.sort_key`; compared byte by byte (collation "C") whatever the database's
    default collation is, since the key's order is code-point order by construction.

    Production servers often default to en_US.UTF-8, whose rules would scramble the key; "C" exists in every
    PostgreSQL (no ICU needed).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_collation", "C")
        super().__init__(*args, **kwargs)
