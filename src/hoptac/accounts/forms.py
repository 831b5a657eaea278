from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin
from hoptac.core.permissions import scope_kinds

from .models import Language, OrgUnit, Role, User
from .services import USER_EDITABLE_FIELDS


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập hoặc thư điện tử"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập/thư điện tử hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường của mật khẩu."
        ),
        "inactive": _("Tài khoản này đã bị vô hiệu hoá. Hãy liên hệ quản trị hệ thống."),
    }


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class UserForm(OneMessagePerFieldMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = list(USER_EDITABLE_FIELDS)  # exactly what the services accept

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.select_related("province").order_by("sort_key")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Ngôn ngữ giao diện"), choices=Language.choices)
    email_notifications = forms.BooleanField(label=_("Nhận thông báo qua thư điện tử"), required=False)


class RoleAssignmentForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Vai trò"), queryset=Role.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = scope_kinds()
        # Only roles whose scope kind is known to the system can be assigned.
        available = [""] + list(kinds)
        # Party roles are granted by the party module (party data); scope kinds unknown today cannot be used.
        self.fields["role"].queryset = Role.objects.filter(scope_kind__in=available, is_party=False).order_by(
            "position"
        )
        for code, kind in kinds.items():
            if kind.lookup is not None:
                self.fields[f"scope_{code}"] = ScopeLookupField(
                    kind,
                    label=kind.label,
                    required=False,
                    help_text=_("Gõ mã số thuế. Chỉ điền khi vai trò cần phạm vi này."),
                )
                continue
            self.fields[f"scope_{code}"] = forms.ModelChoiceField(
                label=kind.label,
                queryset=kind.model()._default_manager.order_by(*_ordering(kind.model())),
                required=False,
                help_text=_("Chỉ chọn khi vai trò cần phạm vi này."),
            )

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role is None:
            return data
        data["scope"] = None
        for code in scope_kinds():
            chosen = data.get(f"scope_{code}")
            if chosen is not None and code != role.scope_kind:
                self.add_error(f"scope_{code}", _("Vai trò đã chọn không dùng phạm vi này."))
            elif code == role.scope_kind:
                if chosen is None:
                    self.add_error(
                        f"scope_{code}",
                        _("Vai trò đã chọn cần chọn %(kind)s.") % {"kind": scope_kinds()[code].label},
                    )
                data["scope"] = chosen
        return data


class ScopeLookupField(forms.CharField):
    """A scope typed as text (e.g. a tax code) and resolved by the scope kind's lookup."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        super().__init__(max_length=40, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = self.kind.lookup(text)
        if found is None:
            raise forms.ValidationError(
                _("Không tìm thấy %(kind)s “%(text)s”.") % {"kind": self.kind.label, "text": text}
            )
        return found


def _ordering(model) -> list[str]:
    names = {f.name for f in model._meta.fields}
    return ["sort_key"] if "sort_key" in names else ["pk"]


def _clean_code(value: str) -> str:
    from .services import BAD_CODE_FORMAT, well_formed_code

    if not well_formed_code(value):
        raise forms.ValidationError(BAD_CODE_FORMAT, code="format")
    return value


class TwoFactorCodeForm(forms.Form):
    """The log-in's second step: the app's code, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("6 chữ số đang hiện trong ứng dụng xác thực, hoặc một mã khôi phục."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self):
        return _clean_code(self.cleaned_data["code"])


class TwoFactorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_code(self):
        from .services import BAD_CODE_FORMAT

        value = "".join(self.cleaned_data["code"].split())
        if not (len(value) == 6 and all("0" <= ch <= "9" for ch in value)):
            raise forms.ValidationError(BAD_CODE_FORMAT, code="format")
        return value


class TwoFactorProofForm(forms.Form):
    """Asked before turning 2FA off or replacing the recovery codes: a current code or an unused recovery code
    (not the password: a leaked password must not be enough to remove the second factor)."""

    proof = forms.CharField(
        label=_("Mã xác thực hoặc mã khôi phục"),
        max_length=20,
        help_text=_("6 chữ số đang hiện trong ứng dụng xác thực, hoặc một mã khôi phục chưa dùng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_proof(self):
        return _clean_code(self.cleaned_data["proof"])
