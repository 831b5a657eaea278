"""Forms of the support screens: they parse what people type; the rules stay in workflow and rules."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin

from . import rules
from .choices import INSTITUTE_CHANNELS, Category, Priority, WorkKind

DATE_INVALID = _("Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 25/12/2026.")
DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class RequestForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.Form):
    """The request itself (create and edit)."""

    category = forms.ChoiceField(label=_("Lĩnh vực cần hỗ trợ"), choices=[("", "—"), *Category.choices])
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=255,
        help_text=_(
            "Một câu ngắn nói điều hợp tác xã cần, ví dụ: “Tư vấn hồ sơ môi trường cho xưởng chế biến”."
        ),
    )
    description = forms.CharField(
        label=_("Nội dung cần hỗ trợ"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tình hình hiện nay, khó khăn gặp phải, kết quả mong muốn."),
    )
    desired_date = forms.DateField(
        label=_("Mong muốn hoàn thành trước ngày"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET),
        error_messages={"invalid": DATE_INVALID},
    )
    priority = forms.ChoiceField(label=_("Mức ưu tiên"), choices=Priority.choices, initial=Priority.NORMAL)
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Điện thoại liên hệ"), max_length=20, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = ("category", "title", "description", "desired_date", "priority", "contact_name", "contact_phone")

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_desired_date(self):
        value = self.cleaned_data.get("desired_date")
        # An edit may keep a date that has passed meanwhile; a new date must not be in the past.
        unchanged = value is not None and value == self.initial.get("desired_date")
        if value is not None and value < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("Ngày mong muốn không được ở trong quá khứ."))
        return value

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class RequestCreateForm(RequestForm):
    """A new request: which cooperative (looked up, never a 100,000-row list) and, for the institute, how it
    came in (phone, visit, letter)."""

    cooperative = forms.IntegerField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": _("Hãy chọn hợp tác xã.")}
    )
    cooperative_text = forms.CharField(
        label=_("Hợp tác xã"),
        required=False,
        max_length=200,
        help_text=_("Gõ tên (không dấu cũng được) hoặc mã số thuế rồi chọn trong danh sách."),
    )
    channel = forms.ChoiceField(
        label=_("Kênh Viện nhận yêu cầu"),
        required=False,
        choices=[("", "—"), *[(c.value, c.label) for c in INSTITUTE_CHANNELS]],
    )

    # One-time token: the same form posted twice (a double tap) creates one request.
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    field_order = ["cooperative_text", "cooperative", "channel"]

    def __init__(self, *args, user, fixed_cooperative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["token"].initial = uuid.uuid4()
        self.user = user
        self.fixed_cooperative = fixed_cooperative
        if fixed_cooperative is not None:
            del self.fields["cooperative_text"]
            self.fields["cooperative"].initial = fixed_cooperative.pk
        if not user.has_role(*rules.INSTITUTE_RECORDERS):
            del self.fields["channel"]

    def clean(self):
        from hoptac.registry.forms import picked_cooperative

        data = super().clean()
        data["cooperative_obj"] = picked_cooperative(self, data)
        return data

    def channel_value(self) -> str | None:
        return self.cleaned_data.get("channel") or None


def prefill_initial(params) -> dict:
    """Initial values for a new request from a link's GET parameters (another module's "follow-up request"
    button): ``category``, ``title``, ``description``. Never trusted: an unknown category is ignored, texts lose
    invisible control characters and are cut to the fields' lengths (a title to one line). The person still reads
    and submits the form, where every rule applies. The cooperative is checked by the view (who may act for it).
    """
    from hoptac.core.forms import _CONTROL

    initial: dict = {}
    category = params.get("category") or ""
    if category in Category.values:
        initial["category"] = category
    title = " ".join(_CONTROL.sub("", params.get("title") or "").split())
    if title:
        initial["title"] = title[: RequestForm.base_fields["title"].max_length].rstrip()
    description = _CONTROL.sub("", params.get("description") or "").replace("\r\n", "\n").strip()
    if description:
        initial["description"] = description[: RequestForm.base_fields["description"].max_length].rstrip()
    return initial


# --------------------------------------------------------------------------------------- transitions


class ReasonForm(PrintableTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), strip=True
    )


class OptionalReasonForm(PrintableTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do (không bắt buộc)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(PrintableTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (hợp tác xã đọc được, không bắt buộc)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EmptyForm(forms.Form):
    pass


class AssignForm(PrintableTextMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Chuyên gia phụ trách"), queryset=None, required=False)
    assignee_unit = forms.ModelChoiceField(label=_("Đơn vị phụ trách"), queryset=None, required=False)
    note = forms.CharField(
        label=_("Ghi chú (hợp tác xã đọc được, không bắt buộc)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from hoptac.accounts.models import OrgUnit, UnitKind, User

        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            User.objects.filter(is_active=True, role_assignments__role__code__in=rules.ASSIGNEE_ROLES)
            .distinct()
            .order_by("sort_key", "id")
        )
        self.fields["assignee"].label_from_instance = lambda user: user.display_name
        self.fields["assignee_unit"].queryset = OrgUnit.objects.filter(
            kind__in=[UnitKind.INSTITUTE, UnitKind.INSTITUTE_DEPARTMENT, UnitKind.LAB]
        ).order_by("sort_key", "id")

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("assignee") is None and data.get("assignee_unit") is None:
            raise forms.ValidationError(_("Hãy chọn chuyên gia hoặc đơn vị phụ trách."))
        return data


class ResolveForm(PrintableTextMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Kết quả đã làm cho hợp tác xã"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deliverables = forms.CharField(
        label=_("Sản phẩm bàn giao (tài liệu, hồ sơ, phiếu kết quả …)"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


RATING_CHOICES = [(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")]


class ConfirmForm(PrintableTextMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Mức hài lòng"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn mức hài lòng từ 1 đến 5 sao."),
            "invalid_choice": _("Hãy chọn mức hài lòng từ 1 đến 5 sao."),
        },
    )
    comment = forms.CharField(
        label=_("Nhận xét của hợp tác xã (không bắt buộc)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


TRANSITION_FORMS = {
    "submit": EmptyForm,
    "withdraw": OptionalReasonForm,
    "endorse": NoteForm,
    "return_for_information": ReasonForm,
    "decline": ReasonForm,
    "accept": AssignForm,
    "reassign": AssignForm,
    "start": EmptyForm,
    "resolve": ResolveForm,
    "confirm": ConfirmForm,
    "reopen": ReasonForm,
}


# --------------------------------------------------------------------------------------- work, talk, files


class HoursField(forms.Field):
    """Hours as people write them: "1,5" or "1.5"; more than 0, at most 24, one decimal."""

    def to_python(self, value):
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        try:
            hours = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(_("Hãy nhập số giờ, ví dụ 1,5."), code="invalid") from None
        if not hours.is_finite():
            raise forms.ValidationError(_("Hãy nhập số giờ, ví dụ 1,5."), code="invalid")
        if hours <= 0 or hours > 24:
            raise forms.ValidationError(_("Số giờ phải lớn hơn 0 và không quá 24."), code="range")
        if hours != hours.quantize(Decimal("0.1")):
            raise forms.ValidationError(_("Số giờ chỉ ghi một chữ số thập phân, ví dụ 2,5."), code="decimals")
        return hours.quantize(Decimal("0.1"))


class WorkLogForm(PrintableTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại công việc"), choices=WorkKind.choices)
    date = forms.DateField(
        label=_("Ngày"), widget=forms.DateInput(attrs=DATE_WIDGET), error_messages={"invalid": DATE_INVALID}
    )
    hours = HoursField(
        label=_("Số giờ"), widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 6})
    )
    description = forms.CharField(
        label=_("Nội dung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class CommentForm(PrintableTextMixin, forms.Form):
    body = forms.CharField(
        label=_("Nội dung trao đổi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    internal = forms.BooleanField(label=_("Ghi chú nội bộ (hợp tác xã không thấy)"), required=False)

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"))
    internal = forms.BooleanField(label=_("Chỉ nội bộ (hợp tác xã không thấy)"), required=False)

    def __init__(self, *args, staff: bool = False, **kwargs):
        from .attachments import MAX_ATTACHMENT_MB

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, ảnh JPEG/PNG, Word, Excel hoặc văn bản .txt; tối đa %(mb)s MB."
        ) % {"mb": MAX_ATTACHMENT_MB}
        if not staff:
            del self.fields["internal"]
