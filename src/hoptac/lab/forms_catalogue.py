"""Forms of the catalogue and regulation screens. Limits are typed as text and read by :mod:`hoptac.lab.bounds`."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import MoneyField, OneMessagePerFieldMixin, PrintableTextMixin

from .bounds import (
    BOUNDS_HELP,
    NUMBER_ONLY,
    BoundError,
    Interval,
    bounds_text,
    number_text,
    parse_bounds,
    read_number,
)
from .models import LimitSet, Matrix, Package, Parameter, Regulation


class BoundsField(forms.CharField):
    """A limit typed as text; ``cleaned_data`` holds the list of intervals (empty: not decided by a number)."""

    def __init__(self, *, single: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", BOUNDS_HELP)
        super().__init__(**kwargs)
        self.single = single

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return bounds_text(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        try:
            intervals = parse_bounds(text)
        except BoundError as exc:
            raise forms.ValidationError(exc.message, code="unreadable") from exc
        if self.single and len(intervals) > 1:
            raise forms.ValidationError(
                _(
                    "Bộ giới hạn đạt/không đạt chỉ có một khoảng cho mỗi chỉ tiêu; “hoặc” chỉ dùng cho các hạng."
                ),
                code="alternatives",
            )
        return intervals


# --- numbers in forms ---------------------------------------------------------------------------------------------


class LooseDecimalField(forms.Field):
    """A positive decimal with a decimal comma or point ("0,05", "0.05"); never Django's localized parsing, which
    would read "0.5" as 5 where "." is the thousands separator."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 30})

    def __init__(self, *, positive: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.positive = positive

    def prepare_value(self, value):
        return number_text(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        # Spaces inside are read by the one number rule ("1 000" yes, "12 5" no).
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Số quá dài."), code="invalid")
        try:
            number = read_number(text)
        except BoundError as exc:
            raise forms.ValidationError(
                _("Hãy nhập một số, dấu thập phân là dấu phẩy hoặc dấu chấm (ví dụ 0,05).")
                if not NUMBER_ONLY.match(text.replace(" ", ""))
                else exc.message,
                code="invalid",
            ) from exc
        if self.positive and number <= 0:
            raise forms.ValidationError(_("Giá trị phải lớn hơn 0."), code="positive")
        return number


CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class _Base(OneMessagePerFieldMixin, PrintableTextMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].required = False
            self.fields["position"].help_text = _("Số nhỏ đứng trước; để trống là 0.")
            self.fields["position"].error_messages["invalid"] = _(
                "Hãy nhập thứ tự là một số nguyên, ví dụ 10."
            )

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


# --- matrices, parameters, packages ---------------------------------------------------------------------------------


def matrix_fingerprint(matrix: Matrix) -> str:
    """What the matrix looked like when its form was opened (a matrix has no version column)."""
    values = "\x1f".join(str(getattr(matrix, f)) for f in ("code", "name", "name_en", "position"))
    return hashlib.sha256(values.encode()).hexdigest()[:32]


class MatrixForm(_Base, forms.ModelForm):
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Matrix
        fields = ["code", "name", "name_en", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("Chữ thường không dấu, số và gạch nối, ví dụ nuoc-mat.")
        if self.instance.pk:
            self.fields["fingerprint"].initial = matrix_fingerprint(self.instance)


class ParameterForm(_Base, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    detection_limit = LooseDecimalField(
        label=_("Giới hạn phát hiện"),
        required=False,
        help_text=_("Theo đơn vị của chỉ tiêu; dấu thập phân là dấu phẩy hoặc dấu chấm, ví dụ 0,05."),
    )
    price = MoneyField(label=_("Đơn giá (đồng)"), help_text=_("Ví dụ 150.000."))
    turnaround_days = forms.IntegerField(
        label=_("Thời gian trả kết quả (ngày làm việc)"),
        min_value=1,
        max_value=365,
        error_messages={"invalid": _("Hãy nhập số ngày làm việc, là số nguyên từ 1 đến 365.")},
    )
    matrices = forms.ModelMultipleChoiceField(
        label=_("Nền mẫu"), queryset=Matrix.objects.all(), required=False, widget=CHECKBOXES
    )

    class Meta:
        model = Parameter
        fields = [
            "code", "name", "name_en", "unit", "method", "detection_limit", "accredited", "price",
            "turnaround_days", "matrices", "note", "position",
        ]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    FIELDS = (
        "code", "name", "name_en", "unit", "method", "detection_limit", "accredited", "price",
        "turnaround_days", "note", "position",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class PackageForm(_Base, forms.ModelForm):
    """A package of one matrix: the parameters offered for that matrix are the choices; another parameter sent
    anyway reaches the service, which refuses it in words."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parameters = forms.ModelMultipleChoiceField(
        label=_("Chỉ tiêu trong gói"),
        queryset=Parameter.objects.all(),
        widget=CHECKBOXES,
        error_messages={"required": _("Hãy chọn ít nhất một chỉ tiêu.")},
    )

    class Meta:
        model = Package
        fields = ["code", "name", "parameters", "active", "note", "position"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    FIELDS = ("code", "name", "active", "note", "position")

    def __init__(self, *args, matrix: Matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.instance.matrix = matrix
        self.fields["code"].help_text = _("Chữ thường không dấu, số và gạch nối, ví dụ nts-qcvn14-b.")
        offered = list(Parameter.objects.filter(matrices=matrix))
        current = list(self.instance.parameters.all()) if self.instance.pk else []
        shown = offered + [p for p in current if p not in offered]
        self.fields["parameters"].widget.choices = [(p.pk, str(p)) for p in shown]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


# --- regulations --------------------------------------------------------------------------------------------------------


class RegulationForm(_Base, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Regulation
        fields = [
            "code",
            "title",
            "issuing_body",
            "effective_date",
            "superseded_by",
            "source",
            "confidence",
            "note",
        ]
        widgets = {
            "effective_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
            "source": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    FIELDS = (
        "code",
        "title",
        "issuing_body",
        "effective_date",
        "superseded_by",
        "source",
        "confidence",
        "note",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].error_messages["invalid"] = _(
            "Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 01/09/2025."
        )
        field = self.fields["superseded_by"]
        field.help_text = _("Quy chuẩn mới thay thế quy chuẩn này, nếu có; để trống nếu còn hiệu lực.")
        # Every regulation is a valid answer to check (the service explains why itself or a cycle is refused);
        # the list offers the others only.
        field.widget.choices = [
            c for c in field.choices if not (self.instance.pk and c[0] == self.instance.pk)
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class LimitSetForm(_Base, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LimitSet
        fields = [
            "name",
            "description",
            "kind",
            "coefficient_name",
            "source",
            "confidence",
            "note",
            "position",
        ]
        widgets = {"source": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 3})}

    FIELDS = ("name", "description", "kind", "coefficient_name", "source", "confidence", "note", "position")

    def __init__(self, *args, regulation: Regulation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.regulation = regulation
        self.fields["name"].help_text = _("Cột, bảng hoặc nhóm của quy chuẩn, ví dụ “B”, “Bảng 2”, “Nhóm A”.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class LimitClassesForm(_Base, forms.Form):
    """The classes of a graded set, best first: one row per class and empty rows to add more (four for a new set,
    A–D being the usual). Clearing the label of an existing class removes it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    EXTRA = 2

    def __init__(self, *args, classes, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        self.row_keys: list[tuple[str, int | None]] = []
        rows = [*classes, *([None] * (self.EXTRA if classes else 4))]
        for index, klass in enumerate(rows):
            number = index + 1
            self.fields[f"label_{index}"] = forms.CharField(
                label=_("Hạng thứ %(n)s") % {"n": number},
                max_length=20,
                required=False,
                initial=klass.label if klass else "",
            )
            self.fields[f"description_{index}"] = forms.CharField(
                label=_("Mô tả hạng thứ %(n)s") % {"n": number},
                max_length=1000,
                required=False,
                initial=klass.description if klass else "",
            )
            self.row_keys.append((str(index), klass.pk if klass else None))

    def rows(self):
        return [(self[f"label_{i}"], self[f"description_{i}"]) for i, _pk in self.row_keys]

    def service_rows(self) -> list[tuple[int | None, str, str]]:
        return [
            (pk, self.cleaned_data[f"label_{i}"].strip(), self.cleaned_data[f"description_{i}"].strip())
            for i, pk in self.row_keys
        ]


class LimitForm(_Base, forms.Form):
    """One parameter's limit in a set: the unit, whether the coefficient applies, a note, and the bounds as text —
    one field for a pass/fail set, one per class for a graded set."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parameter = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Parameter.objects.all())
    unit = forms.CharField(
        label=_("Đơn vị"),
        max_length=40,
        required=False,
        help_text=_("Để trống để dùng đơn vị của chỉ tiêu."),
    )
    coefficient_applies = forms.BooleanField(label=_("Áp dụng hệ số"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Điều kiện không thể hiện bằng số (ví dụ: không có rác nổi)."),
    )

    def __init__(self, *args, limit_set: LimitSet, classes, limit=None, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_set = limit_set
        self.classes = list(classes)
        if limit is not None:
            self.fields["parameter"].disabled = True
            self.fields["parameter"].initial = limit.parameter_id
            self.fields["version"].initial = limit.version
            for name in ("unit", "coefficient_applies", "note"):
                self.fields[name].initial = getattr(limit, name)
        else:
            self.fields["parameter"].queryset = Parameter.objects.exclude(pk__in=list(taken))
        if limit_set.coefficient_name:
            self.fields["coefficient_applies"].label = _("Áp dụng hệ số %(name)s") % {
                "name": limit_set.coefficient_name
            }
        else:
            del self.fields["coefficient_applies"]
        intervals = list(limit.intervals.all()) if limit is not None else []
        if limit_set.is_graded:
            for klass in self.classes:
                self.fields[f"class_{klass.pk}"] = BoundsField(
                    label=_("Hạng %(label)s") % {"label": klass.label},
                    initial=bounds_text(_plain(i) for i in intervals if i.limit_class_id == klass.pk),
                )
        else:
            self.fields["bounds"] = BoundsField(
                label=_("Giới hạn"), single=True, initial=bounds_text(_plain(i) for i in intervals[:1])
            )

    def bound_fields(self):
        if self.limit_set.is_graded:
            return [self[f"class_{k.pk}"] for k in self.classes]
        return [self["bounds"]]

    def service_intervals(self) -> list:
        """[(LimitClass or None, Interval), …] from the bound texts."""
        if self.limit_set.is_graded:
            return [(k, i) for k in self.classes for i in self.cleaned_data[f"class_{k.pk}"]]
        return [(None, i) for i in self.cleaned_data["bounds"]]

    def service_fields(self) -> dict:
        return {
            "unit": self.cleaned_data["unit"].strip(),
            "coefficient_applies": self.cleaned_data.get("coefficient_applies", False),
            "note": self.cleaned_data["note"].strip(),
        }


def _plain(row) -> Interval:
    return Interval(row.lower, row.lower_inclusive, row.upper, row.upper_inclusive)
