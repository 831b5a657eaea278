"""Form behaviour shared by every app."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class OneMessagePerFieldMixin:
    """When a field already failed its own validation, do not add the model's follow-up complaint about it.

    A tax code with a wrong check digit is cleared from ``cleaned_data``; the model's clean() would then also
    say "a tax code is required" — true but confusing. The person sees the first, precise message only.
    """

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            for name in [
                n for n in errors.error_dict if n in self._errors and n != forms.forms.NON_FIELD_ERRORS
            ]:
                del errors.error_dict[name]
            if not errors.error_dict:
                return
        super()._update_errors(errors)


# C0 controls except tab, line feed and carriage return; DEL; C1 controls; the two non-characters. A person
# never types them on purpose (they come from pasted PDFs and old databases), and an .xlsx cannot hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class PrintableTextMixin:
    """Remove invisible control characters from every text value a form accepts (before the model sees it)."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str) and _CONTROL.search(value):
                self.cleaned_data[name] = _CONTROL.sub("", value)


_MONEY = re.compile(r"^(?:\d{1,3}(?:[. ]\d{3})+|\d+)$")
_CURRENCY = re.compile(r"\s*(?:₫|đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)


def money_text(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


class MoneyField(forms.Field):
    """An amount in đồng, whole: "150000", "150.000", "150 000 đ"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30})
    max_digits = 14

    def prepare_value(self, value):
        return money_text(value) if isinstance(value, Decimal | int) else value

    @staticmethod
    def bare_text(value) -> str:
        """The typed text without the spaces around it and a currency word or sign after it."""
        return _CURRENCY.sub("", str(value or "").strip())

    @staticmethod
    def is_amount(text: str) -> bool:
        """Whole đồng, digits grouped by dots or spaces or not at all ("150.000", "150 000", "150000")."""
        return bool(_MONEY.match(text))

    def to_python(self, value):
        text = self.bare_text(value)
        if not text:
            return None
        if not self.is_amount(text) or len(text.replace(".", "").replace(" ", "")) > self.max_digits:
            raise forms.ValidationError(
                _("Hãy nhập số tiền bằng đồng, không có phần lẻ, ví dụ 150.000."), code="invalid"
            )
        return Decimal(text.replace(".", "").replace(" ", ""))
