"""The main menu: each app declares its entries and who sees them; the shell shows each person theirs.

An entry is shown to users holding any of ``roles`` (``None`` = every logged-in user). Views still check
access themselves through selectors — the menu only avoids showing links that would answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: Any
    url_name: str
    icon: str = "circle"
    roles: frozenset[str] | None = None
    order: int = 100

    def visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return self.roles is None or user.has_role(*self.roles)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_items: dict[str, MenuItem] = {}


def register(item: MenuItem) -> None:
    _items[item.key] = item


def menu_for(user) -> list[MenuItem]:
    return sorted((i for i in _items.values() if i.visible_to(user)), key=lambda i: (i.order, i.key))
