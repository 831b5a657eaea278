"""Forms of the party fee ledger: open a month, record a payment, record the remittance.

Money is typed in whole đồng the Vietnamese way ("150000", "150.000", "150 000 đ"); the services check the rules
again (positive, not more than owed, month open) and their refusal lands on the form with nothing typed lost.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import MoneyField as CoreMoneyField
from hoptac.core.forms import PrintableTextMixin

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}
DATE_INVALID = _("Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026.")


class MoneyField(CoreMoneyField):
    """An amount in whole đồng: "150000", "150.000", "150 000 đ"; positive unless ``allow_zero``."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30, "autocomplete": "off"})
    max_digits = 13

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_zero = allow_zero

    def to_python(self, value):
        text = self.bare_text(value)
        if text.startswith("-") and self.is_amount(text[1:].strip()):
            raise forms.ValidationError(
                _("Số tiền không được âm.") if self.allow_zero else _("Số tiền phải lớn hơn 0."),
                code="negative",
            )
        amount = super().to_python(value)
        if amount == 0 and not self.allow_zero:
            raise forms.ValidationError(_("Số tiền phải lớn hơn 0."), code="zero")
        return amount


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages={"invalid": DATE_INVALID, "required": _("Hãy nhập ngày.")},
        **kwargs,
    )


class OpenMonthForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Tháng"),
        coerce=int,
        choices=[(m, _("Tháng %(month)s") % {"month": m}) for m in range(1, 13)],
        error_messages={"invalid_choice": _("Hãy chọn tháng từ 1 đến 12."), "required": _("Hãy chọn tháng.")},
    )
    year = forms.TypedChoiceField(
        label=_("Năm"),
        coerce=int,
        error_messages={"invalid_choice": _("Hãy chọn năm trong danh sách."), "required": _("Hãy chọn năm.")},
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        today = today or timezone.localdate()
        kwargs.setdefault("initial", {"month": today.month, "year": today.year})
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year, today.year - 6, -1)]

    def chosen_month(self) -> date:
        return date(self.cleaned_data["year"], self.cleaned_data["month"], 1)


class PaymentForm(PrintableTextMixin, forms.Form):
    amount = MoneyField(label=_("Số tiền (đồng)"), error_messages={"required": _("Hãy nhập số tiền.")})
    paid_on = _date_field(_("Ngày nộp"))
    receipt = forms.CharField(
        label=_("Số biên lai"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Số biên lai")}),
        error_messages={
            "max_length": _("Số biên lai dài tối đa %(limit_value)d ký tự (đang có %(show_value)d).")
        },
    )


class RemitForm(forms.Form):
    amount = MoneyField(
        label=_("Số tiền nộp lên cấp trên (đồng)"),
        allow_zero=True,
        error_messages={"required": _("Hãy nhập số tiền nộp lên.")},
    )
    remitted_on = _date_field(_("Ngày nộp lên cấp trên"))
