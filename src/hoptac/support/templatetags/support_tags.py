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
