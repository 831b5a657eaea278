"""Forms of the lab's screens: they parse what people type; the rules stay in :mod:`hoptac.lab.services`."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import PrintableTextMixin

from .choices import Condition, PaymentStatus
from .models import LimitSet, Matrix, Package, Parameter

DATETIME_INVALID = _("Hãy nhập thời điểm theo dạng dd/mm/yyyy hh:mm, ví dụ 25/12/2026 08:30.")
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"]


class SampleCreateForm(PrintableTextMixin, forms.Form):
    """A sample order: the cooperative (looked up, or fixed by the support request it comes from), the matrix,
    its parameters (single ones and packages) and where, when and by whom it was sampled."""

    cooperative = forms.IntegerField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": _("Hãy chọn hợp tác xã.")}
    )
    cooperative_text = forms.CharField(
        label=_("Hợp tác xã"),
        required=False,
        max_length=200,
        help_text=_("Gõ tên (không dấu cũng được) hoặc mã số thuế rồi chọn trong danh sách."),
    )
    matrix = forms.ModelChoiceField(
        label=_("Nền mẫu"),
        queryset=Matrix.objects.all(),
        empty_label="—",
        error_messages={
            "required": _("Hãy chọn nền mẫu."),
            "invalid_choice": _("Hãy chọn nền mẫu trong danh sách."),
        },
    )
    packages = forms.ModelMultipleChoiceField(
        label=_("Gói chỉ tiêu"),
        queryset=Package.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Gói chỉ tiêu này không thuộc nền mẫu đã chọn.")},
    )
    parameters = forms.ModelMultipleChoiceField(
        label=_("Chỉ tiêu"),
        queryset=Parameter.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Chỉ tiêu này không thuộc danh mục của nền mẫu đã chọn.")},
    )
    sampling_place = forms.CharField(
        label=_("Nơi lấy mẫu"),
        max_length=300,
        error_messages={"required": _("Hãy ghi nơi lấy mẫu.")},
        help_text=_("Ví dụ: cửa xả bể tự hoại, trại heo thôn 3."),
    )
    sampled_at = forms.DateTimeField(
        label=_("Thời điểm lấy mẫu"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        ),
        error_messages={"invalid": DATETIME_INVALID},
    )
    sampler = forms.CharField(label=_("Người lấy mẫu"), max_length=200, required=False)
    # One-time token: the same form posted twice (a double tap) registers one sample.
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, fixed_cooperative=None, matrix=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["token"].initial = uuid.uuid4()
        self.user = user
        self.fixed_cooperative = fixed_cooperative
        if fixed_cooperative is not None:
            del self.fields["cooperative_text"]
            self.fields["cooperative"].initial = fixed_cooperative.pk
        self.set_matrix(matrix)

    def set_matrix(self, matrix) -> None:
        """The pick lists of ``matrix``: its parameters and its active packages (nothing before one is chosen)."""
        self.chosen_matrix = matrix
        if matrix is None:
            self.fields["parameters"].queryset = Parameter.objects.none()
            self.fields["packages"].queryset = Package.objects.none()
            return
        self.fields["parameters"].queryset = matrix.parameters.order_by("position", "code")
        self.fields["packages"].queryset = (
            Package.objects.filter(matrix=matrix, active=True)
            .prefetch_related("parameters")
            .order_by("position", "name")
        )

    def clean(self):
        from hoptac.registry.forms import picked_cooperative

        data = super().clean()
        data["cooperative_obj"] = picked_cooperative(self, data)
        chosen_parameters = list(data.get("parameters") or [])
        for package in data.get("packages") or []:
            chosen_parameters += list(package.parameters.all())
        data["all_parameters"] = list(dict.fromkeys(chosen_parameters))
        if not data["all_parameters"] and "parameters" not in self.errors and "matrix" not in self.errors:
            self.add_error("parameters", _("Hãy chọn ít nhất một chỉ tiêu hoặc một gói chỉ tiêu."))
        return data

    def checked_parameter_ids(self) -> set[int]:
        """The parameters shown ticked: those posted, plus those of the packages posted."""
        if not self.is_bound:
            return set()
        ids = {int(v) for v in self.data.getlist("parameters") if str(v).isdigit()}
        package_ids = [int(v) for v in self.data.getlist("packages") if str(v).isdigit()]
        for package in self.fields["packages"].queryset:
            if package.pk in package_ids:
                ids |= {p.pk for p in package.parameters.all()}
        return ids


class ReceiveForm(PrintableTextMixin, forms.Form):
    condition = forms.ChoiceField(
        label=_("Tình trạng mẫu khi nhận"),
        choices=[("", "—"), *Condition.choices],
        error_messages={"required": _("Hãy chọn tình trạng mẫu khi nhận.")},
    )
    condition_note = forms.CharField(
        label=_("Ghi chú tình trạng mẫu"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi chọn “Khác”."),
    )


class LimitSetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.regulation.code} — {obj.name}"
        if obj.description:
            label += f" ({obj.description})"
        if obj.regulation.is_superseded:
            label += " · " + str(
                _("đã được thay thế bởi %(code)s") % {"code": obj.regulation.superseded_by.code}
            )
        return label


class ApplyRegulationForm(PrintableTextMixin, forms.Form):
    limit_set = LimitSetChoiceField(
        label=_("Quy chuẩn và bộ giới hạn"),
        queryset=LimitSet.objects.none(),
        empty_label="—",
        error_messages={
            "required": _("Hãy chọn quy chuẩn và bộ giới hạn."),
            "invalid_choice": _("Hãy chọn bộ giới hạn trong danh sách."),
        },
    )
    coefficient = forms.CharField(
        label=_("Hệ số K"),
        max_length=20,
        initial="1",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Cmax = C × K, chỉ cho các chỉ tiêu quy chuẩn quy định; để 1 nếu không áp dụng."),
    )

    def __init__(self, *args, **kwargs):
        from .selectors import limit_set_choices

        super().__init__(*args, **kwargs)
        self.fields["limit_set"].queryset = limit_set_choices()

    def clean_coefficient(self):
        return (self.cleaned_data.get("coefficient") or "").strip() or "1"


class ResultForm(PrintableTextMixin, forms.Form):
    value = forms.CharField(
        label=_("Kết quả"),
        max_length=100,
        error_messages={"required": _("Hãy nhập kết quả.")},
        help_text=_(
            "Số (dấu phẩy hoặc dấu chấm), “<0,5” khi dưới giới hạn phát hiện, “KPH” khi không phát hiện."
        ),
    )
    uncertainty = forms.CharField(label=_("Độ không đảm bảo đo"), max_length=60, required=False)
    method = forms.CharField(label=_("Phương pháp thử"), max_length=200, required=False)


class ReasonForm(PrintableTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do.")},
    )


class SampleDetailsForm(PrintableTextMixin, forms.Form):
    """A correction of where, when and by whom the sample was taken, with the reason kept in its history."""

    sampling_place = forms.CharField(
        label=_("Nơi lấy mẫu"),
        max_length=300,
        error_messages={"required": _("Hãy ghi nơi lấy mẫu.")},
    )
    sampled_at = forms.DateTimeField(
        label=_("Thời điểm lấy mẫu"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        ),
        error_messages={"invalid": DATETIME_INVALID},
    )
    sampler = forms.CharField(label=_("Người lấy mẫu"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Lý do sửa (lưu trong lịch sử của mẫu)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do.")},
    )


class PaymentForm(PrintableTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Tình trạng thanh toán"),
        choices=PaymentStatus.choices,
        error_messages={"required": _("Hãy chọn tình trạng thanh toán.")},
    )
    reference = forms.CharField(
        label=_("Số chứng từ thanh toán"),
        max_length=60,
        required=False,
        help_text=_("Số phiếu thu, hóa đơn hoặc mã giao dịch (bắt buộc khi đã thanh toán)."),
    )
    note = forms.CharField(
        label=_("Ghi chú (lưu trong lịch sử)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BatchPickForm(forms.Form):
    """Which parameter (and optionally matrix) the batch screens work on; GET."""

    chi_tieu = forms.ModelChoiceField(
        label=_("Chỉ tiêu"),
        queryset=Parameter.objects.order_by("position", "code"),
        empty_label="—",
        error_messages={"invalid_choice": _("Hãy chọn chỉ tiêu trong danh sách.")},
    )
    nen_mau = forms.ModelChoiceField(
        label=_("Nền mẫu (không bắt buộc)"),
        queryset=Matrix.objects.all(),
        required=False,
        empty_label=_("Mọi nền mẫu"),
        error_messages={"invalid_choice": _("Hãy chọn nền mẫu trong danh sách.")},
    )
