"""What the registry contributes to the global search box: cooperatives the user may see."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.core import search

from . import selectors


def _search(user, query: str, limit: int) -> list[search.SearchResult]:
    filters = selectors.CooperativeFilters(query=query)
    rows = (
        selectors.cooperative_queryset(user=user, filters=filters)
        .select_related("province")
        .order_by("sort_key", "id")
    )
    return [
        search.SearchResult(
            c.name, reverse("registry:cooperative_detail", args=[c.pk]), f"{c.tax_code or ''} · {c.province}"
        )
        for c in rows
    ]


search.register("registry", _("Hợp tác xã"), _search)
