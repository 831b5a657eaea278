"""Reads of administrative units; every one starts from ``restrict`` (see core.permissions).

Query budgets: :func:`province_list` is one query for the provinces with their commune counts plus one for
all former provinces; :func:`province_get` is one query plus one for its former provinces;
:func:`commune_list` is one query. None grows with the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from hoptac.core.permissions import VIEW, get_visible_or_404, restrict
from hoptac.core.text import fold

from .models import Commune, FormerProvince, Province


def _former_provinces(user: Any) -> Prefetch:
    # Prefetched through restrict too, so a policy change on former provinces is honoured here as well.
    return Prefetch("former_provinces", queryset=restrict(FormerProvince.objects.all(), user, VIEW))


def province_list(*, user: Any) -> QuerySet[Province]:
    """The provinces the user may see, in Vietnamese order, each with ``commune_count`` and its former provinces."""
    return (
        restrict(Province.objects.all(), user, VIEW)
        .annotate(commune_count=Count("communes"))
        .prefetch_related(_former_provinces(user))
        .order_by("sort_key")
    )


def province_search(*, user: Any, query: str) -> QuerySet[Province]:
    """Provinces whose name, or the name of one of their former provinces, contains every folded word.

    "ha giang" finds Tuyên Quang, which Hà Giang merged into; the global search box relies on this.
    """
    words = fold(query).split()
    if not words:
        return Province.objects.none()
    own_name = Q(*[Q(folded_name__contains=word) for word in words])
    former_name = Exists(
        restrict(FormerProvince.objects.all(), user, VIEW).filter(own_name, province=OuterRef("pk"))
    )
    return restrict(Province.objects.all(), user, VIEW).filter(own_name | former_name).order_by("sort_key")


def province_get(*, user: Any, code: str) -> Province:
    """One province by its two-digit code, with its former provinces; 404 when it does not exist or is hidden."""
    queryset = Province.objects.annotate(commune_count=Count("communes")).prefetch_related(
        _former_provinces(user)
    )
    return get_visible_or_404(queryset, user, VIEW, code=code)


def commune_list(
    *, user: Any, province: Province | None = None, query: str | None = None
) -> QuerySet[Commune]:
    """Communes the user may see, in Vietnamese order, optionally of one province and matching ``query``.

    ``query`` is folded and split into words; a commune matches when every word appears in its folded name
    ("tan lap", "Tân Lập" and "xa tan" all find "Xã Tân Lập"). The trigram index on ``folded_name`` serves
    these substring filters.
    """
    queryset = restrict(Commune.objects.all(), user, VIEW).select_related("province")
    if province is not None:
        queryset = queryset.filter(province=province)
    for word in fold(query).split():
        queryset = queryset.filter(folded_name__contains=word)
    return queryset.order_by("sort_key", "code")


def province_choices(*, user: Any) -> QuerySet[Province]:
    """The provinces for a filter or a drop-down: names only, in Vietnamese order (one light query)."""
    return (
        restrict(Province.objects.all(), user, VIEW)
        .only("code", "name", "short_name", "sort_key")
        .order_by("sort_key")
    )
