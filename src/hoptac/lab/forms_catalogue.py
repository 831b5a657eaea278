"""Forms of the catalogue and regulation screens, and the bound texts of the limit editor.

A limit is typed as people write it in a QCVN table — "≤ 50", "<3", "5–9", "6,5 ÷ 8,5", "≥ 6", ">= 6", and for
a class several alternatives, "< 6 hoặc > 8,5". :func:`parse_bounds` turns that text into the judge's
:class:`~hoptac.lab.judging.Interval` s; :func:`bounds_text` writes them back, so what the editor shows is what it
reads. The judge's own limit texts ("60", "<3", ">=6", "5-9", ">5,<=9") are read too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin

from .judging import Interval, format_decimal
from .models import LimitSet, Matrix, Package, Parameter, Regulation

# --- numbers as people type them ------------------------------------------------------------------------------

INTEGER_DIGITS = 10  # BOUND_DIGITS: 16 digits, 6 of them decimals
DECIMAL_PLACES = 6

_NUMBER = r"\d+(?:[.,]\d+)?"
_NUMBER_ONLY = re.compile(rf"^{_NUMBER}$")
# "1.000" or "7,500": a thousands separator, or one with a needless trailing zero? Never guessed (see below).
_THOUSANDS_LOOKALIKE = re.compile(r"^[1-9]\d{0,2}[.,]\d\d0$")

NUMBER_AMBIGUOUS = _(
    "“%(number)s” có thể là số nghìn hoặc số thập phân: hãy viết số nghìn không có dấu phân cách "
    "(ví dụ 1000) và số thập phân không có số 0 thừa ở cuối (ví dụ 1,5)."
)
NUMBER_TOO_LONG = _(
    "Số “%(number)s” có quá nhiều chữ số: tối đa %(integer)s chữ số phần nguyên và %(places)s chữ số thập phân."
)


class BoundError(ValueError):
    """A text the limit editor cannot read; ``message`` is Vietnamese."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def read_number(text: str) -> Decimal:
    """ "12,5" or "12.5" → 12.5 (decimal comma or point, the same rule as results); refuses "1.000" (a thousands
    separator would silently become 1) and more digits than the database keeps."""
    if not _NUMBER_ONLY.match(text):
        raise BoundError(_("“%(number)s” không phải là một số.") % {"number": text})
    if _THOUSANDS_LOOKALIKE.match(text):
        raise BoundError(NUMBER_AMBIGUOUS % {"number": text})
    value = Decimal(text.replace(",", "."))
    integer, _sep, fraction = format_decimal(value).partition(".")
    if len(integer.lstrip("0")) > INTEGER_DIGITS or len(fraction) > DECIMAL_PLACES:
        raise BoundError(
            NUMBER_TOO_LONG % {"number": text, "integer": INTEGER_DIGITS, "places": DECIMAL_PLACES}
        )
    return value


def number_text(value: Decimal | None) -> str:
    """A decimal as Vietnamese write it: no trailing zeros, decimal comma (0,05; 1000)."""
    return "" if value is None else format_decimal(value).replace(".", ",")


# --- bounds ------------------------------------------------------------------------------------------------------

BOUNDS_HELP = _(
    "Ví dụ: “≤ 50” hoặc “50” (tối đa), “< 3”, “≥ 6” (tối thiểu), “5–9” (khoảng), “> 5 và ≤ 9”; "
    "dấu thập phân là dấu phẩy hoặc dấu chấm."
)
BOUNDS_UNREADABLE = _(
    "Không đọc được giới hạn “%(text)s”: hãy viết ví dụ “≤ 50”, “< 3”, “≥ 6”, “5–9” hoặc “> 5 và ≤ 9” "
    "(nhiều khoảng của một hạng nối bằng “hoặc”: “< 6 hoặc > 8,5”)."
)
BOUNDS_ORDER = _("Trong “%(text)s”, cận dưới phải nhỏ hơn cận trên.")
BOUNDS_EMPTY_ALTERNATIVE = _("“%(text)s” có một vế trống hai bên chữ “hoặc”.")

_SYMBOLS = (
    ("≤", "<="),
    ("⩽", "<="),
    ("≦", "<="),
    ("=<", "<="),
    ("≥", ">="),
    ("⩾", ">="),
    ("≧", ">="),
    ("=>", ">="),
    ("–", "-"),  # en dash, as printed in the regulations
    ("—", "-"),
    ("÷", "-"),  # "6,5 ÷ 8,5", the QCVN tables' range sign
    ("~", "-"),
)
_ALTERNATIVES = re.compile(r"\s*(?:\bhoặc\b|\bhoac\b|\bor\b|\|)\s*", re.IGNORECASE)
_RANGE_WORDS = re.compile(r"\s*(?:\bđến\b|\bden\b|\bto\b)\s*", re.IGNORECASE)
_AND_WORDS = re.compile(r"\s*(?:\bvà\b|\bva\b|\band\b|&)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_CMP = r"(<=|>=|<|>)"
_RANGE = re.compile(rf"^({_NUMBER})-({_NUMBER})$")
_ONE = re.compile(rf"^{_CMP}?({_NUMBER})$")
_TWO = re.compile(rf"^{_CMP}({_NUMBER}),?{_CMP}({_NUMBER})$")


def _one_bound(comparator: str | None, number: Decimal) -> Interval:
    if comparator in (None, "<="):
        return Interval(upper=number)  # a bare number in a limit table is a maximum
    if comparator == "<":
        return Interval(upper=number, upper_inclusive=False)
    if comparator == ">=":
        return Interval(lower=number)
    return Interval(lower=number, lower_inclusive=False)


def _check_order(interval: Interval, text: str) -> Interval:
    both = interval.lower is not None and interval.upper is not None
    if both and (
        interval.lower > interval.upper
        or (interval.lower == interval.upper and not (interval.lower_inclusive and interval.upper_inclusive))
    ):
        raise BoundError(BOUNDS_ORDER % {"text": text})
    return interval


def _alternative(text: str, whole: str) -> Interval:
    compact = _SPACES.sub("", _AND_WORDS.sub(",", _RANGE_WORDS.sub("-", text)))
    unreadable = BoundError(BOUNDS_UNREADABLE % {"text": whole})
    if match := _RANGE.match(compact):
        low, high = (read_number(g) for g in match.groups())
        return _check_order(Interval(lower=low, upper=high), whole)
    if match := _ONE.match(compact):
        return _one_bound(match.group(1), read_number(match.group(2)))
    if match := _TWO.match(compact):
        first = _one_bound(match.group(1), read_number(match.group(2)))
        second = _one_bound(match.group(3), read_number(match.group(4)))
        lower, upper = (first, second) if first.lower is not None else (second, first)
        if lower.lower is None or upper.upper is None:
            raise unreadable  # "< 5 và < 9": two maxima
        combined = Interval(lower.lower, lower.lower_inclusive, upper.upper, upper.upper_inclusive)
        return _check_order(combined, whole)
    raise unreadable


def parse_bounds(text: str | None) -> list[Interval]:
    """The intervals a limit text stands for; empty text → no interval (the number alone decides nothing).

    Raises :class:`BoundError` with a Vietnamese message for anything else.
    """
    raw = unicodedata.normalize("NFC", (text or "").strip())
    if not raw:
        return []
    normalised = raw
    for symbol, ascii_form in _SYMBOLS:
        normalised = normalised.replace(symbol, ascii_form)
    pieces = _ALTERNATIVES.split(normalised)
    if any(not piece.strip() for piece in pieces):
        raise BoundError(BOUNDS_EMPTY_ALTERNATIVE % {"text": raw})
    return [_alternative(piece, raw) for piece in pieces]


def interval_text(interval: Interval) -> str:
    """ "≤ 50", "< 3", "≥ 6", "> 6", "5–9", "> 5 và ≤ 9" (decimal comma)."""
    lower, upper = number_text(interval.lower), number_text(interval.upper)
    if interval.lower is None:
        return f"≤ {upper}" if interval.upper_inclusive else f"< {upper}"
    if interval.upper is None:
        return f"≥ {lower}" if interval.lower_inclusive else f"> {lower}"
    if interval.lower_inclusive and interval.upper_inclusive:
        return f"{lower}–{upper}"
    return f"{'≥' if interval.lower_inclusive else '>'} {lower} và {'≤' if interval.upper_inclusive else '<'} {upper}"


def bounds_text(intervals) -> str:
    """What :func:`parse_bounds` reads back: the intervals in order, joined by "hoặc"."""
    return " hoặc ".join(interval_text(i) for i in intervals)


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
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Số quá dài."), code="invalid")
        try:
            number = read_number(text)
        except BoundError as exc:
            raise forms.ValidationError(
                _("Hãy nhập một số, dấu thập phân là dấu phẩy hoặc dấu chấm (ví dụ 0,05).")
                if not _NUMBER_ONLY.match(text)
                else exc.message,
                code="invalid",
            ) from exc
        if self.positive and number <= 0:
            raise forms.ValidationError(_("Giá trị phải lớn hơn 0."), code="positive")
        return number


_MONEY = re.compile(r"^(?:\d{1,3}(?:[. ]\d{3})+|\d+)$")
_CURRENCY = re.compile(r"\s*(?:₫|đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)


def money_text(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


class MoneyField(forms.Field):
    """An amount in đồng, whole: "150000", "150.000", "150 000 đ"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30})

    def prepare_value(self, value):
        return money_text(value) if isinstance(value, Decimal | int) else value

    def to_python(self, value):
        text = _CURRENCY.sub("", str(value or "").strip())
        if not text:
            return None
        if not _MONEY.match(text) or len(text.replace(".", "").replace(" ", "")) > 14:
            raise forms.ValidationError(
                _("Hãy nhập số tiền bằng đồng, không có phần lẻ, ví dụ 150.000."), code="invalid"
            )
        return Decimal(text.replace(".", "").replace(" ", ""))


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
