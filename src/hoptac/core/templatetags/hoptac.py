"""Template helpers used across apps: money in VND, history links, Vietnamese dates."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1500000 → "1.500.000 ₫" (Vietnamese thousands separator, no decimals)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value).quantize(Decimal(1))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.0f}".replace(",", ".")
    return f"{sign}{digits} ₫"


@register.filter
def percent(value) -> str:
    """A share as a Vietnamese percentage: Decimal("0.005") → "0,5%", Decimal("0.3") → "30%"."""
    if value in (None, ""):
        return ""
    try:
        number = (Decimal(value) * 100).quantize(Decimal("0.01")).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{number:f}".replace(".", ",") + "%"


@register.simple_tag
def history_url(obj) -> str:
    meta = obj._meta
    return reverse("core:history", args=[meta.app_label, meta.model_name, obj.pk])


@register.filter
def has_role(user, codes: str) -> bool:
    return user.is_authenticated and user.has_role(*[c.strip() for c in codes.split(",")])


@register.filter
def bs(field):
    """Render a bound field with Bootstrap classes and the invalid state (errors are shown inline)."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)  # a Textarea has none
    if input_type == "checkbox":
        css = "form-check-input"
    elif input_type == "select" or getattr(widget, "allow_multiple_selected", False):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def widget_kind(field) -> str:
    """ "checkbox" (one box), "checkboxes" (several), or "input" — the form template lays each out differently."""
    widget = field.field.widget
    if getattr(widget, "input_type", None) == "checkbox":
        return "checkboxes" if getattr(widget, "allow_multiple_selected", False) else "checkbox"
    return "input"
