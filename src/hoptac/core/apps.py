from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from . import navigation

        navigation.register(navigation.MenuItem("home", _("Trang chủ"), "core:home", "house", None, 0))
