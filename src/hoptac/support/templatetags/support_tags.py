"""Small display helpers of the support screens (state colours)."""

from __future__ import annotations

from django import template

register = template.Library()

STATE_CLASSES = {
    "draft": "text-bg-light border",
    "submitted": "text-bg-warning",
    "returned": "text-bg-warning",
    "endorsed": "text-bg-info",
    "assigned": "text-bg-primary",
    "in_progress": "text-bg-primary",
    "resolved": "text-bg-success",
    "closed": "text-bg-secondary",
    "declined": "text-bg-danger",
    "withdrawn": "text-bg-light border",
}


@register.filter
def state_class(state: str) -> str:
    """Bootstrap badge classes for a request state."""
    return STATE_CLASSES.get(state, "text-bg-light border")


@register.filter
def state_label(state: str) -> str:
    """The state's label in the active language. ``get_state_display`` hashes every choice's lazy label on each
    call (900 translations for a page of 50 rows); this translates one."""
    from ..choices import State

    return str(State(state).label) if state in State.values else state


@register.filter
def category_label(category: str) -> str:
    from ..choices import Category

    return str(Category(category).label) if category in Category.values else category
