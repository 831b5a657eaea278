"""Pagination: numbered pages for short lists, keyset pages for lists of national size.

Keyset pages never count or skip rows: the next page starts after the last row shown, on an index that
matches the ordering, so page 2,000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, Func, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

COUNT_CAP = 10_000


def paginate(request, queryset, per_page: int | None = None) -> Page:
    paginator = Paginator(queryset, per_page or settings.HOPTAC_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _unindexed(field: str) -> Func:
    """The same values in the same (byte) order, but not the column: PostgreSQL cannot walk the sort index."""
    return Func(F(field), template="(%(expressions)s || '') COLLATE \"C\"", output_field=CharField())


def keyset_paginate(
    queryset: QuerySet,
    *,
    after: str | None = None,
    before: str | None = None,
    per_page: int | None = None,
    keys: tuple[str, str] = ("sort_key", "id"),
    filtered: bool = False,
) -> KeysetPage:
    """One page of ``queryset`` ordered by ``keys`` (ascending, the last key unique), after/before a cursor.

    ``filtered``: the queryset carries a selective filter with its own index (a text search). PostgreSQL would
    otherwise walk the sort index and discard non-matching rows one by one (measured at 100,000 cooperatives:
    96 ms for "hop tac nong nghiep"); ordering by an expression makes it use the search index and sort the
    matches instead (27 ms). A malformed cursor is treated as no cursor: links are ours, but people edit URLs.
    """
    per_page = per_page or settings.HOPTAC_PAGE_SIZE
    # Both keys ascending ("sort_key", "id") or both descending ("-created_at", "-id": newest first).
    descending = keys[0].startswith("-")
    first, last = (key.lstrip("-") for key in keys)
    cursor = _decode(after) if after else (_decode(before) if before else None)
    cursor = _cursor_values(queryset, first, cursor)
    if cursor is None:
        after, before = None, None  # tampered or stale: the first page, never an error
    qs = queryset
    # A row comparison, (sort_key, id) > (x, y), is an index condition; the equivalent
    # "sort_key > x OR (sort_key = x AND id > y)" makes PostgreSQL filter every index entry before the page.
    pair = Tuple(F(first), F(last))
    forward, backward = (TupleLessThan, TupleGreaterThan) if descending else (TupleGreaterThan, TupleLessThan)
    if cursor is not None and after:
        qs = qs.filter(forward(pair, (cursor[0], cursor[1])))
    elif cursor is not None and before:
        qs = qs.filter(backward(pair, (cursor[0], cursor[1])))
    order = _unindexed(first) if filtered else F(first)
    ahead = (order.desc(), F(last).desc()) if descending else (order.asc(), F(last).asc())
    behind = (order.asc(), F(last).asc()) if descending else (order.desc(), F(last).desc())
    if before and cursor is not None:
        rows = list(qs.order_by(*behind)[: per_page + 1])
        has_more_before = len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        has_more_after = True
    else:
        rows = list(qs.order_by(*ahead)[: per_page + 1])
        has_more_after = len(rows) > per_page
        rows = rows[:per_page]
        has_more_before = cursor is not None

    def key_of(row):
        value = getattr(row, first)
        return [value.isoformat() if isinstance(value, datetime.datetime) else value, getattr(row, last)]

    return KeysetPage(
        items=rows,
        next_cursor=_encode(key_of(rows[-1])) if rows and has_more_after else None,
        previous_cursor=_encode(key_of(rows[0])) if rows and has_more_before else None,
        is_first=not has_more_before,
    )


def _cursor_values(queryset: QuerySet, first: str, cursor: list | None) -> list | None:
    """The cursor's (first key, id) as the database compares them, or None for a malformed one."""
    if cursor is None or len(cursor) != 2 or not isinstance(cursor[0], str) or type(cursor[1]) is not int:
        return None
    if queryset.model._meta.get_field(first).get_internal_type() == "DateTimeField":
        try:
            moment = datetime.datetime.fromisoformat(cursor[0])
        except ValueError:
            return None
        return [moment, cursor[1]] if moment.tzinfo is not None else None
    return cursor


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows, counting at most ``cap`` (a count over 100,000 filtered rows is not worth its time)."""
    count = queryset.order_by()[: cap + 1].count()
    return min(count, cap), count > cap
