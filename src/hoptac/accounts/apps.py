from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hoptac.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from hoptac.core import navigation

        from . import home_panels, policies, roles, search_providers, signals  # noqa: F401  (registration side effects)

        navigation.register(
            navigation.MenuItem(
                "users", _("Người dùng"), "accounts:user_list", "people", frozenset({roles.SYSTEM_ADMIN}), 900
            )
        )
