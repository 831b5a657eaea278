"""Forms of the study part: they parse what people type; the rules stay in :mod:`hoptac.party.services_study`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin

from .choices import DirectiveKind, EssayAssessment, RecognitionKind, ResidenceAssessment, SupervisionKind
from .models import Meeting, PartyMember

DATE_INVALID = _("Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 25/12/2026.")
DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
TOO_LONG = _("Tối đa %(limit_value)d ký tự (đang có %(show_value)d).")


def date_field(label, *, required: bool = False, required_message=None, help_text="") -> forms.DateField:
    messages = {"invalid": DATE_INVALID}
    if required_message:
        messages["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages=messages,
        help_text=help_text,
    )


def text_field(label, max_length: int, *, required: bool = False, required_message=None, rows: int = 0, **kw):
    messages = {"max_length": TOO_LONG}
    if required_message:
        messages["required"] = required_message
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, max_length=max_length, required=required, error_messages=messages, widget=widget, **kw
    )


def member_choice(label, queryset, *, required: bool, required_message=None) -> forms.ModelChoiceField:
    messages = {"invalid_choice": _("Hãy chọn đảng viên trong danh sách.")}
    if required_message:
        messages["required"] = required_message
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=required, empty_label="—", error_messages=messages
    )


class BaseForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.Form):
    pass


# --------------------------------------------------------------------------------------------- directives


class DirectiveForm(BaseForm):
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=[("", "—"), *DirectiveKind.choices],
        error_messages={"required": _("Hãy chọn loại văn bản.")},
    )
    number = text_field(_("Số, ký hiệu"), 60, help_text=_("Ví dụ: 01-NQ/ĐH, 05-CT/TW."))
    title = text_field(
        _("Trích yếu"), 500, required=True, required_message=_("Hãy ghi trích yếu của văn bản."), rows=2
    )
    issuing_body = text_field(
        _("Cơ quan ban hành"),
        200,
        required=True,
        required_message=_("Hãy ghi cơ quan ban hành."),
        help_text=_("Ví dụ: Ban Chấp hành Trung ương Đảng; Đảng ủy Cơ quan Liên minh HTX Việt Nam."),
    )
    issued_on = date_field(_("Ngày ban hành"), required=True, required_message=_("Hãy ghi ngày ban hành."))
    study_deadline = date_field(
        _("Hạn học tập, quán triệt"), help_text=_("Đảng viên chưa học tập khi quá hạn sẽ được cảnh báo.")
    )
    file = forms.FileField(
        label=_("Tệp văn bản"),
        required=False,
        help_text=_("PDF, Word hoặc ảnh, tối đa 20 MB. Chỉ đảng viên của chi bộ tải được."),
    )
    remove_file = forms.BooleanField(label=_("Bỏ tệp hiện có"), required=False)

    FIELDS = ("kind", "number", "title", "issuing_body", "issued_on", "study_deadline")

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class SessionForm(BaseForm):
    meeting = forms.ModelChoiceField(
        label=_("Buổi sinh hoạt chi bộ"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— Không gắn với buổi sinh hoạt —"),
        error_messages={"invalid_choice": _("Hãy chọn buổi sinh hoạt trong danh sách.")},
    )
    held_on = date_field(_("Ngày học tập"), help_text=_("Để trống để lấy ngày của buổi sinh hoạt đã chọn."))
    presenter = text_field(_("Báo cáo viên"), 120)
    note = text_field(_("Ghi chú"), 500)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("held_on") and "held_on" not in self.errors:
            self.add_error("held_on", _("Hãy nhập ngày học tập hoặc chọn buổi sinh hoạt."))
        return data


class StudyGridForm(PrintableTextMixin, forms.Form):
    """One line per member on the roll: attended, self-study, essay handed in (date) and its assessment, note."""

    def __init__(self, *args, members, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            record = records.get(member.pk)
            pk = member.pk
            self.fields[f"attended_{pk}"] = forms.BooleanField(
                label=_("Dự học tập"), required=False, initial=bool(record and record.attended)
            )
            self.fields[f"self_study_{pk}"] = forms.BooleanField(
                label=_("Tự nghiên cứu"), required=False, initial=bool(record and record.self_study)
            )
            self.fields[f"essay_{pk}"] = date_field(_("Ngày nộp bài thu hoạch"))
            self.fields[f"essay_{pk}"].initial = record.essay_submitted_on if record else None
            self.fields[f"assessment_{pk}"] = forms.ChoiceField(
                label=_("Đánh giá bài thu hoạch"),
                choices=EssayAssessment.choices,
                required=False,
                initial=record.essay_assessment if record else "",
                error_messages={"invalid_choice": _("Hãy chọn mức đánh giá trong danh sách.")},
            )
            self.fields[f"note_{pk}"] = text_field(_("Ghi chú"), 255)
            self.fields[f"note_{pk}"].initial = record.note if record else ""

    def rows(self):
        """(member, attended, self_study, essay, assessment, note) bound fields, for the template."""
        return [
            (
                m,
                self[f"attended_{m.pk}"],
                self[f"self_study_{m.pk}"],
                self[f"essay_{m.pk}"],
                self[f"assessment_{m.pk}"],
                self[f"note_{m.pk}"],
            )
            for m in self.members
        ]

    def clean(self):
        data = super().clean()
        for member in self.members:
            pk = member.pk
            if (
                data.get(f"assessment_{pk}")
                and not data.get(f"essay_{pk}")
                and f"essay_{pk}" not in self.errors
            ):
                self.add_error(
                    f"assessment_{pk}", _("Chỉ chấm được bài thu hoạch đã nộp: hãy ghi ngày nộp bài.")
                )
        return data

    def study_rows(self):
        from .services_study import StudyRow

        data = self.cleaned_data
        return [
            StudyRow(
                member_id=m.pk,
                attended=data.get(f"attended_{m.pk}", False),
                self_study=data.get(f"self_study_{m.pk}", False),
                essay_submitted_on=data.get(f"essay_{m.pk}"),
                essay_assessment=data.get(f"assessment_{m.pk}", ""),
                note=data.get(f"note_{m.pk}", ""),
            )
            for m in self.members
        ]


class SelfReportForm(BaseForm):
    self_study = forms.BooleanField(label=_("Tôi đã tự nghiên cứu văn bản"), required=False)
    essay_submitted_on = date_field(_("Ngày tôi nộp bài thu hoạch"), help_text=_("Để trống nếu chưa nộp."))


# --------------------------------------------------------------------------------------------- recognitions


class RecognitionForm(BaseForm):
    member = member_choice(
        _("Đảng viên"), PartyMember.objects.none(), required=True, required_message=_("Hãy chọn đảng viên.")
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[("", "—"), *RecognitionKind.choices],
        error_messages={"required": _("Hãy chọn hình thức.")},
    )
    decided_on = date_field(_("Ngày"), required=True, required_message=_("Hãy ghi ngày quyết định."))
    reason = text_field(_("Lý do"), 500, required=True, required_message=_("Hãy ghi lý do."), rows=3)
    decided_by = text_field(_("Cấp quyết định"), 200, help_text=_("Ví dụ: Chi bộ; Đảng ủy Cơ quan."))
    document = text_field(_("Văn bản"), 200, help_text=_("Số quyết định hoặc biên bản, nếu có."))
    self_remedied = forms.BooleanField(
        label=_("Tự phát hiện, khắc phục"),
        required=False,
        help_text=_("Quy định 366-QĐ/TW: kỷ luật đã tự phát hiện, khắc phục không buộc xếp loại thấp nhất."),
    )

    FIELDS = ("member", "kind", "decided_on", "reason", "decided_by", "document", "self_remedied")

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


# --------------------------------------------------------------------------------------------- supervision


class PlanForm(BaseForm):
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=1990,
        max_value=2100,
        error_messages={"required": _("Hãy ghi năm."), "invalid": _("Năm phải là một số, ví dụ 2026.")},
    )
    title = text_field(_("Tên kế hoạch"), 255, required=True, required_message=_("Hãy ghi tên kế hoạch."))
    adopted_on = date_field(_("Ngày ban hành"))
    document = text_field(_("Số kế hoạch"), 100)


class ItemForm(BaseForm):
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[("", "—"), *SupervisionKind.choices],
        error_messages={"required": _("Hãy chọn kiểm tra hay giám sát.")},
    )
    subject_member = member_choice(
        _("Đảng viên được kiểm tra, giám sát"), PartyMember.objects.none(), required=False
    )
    topic = text_field(
        _("Nội dung"),
        500,
        required=True,
        required_message=_("Hãy ghi nội dung kiểm tra, giám sát."),
        rows=2,
        help_text=_("Ví dụ: Việc thực hiện Nghị quyết của chi bộ về chuyển giao KHCN."),
    )
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    responsible = member_choice(_("Người thực hiện"), PartyMember.objects.none(), required=False)
    findings = text_field(_("Kết quả kiểm tra, giám sát"), 20000, rows=5)

    FIELDS = ("kind", "subject_member", "topic", "starts_on", "ends_on", "responsible")

    def __init__(self, *args, members=None, with_findings: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["subject_member"].queryset = members
            self.fields["responsible"].queryset = members
        if not with_findings:
            del self.fields["findings"]

    def data_for_service(self) -> dict:
        names = (*self.FIELDS, "findings") if "findings" in self.fields else self.FIELDS
        return {name: self.cleaned_data[name] for name in names}


class ConcludeForm(BaseForm):
    # Required-ness is the service's rule (its message lands on these fields), so that the rule is tested once.
    conclusion = text_field(_("Kết luận"), 20000, rows=5)
    concluded_on = date_field(_("Ngày kết luận"))


class TaskForm(BaseForm):
    title = text_field(_("Công việc"), 255, required=True, required_message=_("Hãy ghi công việc."))
    owner = member_choice(
        _("Người phụ trách"),
        PartyMember.objects.none(),
        required=True,
        required_message=_("Hãy chọn người phụ trách."),
    )
    due_on = date_field(_("Hạn hoàn thành"), required=True, required_message=_("Hãy ghi hạn hoàn thành."))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["owner"].queryset = members


class TaskDoneForm(BaseForm):
    done_on = date_field(_("Ngày hoàn thành"), help_text=_("Để trống: hôm nay."))
    result = text_field(_("Kết quả"), 500)


# --------------------------------------------------------------------------------------------- residence


class ResidenceForm(BaseForm):
    received_on = date_field(
        _("Ngày nhận"), required=True, required_message=_("Hãy ghi ngày nhận phiếu nhận xét.")
    )
    organisation = text_field(
        _("Tổ chức đảng nơi cư trú"),
        200,
        required=True,
        required_message=_("Hãy ghi chi bộ/tổ chức đảng nơi cư trú."),
    )
    content = text_field(
        _("Nội dung nhận xét"), 5000, required=True, required_message=_("Hãy ghi nội dung nhận xét."), rows=4
    )
    assessment = forms.ChoiceField(
        label=_("Đánh giá"),
        choices=[("", "—"), *ResidenceAssessment.choices],
        error_messages={"required": _("Hãy chọn mức đánh giá.")},
    )
    file = forms.FileField(
        label=_("Tệp phiếu nhận xét"), required=False, help_text=_("PDF hoặc ảnh chụp phiếu.")
    )


class ExemptForm(BaseForm):
    exempt = forms.BooleanField(label=_("Miễn nhận xét nơi cư trú"), required=False)
    reason = text_field(
        _("Lý do miễn"),
        200,
        help_text=_("Quy định 213-QĐ/TW: công tác xa dài ngày, học tập tập trung, ở trong doanh trại…"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
