from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp bảng tính"),
        help_text=_("Tệp .xlsx, .xls, .ods hoặc .csv (UTF-8 hoặc Windows-1258), tối đa 40 MB."),
    )
    sheet = forms.CharField(
        label=_("Trang tính"), required=False, max_length=100, help_text=_("Để trống để dùng trang đầu tiên.")
    )
