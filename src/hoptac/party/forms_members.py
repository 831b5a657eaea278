"""Forms of the members part: they parse and check types and lengths; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin

from .choices import AdmissionStage, MemberStatus
from .models import AdmissionCase, BadgeAward, PartyMember
from .services_members import MEMBER_FIELDS

DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
DATE_ERRORS = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 19/05/2020.")}
FILE_HELP = _("Không bắt buộc. PDF, ảnh JPEG/PNG, Word, Excel hoặc .txt; tối đa 20 MB.")


def _date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_WIDGET),
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class MemberForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.ModelForm):
    """Every field of the member record (issue 6, item 3); the status changes on its own form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PartyMember
        fields = list(MEMBER_FIELDS)
        widgets = {
            name: forms.DateInput(attrs=DATE_WIDGET)
            for name in ("date_of_birth", "admitted_on", "full_member_on")
        }
        error_messages = dict.fromkeys(("date_of_birth", "admitted_on", "full_member_on"), DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["full_member_on"].help_text = _("Để trống khi còn là đảng viên dự bị.")
        self.fields["card_number"].help_text = _("Không bắt buộc với đảng viên dự bị.")

    def _post_clean(self):
        # The services check the record (dates, card number, fee base) with their own messages, once.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEMBER_FIELDS}


class StatusChangeForm(PrintableTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng mới"), choices=MemberStatus.choices)
    starts_on = _date_field(_("Từ ngày"))
    document = forms.CharField(label=_("Văn bản, quyết định"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp văn bản"), required=False, help_text=FILE_HELP)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current:
            self.fields["status"].choices = [(v, lbl) for v, lbl in MemberStatus.choices if v != current]


class FullMemberForm(PrintableTextMixin, forms.Form):
    full_member_on = _date_field(_("Ngày được công nhận đảng viên chính thức"))
    document = forms.CharField(label=_("Quyết định"), max_length=200, required=False)


class AccountForm(PrintableTextMixin, forms.Form):
    account = forms.CharField(
        label=_("Tên đăng nhập hoặc thư điện tử"),
        max_length=254,
        help_text=_("Tài khoản đã có trên hệ thống; mỗi tài khoản chỉ gắn với một đảng viên."),
    )


class BadgeForm(PrintableTextMixin, forms.Form):
    years = forms.TypedChoiceField(label=_("Mốc"), coerce=int, choices=())
    awarded_on = _date_field(_("Ngày trao"))
    decision = forms.CharField(
        label=BadgeAward._meta.get_field("decision").verbose_name.capitalize(), max_length=200, required=False
    )

    def __init__(self, *args, milestones: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].choices = [(m, _("%(years)s năm") % {"years": m}) for m in milestones]


class AdmissionCaseForm(PrintableTextMixin, forms.ModelForm):
    happened_on = _date_field(_("Ngày được giới thiệu là quần chúng ưu tú"))
    responsible = forms.ModelChoiceField(
        label=_("Đảng viên phụ trách, giúp đỡ"), queryset=PartyMember.objects.none(), required=False
    )
    document = forms.CharField(label=_("Văn bản"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )

    class Meta:
        model = AdmissionCase
        fields = ["full_name", "date_of_birth", "gender", "workplace"]
        widgets = {"date_of_birth": forms.DateInput(attrs=DATE_WIDGET)}
        error_messages = {"date_of_birth": DATE_ERRORS}

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["responsible"].queryset = members

    def _post_clean(self):
        pass


class AdmissionStepForm(PrintableTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(label=_("Bước"), choices=())
    happened_on = _date_field(_("Ngày"))
    responsible = forms.ModelChoiceField(
        label=_("Người phụ trách"), queryset=PartyMember.objects.none(), required=False
    )
    document = forms.CharField(
        label=_("Văn bản (nghị quyết, giấy chứng nhận…)"), max_length=200, required=False
    )
    file = forms.FileField(label=_("Tệp văn bản"), required=False, help_text=FILE_HELP)
    fee_base_amount = forms.DecimalField(
        label=_("Tiền lương làm căn cứ đảng phí (đồng/tháng)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("Chỉ khi kết nạp; để trống thì áp dụng mức đảng phí cố định."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, case: AdmissionCase, allowed: tuple[str, ...], members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s, AdmissionStage(s).label) for s in allowed]
        self.fields["version"].initial = case.version
        if members is not None:
            self.fields["responsible"].queryset = members
        if AdmissionStage.PROBATIONARY not in allowed:
            del self.fields["fee_base_amount"]
