"""Forms of the count: one paper ballot as typed by a member of the counting committee, and closing the count.

Keyboard first, and complete without JavaScript: the ballot's number, then one short text field —

* strike ballot: the ballot positions of the names crossed out, e.g. ``2 5`` (with fewer than ten names the
  digits may be typed together: ``25``); empty when no name is crossed out;
* agree ballot: one key per candidate in ballot order — ``1`` agree, ``2`` disagree, ``3`` both boxes, ``0``
  neither (also ``d``/``k``/``c``/``-``); a code shorter than the list leaves the rest as neither —

then the two flags (unstamped, names added) and Enter. The rules (validity, double entry) stay in the services.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Candidate

AGREE_KEYS = {
    "1": rules.Mark.AGREE,
    "d": rules.Mark.AGREE,
    "đ": rules.Mark.AGREE,
    "2": rules.Mark.DISAGREE,
    "k": rules.Mark.DISAGREE,
    "3": rules.Mark.BOTH,
    "c": rules.Mark.BOTH,
    "0": rules.Mark.NEITHER,
    "-": rules.Mark.NEITHER,
    ".": rules.Mark.NEITHER,
}
_SEPARATORS = re.compile(r"[\s,;+/]+")


def _input(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", **attrs})


class BallotEntryForm(forms.Form):
    number = forms.IntegerField(
        label=_("Số phiếu"),
        min_value=1,
        max_value=9999,
        error_messages={"required": _("Hãy nhập số thứ tự của phiếu."), "invalid": _("Số phiếu là một số.")},
        widget=forms.NumberInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    # Alt+K / Alt+T tick the flags from the keyboard, with or without JavaScript (accesskey).
    unstamped = forms.BooleanField(
        label=_("Không có dấu của Ban Kiểm phiếu"),
        required=False,
        widget=forms.CheckboxInput(attrs={"accesskey": "k"}),
    )
    names_added = forms.BooleanField(
        label=_("Có ghi thêm tên người ngoài danh sách"),
        required=False,
        widget=forms.CheckboxInput(attrs={"accesskey": "t"}),
    )

    def __init__(self, *args, election, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        self.candidates = candidates
        self.style = rules.BallotStyle(election.style) if election.style else None
        if self.style == rules.BallotStyle.STRIKE:
            together = len(candidates) < 10
            self.fields["code"] = forms.CharField(
                label=_("Số thứ tự các tên bị gạch"),
                required=False,
                max_length=200,
                help_text=(
                    _("Ví dụ “2 5” hoặc “25”. Để trống nếu phiếu không gạch tên nào.")
                    if together
                    else _("Cách nhau bởi dấu cách, ví dụ “2 11”. Để trống nếu phiếu không gạch tên nào.")
                ),
                widget=_input(inputmode="numeric", autofocus=True, **{"data-count-code": "strike"}),
            )
        else:
            self.fields["code"] = forms.CharField(
                label=_("Đánh dấu từng người theo thứ tự trên phiếu"),
                required=False,
                max_length=200,
                help_text=_(
                    "Mỗi người một phím: 1 đồng ý, 2 không đồng ý, 3 đánh cả hai ô, 0 để trống. "
                    "Ví dụ “1120”. Những người sau cùng không gõ được coi là để trống."
                ),
                widget=_input(inputmode="numeric", autofocus=True, **{"data-count-code": "agree"}),
            )
        self.order_fields(["number", "code", "unstamped", "names_added"])

    def _position(self, index: int) -> Candidate:
        """The name at ballot position ``index`` (1-based, as printed: the list's order, withdrawn names left out)."""
        return self.candidates[index - 1]

    def clean_code(self) -> dict:
        text = (self.cleaned_data.get("code") or "").strip().lower()
        count = len(self.candidates)
        if self.style == rules.BallotStyle.STRIKE:
            tokens = [t for t in _SEPARATORS.split(text) if t]
            if len(tokens) == 1 and count < 10 and len(tokens[0]) > 1:
                tokens = list(tokens[0])  # "25" on a list of fewer than ten names: positions 2 and 5
            marks = {}
            for token in tokens:
                if not token.isdigit():
                    raise forms.ValidationError(
                        _("Chỉ gõ số thứ tự, ví dụ “2 5” (không hiểu “%(token)s”).") % {"token": token}
                    )
                position = int(token)
                if not 1 <= position <= count:
                    raise forms.ValidationError(
                        _("Danh sách có %(count)s người; không có người số %(position)s.")
                        % {"count": count, "position": position}
                    )
                marks[self._position(position).pk] = rules.Mark.STRUCK
            return marks
        keys = list(_SEPARATORS.sub("", text))
        if len(keys) > count:
            raise forms.ValidationError(
                _("Danh sách có %(count)s người nhưng đã gõ %(typed)s dấu.")
                % {"count": count, "typed": len(keys)}
            )
        marks = {}
        for index, key in enumerate(keys, start=1):
            if key not in AGREE_KEYS:
                raise forms.ValidationError(
                    _("Phím “%(key)s” không dùng được: 1 đồng ý, 2 không đồng ý, 3 cả hai, 0 để trống.")
                    % {"key": key}
                )
            marks[self._position(index).pk] = AGREE_KEYS[key]
        return marks

    def marks(self) -> dict:
        return self.cleaned_data.get("code") or {}


class CloseCountForm(forms.Form):
    issued = forms.IntegerField(
        label=_("Số phiếu phát ra"),
        min_value=0,
        max_value=9999,
        widget=forms.NumberInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": _("Hãy nhập số phiếu phát ra.")},
    )
    not_returned = forms.IntegerField(
        label=_("Số phiếu không thu về"),
        min_value=0,
        max_value=9999,
        initial=0,
        widget=forms.NumberInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": _("Hãy nhập số phiếu không thu về (0 nếu thu về đủ).")},
    )
    confirm = forms.BooleanField(
        label=_(
            "Ban Kiểm phiếu đã thống nhất các số liệu; sau khi kết thúc, phiếu và kết quả không sửa được."
        ),
        required=True,
        error_messages={"required": _("Hãy xác nhận trước khi kết thúc kiểm phiếu.")},
    )
