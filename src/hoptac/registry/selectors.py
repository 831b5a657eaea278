"""Reads of the cooperative registry; every one starts from ``restrict``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    page = keyset_paginate(
        qs.select_related("province", "commune"),
        after=after,
        before=before,
        filtered=bool(filters.query.strip()),
    )
    count, more = capped_count(qs)
    return page, count, more


def cooperative_search(*, user: Any, filters: CooperativeFilters, limit: int = 50) -> list[Cooperative]:
    """The first ``limit`` matches in Vietnamese order (the global search box; the list's first page)."""
    qs = cooperative_queryset(user=user, filters=filters).select_related("province")
    return keyset_paginate(qs, per_page=limit, filtered=bool(filters.query.strip())).items


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
