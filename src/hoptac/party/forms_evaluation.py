"""Forms of the evaluation and target screens: they parse what people type; the rules stay in the services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin

from .choices import Level, TargetComparison, TargetMode

DATE_INVALID = _("Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 25/12/2026.")
DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
NUMBER_INVALID = _("Hãy nhập một số, ví dụ 27,5.")
WHOLE_INVALID = _("Hãy nhập một số nguyên không âm, ví dụ 12.")
LEVEL_CHOICES = [("", "—"), *Level.choices]


class DecimalCommaField(forms.DecimalField):
    """A decimal typed the Vietnamese way ("27,5") or with a point ("27.5")."""

    def __init__(self, *, places: int, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(decimal_places=places, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
            if value:
                try:
                    Decimal(value)
                except InvalidOperation:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


def _whole(label, *, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": WHOLE_INVALID,
            "min_value": _("Không được là số âm."),
            "max_value": _("Số này quá lớn (tối đa %(limit_value)s)."),
            "required": _("Hãy nhập số này."),
        },
    )


def _score(label, maximum: int):
    return DecimalCommaField(
        label=label,
        places=1,
        required=False,
        max_digits=4,
        min_value=Decimal(0),
        max_value=Decimal(maximum),
        error_messages={
            "invalid": NUMBER_INVALID,
            "min_value": _("Điểm không được âm."),
            "max_value": _("Điểm tối đa là %(limit_value)s."),
            "max_decimal_places": _("Điểm chỉ lấy một chữ số thập phân."),
            "max_digits": _("Điểm vượt mức tối đa."),
            "max_whole_digits": _("Điểm vượt mức tối đa."),
        },
    )


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=10000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s).")},
    )


def _date(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%d/%m/%Y"),
        error_messages={"invalid": DATE_INVALID, "required": _("Hãy nhập ngày.")},
    )


def _level(label, *, required=True):
    return forms.ChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        required=required,
        error_messages={
            "required": _("Hãy chọn mức xếp loại."),
            "invalid_choice": _("Hãy chọn mức xếp loại trong danh sách."),
        },
    )


class SelfReviewForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.Form):
    """Mẫu 2A/2B/2C in short: scores (30 general + 70 tasks), task numbers, the three written parts, a level."""

    general_score = _score(_("Điểm tiêu chí chung (tối đa 30)"), 30)
    task_score = _score(_("Điểm kết quả thực hiện nhiệm vụ (tối đa 70)"), 70)
    tasks_total = _whole(_("Số nhiệm vụ được giao trong năm"))
    tasks_on_time = _whole(_("Số nhiệm vụ hoàn thành đúng hạn"))
    tasks_exceeding = _whole(_("Số nhiệm vụ hoàn thành vượt yêu cầu"))
    strengths = _text(_("Ưu điểm"), _("Về tư tưởng chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật."))
    shortcomings = _text(_("Hạn chế, khuyết điểm và nguyên nhân"))
    remedies = _text(_("Phương hướng, biện pháp khắc phục"))
    self_level = _level(_("Tự nhận mức xếp loại"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = (
        "general_score",
        "task_score",
        "tasks_total",
        "tasks_on_time",
        "tasks_exceeding",
        "strengths",
        "shortcomings",
        "remedies",
        "self_level",
    )

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class CommentForm(PrintableTextMixin, forms.Form):
    cell_comment = _text(_("Nhận xét của chi bộ"))
    unit_leader_comment = _text(
        _("Nhận xét của lãnh đạo đơn vị"),
        _("Chi ủy ghi lại nhận xét của lãnh đạo đơn vị nơi đảng viên công tác (nếu có)."),
    )
    forced_not_complete = forms.CharField(
        label=_("Trường hợp buộc xếp loại không hoàn thành nhiệm vụ"),
        required=False,
        max_length=500,
        help_text=_(
            "Quy định 366-QĐ/TW: bị kỷ luật trong năm (trừ trường hợp tự phát hiện, khắc phục), suy thoái…; "
            "để trống nếu không có."
        ),
        error_messages={"max_length": _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s).")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProposeForm(forms.Form):
    level = _level(_("Mức chi bộ đề xuất"))
    votes_for = _whole(_("Số tán thành"), required=True)
    votes_total = _whole(_("Số đảng viên biểu quyết"), required=True)
    proposed_on = _date(_("Ngày biểu quyết"))


class DecideForm(PrintableTextMixin, forms.Form):
    level = _level(_("Mức cấp ủy cấp trên quyết định"))
    decided_on = _date(_("Ngày quyết định"))
    decision = forms.CharField(
        label=_("Số quyết định"),
        max_length=200,
        error_messages={
            "required": _("Hãy ghi số quyết định của cấp ủy cấp trên."),
            "max_length": _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s)."),
        },
    )


class CellLevelForm(PrintableTextMixin, forms.Form):
    level = _level(_("Xếp loại chi bộ"))
    decided_on = _date(_("Ngày cấp trên quyết định"))
    decision = forms.CharField(
        label=_("Quyết định của cấp trên"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s).")},
    )


class RoundOpenForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm đánh giá"),
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Hãy nhập năm."),
            "invalid": _("Hãy nhập năm bằng số, ví dụ 2026."),
            "min_value": _("Năm đánh giá phải từ 2000 trở đi."),
            "max_value": _("Năm này không hợp lệ."),
        },
    )


class TargetForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.Form):
    label = forms.CharField(
        label=_("Chỉ tiêu"),
        max_length=255,
        help_text=_("Ví dụ: Trên 70% đảng viên hoàn thành tốt nhiệm vụ trở lên."),
        error_messages={
            "required": _("Hãy ghi nội dung chỉ tiêu."),
            "max_length": _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s)."),
        },
    )
    level = _level(_("Mức xếp loại"))
    mode = forms.ChoiceField(
        label=_("Cách tính"),
        choices=TargetMode.choices,
        initial=TargetMode.AT_LEAST_LEVEL,
        error_messages={"invalid_choice": _("Hãy chọn cách tính trong danh sách.")},
    )
    comparison = forms.ChoiceField(
        label=_("So sánh"),
        choices=TargetComparison.choices,
        initial=TargetComparison.AT_LEAST,
        error_messages={"invalid_choice": _("Hãy chọn cách so sánh trong danh sách.")},
    )
    share = DecimalCommaField(
        label=_("Tỷ lệ (%)"),
        places=2,
        max_digits=5,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            "required": _("Hãy nhập tỷ lệ."),
            "invalid": _("Hãy nhập tỷ lệ bằng số, ví dụ 70 hoặc 16,5."),
            "min_value": _("Tỷ lệ không được âm."),
            "max_value": _("Tỷ lệ tối đa là 100%%."),
            "max_decimal_places": _("Tỷ lệ lấy tối đa hai chữ số thập phân."),
            "max_digits": _("Tỷ lệ tối đa là 100%%."),
            "max_whole_digits": _("Tỷ lệ tối đa là 100%%."),
        },
    )
    source_note = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022–2025."),
        error_messages={"max_length": _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s).")},
    )

    FIELDS = ("label", "level", "mode", "comparison", "share", "source_note")

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
