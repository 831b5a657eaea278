from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core.forms import OneMessagePerFieldMixin, PrintableTextMixin
from hoptac.places.models import Commune, Province

from .choices import Certification, Sector
from .models import Cooperative


class CooperativeForm(OneMessagePerFieldMixin, PrintableTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sectors = forms.MultipleChoiceField(
        label=_("Lĩnh vực"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    certifications = forms.MultipleChoiceField(
        label=_("Chứng nhận"),
        choices=Certification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    commune = forms.CharField(
        label=_("Xã, phường, đặc khu"),
        required=False,
        max_length=120,
        help_text=_("Tên hoặc mã xã/phường hiện hành (sau 01/07/2025); để trống nếu hồ sơ ghi đơn vị cũ."),
    )

    class Meta:
        model = Cooperative
        fields = [
            "legal_form", "name", "short_name", "tax_code", "registration_date", "province", "commune",
            "address", "sectors", "member_count", "charter_capital", "representative", "phone", "email",
            "status", "certifications", "notes",
        ]  # fmt: skip
        widgets = {
            "registration_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, allowed_provinces=None, locked_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.order_by("sort_key")
        if allowed_provinces is not None:
            provinces = provinces.filter(pk__in=allowed_provinces)
        self.fields["province"].queryset = provinces
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.commune_id:
                self.initial["commune"] = self.instance.commune.name
        for name in locked_fields:
            self.fields[name].disabled = True

    def clean_tax_code(self):
        from hoptac.imports.normalisers import normalise_tax_code_input

        value = self.cleaned_data.get("tax_code")
        return normalise_tax_code_input(value) if value else None

    def clean_phone(self):
        from hoptac.imports.normalisers import normalise_phone_input

        value = self.cleaned_data.get("phone")
        return normalise_phone_input(value) if value else ""

    def clean(self):
        data = super().clean()
        text = (data.get("commune") or "").strip()
        province = data.get("province")
        data["commune"] = None
        if text and province is not None:
            from hoptac.core.text import fold

            candidates = Commune.objects.filter(province=province)
            if text.isdigit():
                matches = list(candidates.filter(code=text))
            else:
                folded = fold(text)
                names = [folded] + [f"{kind} {folded}" for kind in ("xa", "phuong", "dac khu")]
                matches = list(candidates.filter(folded_name__in=names)[:2])
            match = matches[0] if len(matches) == 1 else None
            if len(matches) > 1:
                self.add_error(
                    "commune", _("Có nhiều xã/phường tên này; hãy ghi rõ “Xã …” hoặc “Phường …”, hoặc mã.")
                )
            elif match is None:
                self.add_error(
                    "commune",
                    _("Không tìm thấy xã/phường “%(text)s” ở %(province)s.")
                    % {"text": text, "province": province},
                )
            data["commune"] = match
        self.instance.commune = data["commune"]
        return data


def picked_cooperative(form, data: dict):
    """The cooperative a form picked — fixed by the page (``form.fixed_cooperative``), chosen from the search list
    (``cooperative``: its id) or typed as a tax code (``cooperative_text``) — among those ``form.user`` may see.
    None (with the form error set) when nothing visible was picked. Shared by the support request and lab sample
    forms."""
    from hoptac.core.permissions import VIEW, restrict

    from .selectors import cooperative_by_tax_code_or_id

    visible = restrict(Cooperative.objects.select_related("province"), form.user, VIEW)
    chosen = None
    if form.fixed_cooperative is not None:
        chosen = form.fixed_cooperative
    elif data.get("cooperative"):
        chosen = visible.filter(pk=data["cooperative"]).first()
    elif (data.get("cooperative_text") or "").strip():
        # A tax code typed without picking from the list (or with htmx off) is enough.
        found = cooperative_by_tax_code_or_id(data["cooperative_text"])
        chosen = visible.filter(pk=found.pk).first() if found is not None else None
    if chosen is None:
        form.add_error(
            "cooperative_text" if "cooperative_text" in form.fields else None,
            _("Hãy chọn hợp tác xã trong danh sách tìm được (hoặc gõ đúng mã số thuế)."),
        )
    return chosen
