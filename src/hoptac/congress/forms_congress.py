"""Forms of the congress's preparation screens: they parse what people type; the rules stay in
:mod:`hoptac.congress.services_congress` (which checks the same limits again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin
from hoptac.party.forms_evaluation import TargetForm
from hoptac.party.models import PartyMember

from .choices import Body, DocumentKind

DATE_INVALID = _("Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 19/08/2025.")
TOO_LONG = _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s).")


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
        error_messages={"invalid": DATE_INVALID, "required": _("Hãy nhập ngày.")},
        help_text=help_text,
    )


def _count(label, *, required=True):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=9999,
        initial=None if required else 0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={
            "required": _("Hãy nhập số biểu quyết."),
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số biểu quyết không được âm."),
            "max_value": _("Số biểu quyết quá lớn."),
        },
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MembersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.full_name


class CongressForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.Form):
    """Calling a congress (with its term) or, with ``congress``, changing it while it is prepared."""

    term = forms.ModelChoiceField(
        label=_("Nhiệm kỳ được bầu"),
        queryset=None,
        required=False,
        empty_label=_("— Tạo nhiệm kỳ mới —"),
        error_messages={"invalid_choice": _("Hãy chọn nhiệm kỳ trong danh sách.")},
        help_text=_("Một nhiệm kỳ chưa có đại hội, hoặc để trống và nhập nhiệm kỳ mới bên dưới."),
    )
    term_name = forms.CharField(
        label=_("Tên nhiệm kỳ mới"),
        max_length=50,
        required=False,
        help_text=_("Ví dụ: 2025–2030."),
        error_messages={"max_length": TOO_LONG},
    )
    term_starts_on = _date(_("Nhiệm kỳ mới bắt đầu từ"), required=False)
    title = forms.CharField(
        label=_("Tên đại hội"),
        max_length=255,
        error_messages={"required": _("Hãy ghi tên đại hội."), "max_length": TOO_LONG},
        help_text=_("Ví dụ: Đại hội Chi bộ nhiệm kỳ 2025–2030."),
    )
    held_on = _date(_("Ngày họp"))
    place = forms.CharField(
        label=_("Địa điểm"),
        max_length=200,
        error_messages={"required": _("Hãy ghi địa điểm."), "max_length": TOO_LONG},
    )
    convening = MembersField(
        label=_("Chi ủy triệu tập"),
        queryset=PartyMember.objects.none(),
        error_messages={
            "required": _("Hãy chọn ít nhất một đồng chí."),
            "invalid_choice": _("Hãy chọn đảng viên chính thức của chi bộ."),
            "invalid_pk_value": _("Hãy chọn đảng viên chính thức của chi bộ."),
        },
    )
    double_entry = forms.BooleanField(
        label=_("Nhập mỗi phiếu bầu hai lần (hai thành viên Ban Kiểm phiếu)"), required=False
    )
    deputy_needed = forms.BooleanField(
        label=_("Bầu phó bí thư (chi bộ dưới 9 đảng viên chính thức)"), required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, cell, members, terms=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convening"].queryset = members
        if editing:
            for name in ("term", "term_name", "term_starts_on"):
                del self.fields[name]
        else:
            self.fields["term"].queryset = terms
            self.fields["term"].label_from_instance = lambda t: t.name

    def clean(self):
        data = super().clean()
        if "term" in self.fields and not data.get("term") and not self.errors.get("term"):
            if not data.get("term_name"):
                self.add_error("term_name", _("Chọn một nhiệm kỳ có sẵn hoặc ghi tên nhiệm kỳ mới."))
            if not data.get("term_starts_on") and not self.errors.get("term_starts_on"):
                self.add_error("term_starts_on", _("Hãy nhập ngày bắt đầu của nhiệm kỳ mới."))
        return data


class DocumentForm(PrintableTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=DocumentKind.choices,
        error_messages={"invalid_choice": _("Hãy chọn loại tài liệu trong danh sách.")},
    )
    title = forms.CharField(
        label=_("Tên tài liệu"),
        max_length=255,
        required=False,
        help_text=_("Để trống để dùng tên loại tài liệu."),
        error_messages={"max_length": TOO_LONG},
    )
    note = forms.CharField(
        label=_("Ghi chú thay đổi"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Bổ sung ý kiến góp ý của đảng viên."),
        error_messages={"max_length": TOO_LONG},
    )
    file = forms.FileField(
        label=_("Tệp"),
        error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp rỗng.")},
        help_text=_(
            "PDF, Word, Excel, ảnh hoặc văn bản; tối đa 20 MB. Mỗi lần tải lên là một phiên bản mới."
        ),
    )


class BodyForm(OneMessagePerFieldMixin, forms.Form):
    """One service body approved by show of hands: members among those present, the head, the counts."""

    members = MembersField(
        label=_("Thành viên"),
        queryset=PartyMember.objects.none(),
        error_messages={
            "required": _("Hãy chọn ít nhất một thành viên."),
            "invalid_choice": _("Hãy chọn đảng viên có mặt tại đại hội."),
            "invalid_pk_value": _("Hãy chọn đảng viên có mặt tại đại hội."),
        },
    )
    head = MemberChoiceField(
        label=_("Người đứng đầu"),
        queryset=PartyMember.objects.none(),
        error_messages={
            "required": _("Hãy chọn người đứng đầu."),
            "invalid_choice": _("Hãy chọn đảng viên có mặt tại đại hội."),
        },
    )
    votes_for = _count(_("Tán thành"))
    votes_against = _count(_("Không tán thành"), required=False)
    votes_other = _count(_("Ý kiến khác"), required=False)

    HEAD_LABELS = {
        Body.PRESIDIUM: _("Chủ tịch đoàn (người điều hành chính)"),
        Body.SECRETARIAT: _("Trưởng Đoàn Thư ký"),
        Body.COUNTING: _("Trưởng Ban Kiểm phiếu"),
    }

    def __init__(self, *args, body: str, present, **kwargs):
        kwargs.setdefault("prefix", body)
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["members"].queryset = present
        self.fields["head"].queryset = present
        self.fields["head"].label = self.HEAD_LABELS[body]


class ResolutionForm(PrintableTextMixin, forms.Form):
    resolution = forms.CharField(
        label=_("Nghị quyết đại hội"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Hãy ghi nội dung nghị quyết."), "max_length": TOO_LONG},
    )
    votes_for = _count(_("Tán thành"))
    votes_against = _count(_("Không tán thành"), required=False)


class CongressTargetForm(TargetForm):
    """A term target of the resolution; its source is the congress (not typed)."""

    source_note = None
    FIELDS = ("label", "level", "mode", "comparison", "share")
