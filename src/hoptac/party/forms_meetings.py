"""Forms of the meetings' screens: they parse what the committee types; the rules stay in ``services_meetings``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import PrintableTextMixin

from .choices import ConclusionKind, MeetingKind, MeetingQuality, Presence
from .models import PartyMember

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"]
DATETIME_INVALID = _("Hãy nhập thời điểm theo dạng dd/mm/yyyy hh:mm, ví dụ 05/12/2026 14:00.")
DATE_INVALID = _("Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/12/2026.")


class StrictDateTimeField(forms.DateTimeField):
    """dd/mm/yyyy hh:mm only: Django's own fallback to ISO 8601 would read "2026-12-05" silently."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            for fmt in self.input_formats:
                try:
                    self.strptime(value.strip(), fmt)
                except (ValueError, TypeError):
                    continue
                return super().to_python(value)
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _datetime(label, *, required=True, help_text=""):
    return StrictDateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        ),
        error_messages={"invalid": DATETIME_INVALID, "required": _("Hãy nhập thời gian.")},
        help_text=help_text,
    )


def _date(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
        error_messages={"invalid": DATE_INVALID, "required": _("Hãy nhập ngày.")},
        **kwargs,
    )


class MeetingForm(PrintableTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại sinh hoạt"),
        choices=MeetingKind.choices,
        error_messages={"invalid_choice": _("Hãy chọn loại sinh hoạt trong danh sách.")},
    )
    title = forms.CharField(
        label=_("Nội dung chính"),
        max_length=255,
        error_messages={"required": _("Hãy ghi nội dung chính của buổi sinh hoạt.")},
        help_text=_("Ví dụ: Sinh hoạt thường kỳ tháng 12/2026."),
    )
    starts_at = _datetime(_("Thời gian bắt đầu"))
    ends_at = _datetime(
        _("Dự kiến kết thúc"),
        required=False,
        help_text=_("Chỉ thị 50-CT/TW: ít nhất 90 phút; 120 phút khi kết hợp chuyên đề."),
    )
    place = forms.CharField(
        label=_("Địa điểm"), max_length=200, error_messages={"required": _("Hãy ghi địa điểm.")}
    )
    agenda = forms.CharField(
        label=_("Nội dung sinh hoạt"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Hãy ghi ít nhất một nội dung sinh hoạt.")},
        help_text=_("Mỗi dòng một nội dung, theo thứ tự."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Thời gian kết thúc phải sau thời gian bắt đầu."))
        return data

    def agenda_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["agenda"].splitlines() if line.strip()]


class NotifyForm(PrintableTextMixin, forms.Form):
    message = forms.CharField(
        label=_("Lời nhắn thêm"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In dưới thông báo, ví dụ: “Đề nghị các đồng chí đọc trước dự thảo nghị quyết”."),
    )


class ReasonForm(PrintableTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do.")},
    )


class DocumentForm(PrintableTextMixin, forms.Form):
    title = forms.CharField(
        label=_("Tên tài liệu"), max_length=255, error_messages={"required": _("Hãy ghi tên tài liệu.")}
    )
    file = forms.FileField(
        label=_("Tệp"),
        error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp rỗng.")},
        help_text=_("PDF, Word, Excel, ảnh hoặc văn bản; tối đa 20 MB."),
    )

    def clean_file(self):
        """Checked by content, as every upload of hoptac (a renamed file is refused)."""
        from hoptac.support.attachments import check_file

        upload = self.cleaned_data["file"]
        try:
            check_file(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["file"]) from exc
        upload.seek(0)
        return upload


class MinutesForm(PrintableTextMixin, forms.Form):
    chair = forms.ModelChoiceField(
        label=_("Chủ trì"),
        queryset=PartyMember.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Hãy chọn đảng viên của chi bộ.")},
    )
    minute_taker = forms.ModelChoiceField(
        label=_("Thư ký"),
        queryset=PartyMember.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Hãy chọn đảng viên của chi bộ.")},
    )
    ends_at = _datetime(_("Thời gian kết thúc"), required=False)
    guests = forms.CharField(label=_("Khách mời"), max_length=500, required=False)
    summary = forms.CharField(
        label=_("Diễn biến chung"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    quality = forms.ChoiceField(
        label=_("Tự đánh giá chất lượng"), choices=MeetingQuality.choices, required=False
    )
    minutes_read_out = forms.BooleanField(
        label=_("Biên bản đã được đọc lại trước khi bế mạc"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = PartyMember.objects.filter(cell_id=meeting.cell_id).order_by("name_sort", "id")
        self.fields["chair"].queryset = members
        self.fields["minute_taker"].queryset = members
        self.items = list(meeting.agenda.all())
        for item in self.items:
            self.fields[f"presenter_{item.pk}"] = forms.CharField(
                label=_("Người trình bày"), max_length=120, required=False, initial=item.presenter
            )
            self.fields[f"discussion_{item.pk}"] = forms.CharField(
                label=_("Ý kiến phát biểu"),
                max_length=20000,
                required=False,
                initial=item.discussion,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def item_fields(self):
        return [(item, self[f"presenter_{item.pk}"], self[f"discussion_{item.pk}"]) for item in self.items]

    def discussions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"discussion_{item.pk}", "") for item in self.items}

    def presenters(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"presenter_{item.pk}", "") for item in self.items}


class AgendaItemForm(PrintableTextMixin, forms.Form):
    title = forms.CharField(
        label=_("Nội dung phát sinh"), max_length=255, error_messages={"required": _("Hãy ghi nội dung.")}
    )
    presenter = forms.CharField(label=_("Người trình bày"), max_length=120, required=False)


def _count(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=999,
        error_messages={
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số phiếu không được âm."),
            "max_value": _("Số phiếu quá lớn."),
        },
    )


class ConclusionForm(PrintableTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ConclusionKind.choices)
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi nội dung kết luận, nghị quyết.")},
    )
    votes_for = _count(_("Tán thành"))
    votes_against = _count(_("Không tán thành"))
    votes_abstain = _count(_("Ý kiến khác"))


class TaskForm(PrintableTextMixin, forms.Form):
    title = forms.CharField(
        label=_("Công việc"), max_length=255, error_messages={"required": _("Hãy ghi công việc.")}
    )
    owner = forms.ModelChoiceField(
        label=_("Người phụ trách"),
        queryset=PartyMember.objects.none(),
        error_messages={
            "required": _("Hãy chọn người phụ trách."),
            "invalid_choice": _("Hãy chọn đảng viên của chi bộ."),
        },
    )
    due_on = _date(_("Hạn hoàn thành"))

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "task-%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = PartyMember.objects.filter(cell_id=meeting.cell_id).order_by(
            "name_sort", "id"
        )


class TaskDoneForm(PrintableTextMixin, forms.Form):
    done_on = _date(_("Ngày hoàn thành"))
    result = forms.CharField(label=_("Kết quả"), max_length=500, required=False)


class NoticeForm(PrintableTextMixin, forms.Form):
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=255, error_messages={"required": _("Hãy ghi tiêu đề.")}
    )
    body = forms.CharField(
        label=_("Nội dung"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


PRESENCE_CHOICES = [("", "—"), *Presence.choices]
