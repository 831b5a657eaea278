"""Reads of the cooperative registry; every one starts from ``restrict``."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from hoptac.core.pagination import KeysetPage, capped_count, keyset_paginate
from hoptac.core.permissions import VIEW, get_visible_or_404, restrict
from hoptac.core.text import fold

from .choices import LegalForm, Sector, Status
from .models import Cooperative


@dataclass
class CooperativeFilters:
    query: str = ""
    province: str = ""  # two-digit code
    commune: str = ""  # five-digit code
    legal_form: str = ""
    sector: str = ""
    status: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_querydict(cls, data) -> CooperativeFilters:
        """Read filters from GET parameters; an unknown value is ignored (and reported), never an error page."""
        filters = cls(query=(data.get("q") or "").strip()[:200])
        for name, allowed in (
            ("legal_form", LegalForm.values),
            ("sector", Sector.values),
            ("status", Status.values),
        ):
            value = data.get(name) or ""
            if value and value not in allowed:
                filters.errors.append(name)
                value = ""
            setattr(filters, name, value)
        for name, length in (("province", 2), ("commune", 5)):
            value = (data.get(name) or "").strip()
            if value and not (value.isdigit() and len(value) == length):
                filters.errors.append(name)
                value = ""
            setattr(filters, name, value)
        return filters

    def as_params(self) -> dict[str, str]:
        params = {
            "q": self.query, "province": self.province, "commune": self.commune,
            "legal_form": self.legal_form, "sector": self.sector, "status": self.status,
        }  # fmt: skip
        return {k: v for k, v in params.items() if v}


def cooperative_queryset(
    *, user: Any, filters: CooperativeFilters | None = None, action: str = VIEW
) -> QuerySet:
    qs = restrict(Cooperative.objects.all(), user, action)
    if filters is None:
        return qs
    for word in fold(filters.query).split():
        qs = qs.filter(search_text__contains=word)
    if filters.province:
        qs = qs.filter(province__code=filters.province)
    if filters.commune:
        qs = qs.filter(commune__code=filters.commune)
    if filters.legal_form:
        qs = qs.filter(legal_form=filters.legal_form)
    if filters.sector:
        qs = qs.filter(sectors__contains=[filters.sector])
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def cooperative_page(
    *, user: Any, filters: CooperativeFilters, after: str | None = None, before: str | None = None
) -> tuple[KeysetPage, int, bool]:
    """One keyset page in Vietnamese order, with a capped count. Three queries whatever the page size."""
    qs = cooperative_queryset(user=user, filters=filters)
    page = _search_page(qs.select_related("province", "commune"), filters, after=after, before=before)
    count, more = capped_count(qs)
    return page, count, more


def cooperative_search(*, user: Any, filters: CooperativeFilters, limit: int = 50) -> list[Cooperative]:
    """The first ``limit`` matches in Vietnamese order (the global search box; the list's first page)."""
    qs = cooperative_queryset(user=user, filters=filters).select_related("province")
    return _search_page(qs, filters, per_page=limit).items


def _search_page(
    qs: QuerySet,
    filters: CooperativeFilters,
    *,
    after: str | None = None,
    before: str | None = None,
    per_page: int | None = None,
) -> KeysetPage:
    """A keyset page of ``qs``; for the first page of a text search, the cheaper of two plans.

    A selective query ("hop tac xa thanh long thanh my") is answered from the trigram index, its matches sorted
    (``filtered=True``). A broad one ("htx", "xa hop tien", "an binh": a tenth of the registry or more, and
    words of two letters that have no trigram) would make that plan fetch and sort every match — 115 ms for "htx"
    at 100,000 rows — while its first page lies within the first few hundred rows in Vietnamese order. For those,
    :func:`_walk_bound` reads a sample of the table and returns a sort key that about 1.5 times the page's
    matches lie before; the page is then read by walking the sort index up to that key (3 ms). Should the walk find less
    than a full page (the sample was unlucky, or other filters or the user's scope thin the rows out), the trigram
    plan answers after all: the result is the same either way, only its cost differs.
    """
    words = fold(filters.query).split()
    if not words:
        return keyset_paginate(qs, after=after, before=before, per_page=per_page)
    if after is None and before is None:
        bound = _walk_bound(words, per_page or settings.HOPTAC_PAGE_SIZE)
        if bound is not None:
            page = keyset_paginate(qs.filter(sort_key__lte=bound), per_page=per_page)
            if page.next_cursor is not None:  # a full page and more: the first page of the whole search
                return page
    return keyset_paginate(qs, after=after, before=before, per_page=per_page, filtered=True)


# ------------------------------------------------------------------------------------- the table's sample

SAMPLE_ROWS = 10_000  # about 2 MB of text held per process
SAMPLE_SECONDS = 600  # taken again after ten minutes
SAMPLE_FROM_ROWS = 20_000  # below this, either plan costs a few milliseconds: no sample
WALK_ROWS = 5_000  # rows of the sort index a first page may walk (about 5 ms at 100,000 cooperatives)


@dataclass
class _Sample:
    taken: float
    rows: int  # the table's estimated row count when taken
    sort_keys: list[str]  # ascending
    texts: list[str]  # the search_text of each sampled row, in the same order


_sample: _Sample | None = None
_sample_lock = threading.Lock()


def _table_sample() -> _Sample:
    """About ``SAMPLE_ROWS`` random rows' (sort_key, search_text) in Vietnamese order, cached per process."""
    global _sample
    now = time.monotonic()
    sample = _sample
    if sample is not None and now - sample.taken < SAMPLE_SECONDS:
        return sample
    with _sample_lock:
        if _sample is not None and now - _sample.taken < SAMPLE_SECONDS:
            return _sample
        table = Cooperative._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
            found = cursor.fetchone()
            rows = int(found[0]) if found else 0
            keys: list[str] = []
            texts: list[str] = []
            if rows >= SAMPLE_FROM_ROWS:
                cursor.execute(
                    f'SELECT sort_key, search_text FROM "{table}" TABLESAMPLE BERNOULLI (%s) ORDER BY sort_key, id',  # noqa: S608 - fixed name
                    [min(100.0, 100.0 * SAMPLE_ROWS / rows)],
                )
                for key, text in cursor.fetchall():
                    keys.append(key)
                    texts.append(text)
        _sample = _Sample(now, rows, keys, texts)
        return _sample


def _walk_bound(words: list[str], per_page: int) -> str | None:
    """A sort key before which about 1.5 times ``per_page + 1`` rows match every word, when the sample says that is
    within the first ``WALK_ROWS`` rows; None when the query is not broad enough (or the table is small)."""
    sample = _table_sample()
    if not sample.texts or sample.rows <= 0:
        return None
    share = len(sample.texts) / sample.rows  # the sampled fraction of the table
    wanted = math.ceil(1.5 * max(1, math.ceil((per_page + 1) * share)))  # a margin over what a page needs
    budget = min(len(sample.texts), int(WALK_ROWS * share))
    found = 0
    for position in range(budget):
        text = sample.texts[position]
        if all(word in text for word in words):
            found += 1
            if found >= wanted:
                return sample.sort_keys[position]
    return None


def cooperative_get(*, user: Any, pk: int, action: str = VIEW) -> Cooperative:
    return get_visible_or_404(Cooperative.objects.select_related("province", "commune"), user, action, pk=pk)


def cooperative_export_rows(*, user: Any, filters: CooperativeFilters):
    """Every row of the filtered list, streamed from the database in Vietnamese order (bounded memory)."""
    return (
        cooperative_queryset(user=user, filters=filters)
        .select_related("province", "commune")
        .order_by("sort_key", "id")
        .iterator(chunk_size=2000)
    )


def cooperative_by_tax_code_or_id(text: str) -> Cooperative | None:
    """Scope look-up for the role form (administrator only): a tax code with or without dashes."""
    digits = "".join(ch for ch in text if ch.isdigit())
    code = f"{digits[:10]}-{digits[10:]}" if len(digits) == 13 else digits
    return Cooperative.objects.filter(tax_code=code).first() if code else None
