"""Pagination for ordinary lists (hundreds of rows). Lists of national size use keyset pagination instead."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int | None = None) -> Page:
    paginator = Paginator(queryset, per_page or settings.HOPTAC_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
