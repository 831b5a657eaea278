from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "hoptac.imports"
    label = "imports"
    verbose_name = _("Nhập dữ liệu từ bảng tính")

    def ready(self) -> None:
        from . import policies  # noqa: F401  (registration side effects)
