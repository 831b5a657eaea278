from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin

from .models import CalendarDay

DATE_FORMAT_HELP = _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 02/09/2026.")


class CalendarDayForm(OneMessagePerFieldMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(
        label=_("Ngày"),
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
        error_messages={"required": _("Hãy nhập ngày."), "invalid": DATE_FORMAT_HELP},
    )

    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "legal_basis", "provisional"]
        labels = {
            "kind": _("Loại ngày"),
            "name": _("Tên"),
            "legal_basis": _("Căn cứ"),
            "provisional": _("Dự kiến (chưa có thông báo chính thức)"),
        }
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "kind": {"required": _("Hãy chọn loại ngày."), "invalid_choice": _("Loại ngày không hợp lệ.")},
            "name": {"required": _("Hãy nhập tên ngày, ví dụ “Quốc khánh”.")},
            "legal_basis": {"required": _("Hãy ghi căn cứ: điều luật và văn bản công bố lịch nghỉ.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
