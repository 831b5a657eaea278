"""Forms of the elections' screens: they parse what the presidium types; the rules stay in
``services_elections`` (which checks everything again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import PrintableTextMixin
from hoptac.party.models import PartyMember

from . import rules
from .choices import CandidateSource, ElectionKind
from .selectors_elections import BALLOT_ORDERS, ORDER_GIVEN

DECISION_HELP = _("Ví dụ: Đại hội biểu quyết tán thành 11/12 (ngày 19/8/2025).")


def _decision(label, *, required: bool, help_text=DECISION_HELP):
    return forms.CharField(
        label=label,
        required=required,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
        error_messages={
            "required": _("Hãy ghi quyết định của đại hội."),
            "max_length": _("Tối đa 500 ký tự."),
        },
    )


def _count(label, *, required: bool = True, min_value: int = 0):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=9999,
        error_messages={
            "required": _("Hãy nhập số."),
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số phải từ %(limit_value)s trở lên."),
            "max_value": _("Số quá lớn."),
        },
    )


class ElectionCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Cuộc bầu"),
        choices=ElectionKind.choices,
        error_messages={"invalid_choice": _("Hãy chọn cuộc bầu trong danh sách.")},
    )
    seats = _count(_("Số lượng cần bầu"), min_value=1)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            labels = dict(ElectionKind.choices)
            self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]
        self.fields["seats"].help_text = _(
            "Chi ủy: tối đa %(max)s; bí thư, phó bí thư: 1; đại biểu: theo phân bổ của cấp trên."
        ) % {"max": rules.QD_190_COMMITTEE_MAX_SEATS}


class NominateForm(PrintableTextMixin, forms.Form):
    member = forms.ModelChoiceField(
        label=_("Đảng viên"),
        queryset=PartyMember.objects.none(),
        error_messages={
            "required": _("Hãy chọn đảng viên."),
            "invalid_choice": _("Đảng viên này không ứng cử được trong cuộc bầu này."),
        },
    )
    source = forms.ChoiceField(
        label=_("Nguồn giới thiệu"),
        choices=CandidateSource.choices,
        initial=CandidateSource.CONVENING,
        error_messages={"invalid_choice": _("Hãy chọn nguồn giới thiệu.")},
    )
    approvals = _count(_("Số đại biểu tán thành đưa vào danh sách"), required=False)
    list_decision = _decision(
        _("Quyết định của đại hội về danh sách (khi số dư vượt 30%)"),
        required=False,
        help_text=_("Chỉ cần khi danh sách có số dư vượt 30% số lượng cần bầu."),
    )

    def __init__(self, *args, members=None, sources=None, present=None, **kwargs):
        self.present = present
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.full_name
        if sources is not None:
            labels = dict(CandidateSource.choices)
            self.fields["source"].choices = [(s, labels[s]) for s in sources]
        self.fields["approvals"].help_text = _(
            "Tự ứng cử, đại hội giới thiệu: phải được trên 30% số có mặt tán thành."
        )
        if present is not None:
            # Those present come from the roll call (shown, never typed).
            self.fields["approvals"].help_text = _(
                "Tự ứng cử, đại hội giới thiệu: phải được trên 30%% số có mặt tán thành — đang có mặt "
                "%(present)s đảng viên chính thức (theo điểm danh)."
            ) % {"present": present}

    def clean(self):
        data = super().clean()
        if data.get("source") in (CandidateSource.SELF, CandidateSource.FLOOR):
            if data.get("approvals") is None:
                self.add_error("approvals", _("Hãy ghi số tán thành."))
            elif self.present is not None and data["approvals"] > self.present:
                self.add_error("approvals", _("Số tán thành không được lớn hơn số có mặt."))
        return data


class WithdrawForm(PrintableTextMixin, forms.Form):
    decision = _decision(_("Quyết định của đại hội cho rút"), required=True)


class OpenForm(PrintableTextMixin, forms.Form):
    ordering = forms.ChoiceField(
        label=_("Thứ tự tên trên phiếu"),
        choices=BALLOT_ORDERS,
        initial=ORDER_GIVEN,
        error_messages={"invalid_choice": _("Hãy chọn cách sắp xếp tên trên phiếu.")},
    )
    list_decision = _decision(
        _("Quyết định của đại hội về danh sách"),
        required=False,
        help_text=_("Cần khi số dư vượt 30% hoặc danh sách ít hơn số lượng cần bầu."),
    )


class DecisionForm(PrintableTextMixin, forms.Form):
    decision = _decision(_("Quyết định của đại hội"), required=True)
