"""Forms of the cell's page: a term, a committee position, the end of a position, the cell's rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import MoneyField, OneMessagePerFieldMixin

from .choices import Position
from .models import CellRules, PartyMember


class TermForm(OneMessagePerFieldMixin, forms.Form):
    name = forms.CharField(label=_("Nhiệm kỳ"), max_length=50, help_text=_("Ví dụ: 2025–2030."))
    starts_on = forms.DateField(label=_("Từ ngày"))
    ends_on = forms.DateField(label=_("Đến ngày"), required=False)


class PositionForm(OneMessagePerFieldMixin, forms.Form):
    member = forms.ModelChoiceField(label=_("Đảng viên"), queryset=PartyMember.objects.none())
    position = forms.ChoiceField(label=_("Chức vụ"), choices=Position.choices)
    starts_on = forms.DateField(label=_("Từ ngày"))
    decision = forms.CharField(label=_("Căn cứ (quyết định, kết quả bầu)"), max_length=200, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class PositionEndForm(OneMessagePerFieldMixin, forms.Form):
    ends_on = forms.DateField(label=_("Kết thúc từ ngày"))


class PercentField(forms.DecimalField):
    """A share typed as a percentage the Vietnamese way ("30", "0,5", "12,5 %"); holds the share (0.30, 0.005)."""

    default_error_messages = {
        "invalid": _("Nhập tỷ lệ phần trăm là một số, ví dụ 30 hoặc 0,5."),
        "range": _("Tỷ lệ phải từ 0 đến 100%."),
    }

    def __init__(self, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(max_digits=7, decimal_places=4, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{(value * 100).normalize():f}".replace(".", ",")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
            if value.count(",") > 1 or ("," in value and "." in value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = value.replace(",", ".")
        number = super().to_python(value)
        if number is None:
            return None
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return (number / 100).quantize(Decimal("0.0001"))

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        return None


class RulesForm(OneMessagePerFieldMixin, forms.ModelForm):
    """The cell's rules; shares are typed as percentages."""

    class Meta:
        model = CellRules
        fields = [
            "quorum_share",
            "quorum_strictly_more",
            "quorum_counts_probationary",
            "documents_days_ahead",
            "meeting_minutes_min",
            "combined_meeting_minutes_min",
            "excellent_quota_share",
            "excellent_quota_blocking",
            "excellent_exceeding_share",
            "fee_salary_rate",
            "fee_pension_rate",
            "fee_fixed_default",
            "fee_kept_share",
            "probation_months",
            "probation_reminder_days",
            "badge_milestones",
            "badge_reminder_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SHARE_FIELDS:
            model_field = CellRules._meta.get_field(name)
            self.fields[name] = PercentField(
                label=f"{model_field.verbose_name} (%)", help_text=model_field.help_text, required=True
            )
        fixed = CellRules._meta.get_field("fee_fixed_default")
        self.fields["fee_fixed_default"] = MoneyField(label=fixed.verbose_name, help_text=fixed.help_text)


SHARE_FIELDS = (
    "quorum_share",
    "excellent_quota_share",
    "excellent_exceeding_share",
    "fee_salary_rate",
    "fee_pension_rate",
    "fee_kept_share",
)


__all__ = ["PositionEndForm", "PositionForm", "RulesForm", "TermForm"]
