"""Form behaviour shared by every app."""

from __future__ import annotations

import re

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
