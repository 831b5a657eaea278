"""What accounts contributes to the global search box: people, for the system administrator only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.core import search

from . import selectors


def _search_users(user, query: str, limit: int) -> list[search.SearchResult]:
    if not user.is_system_admin:
        return []
    return [
        search.SearchResult(u.display_name, reverse("accounts:user_detail", args=[u.pk]), u.email)
        for u in selectors.user_list(user=user, query=query)[:limit]
    ]


search.register("accounts", _("Người dùng"), _search_users)
