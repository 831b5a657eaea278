"""Form behaviour shared by every app."""

from __future__ import annotations

from django import forms


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
