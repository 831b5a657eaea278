"""What places contributes to the global search box: provinces (also by former name) and communes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.core import search

from . import selectors


def _search_places(user, query: str, limit: int) -> list[search.SearchResult]:
    results = [
        search.SearchResult(
            province.short_name,
            reverse("places:province_detail", args=[province.code]),
            province.get_kind_display(),
        )
        for province in selectors.province_search(user=user, query=query)[:limit]
    ]
    remaining = limit - len(results)
    if remaining > 0:
        # Communes have no page of their own: the result opens the province's list filtered to that name.
        for commune in selectors.commune_list(user=user, query=query)[:remaining]:
            url = reverse("places:province_detail", args=[commune.province.code])
            results.append(
                search.SearchResult(
                    commune.name, f"{url}?{urlencode({'q': commune.short_name})}", commune.province.short_name
                )
            )
    return results


search.register("places", _("Địa giới hành chính"), _search_places)
