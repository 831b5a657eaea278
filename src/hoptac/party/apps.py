from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "hoptac.party"
    label = "party"
    verbose_name = _("Công tác Đảng")

    def ready(self) -> None:
        from hoptac.core.permissions import register_scope_kind

        from . import menus, policies  # noqa: F401  (registration side effects)

        # Party roles are limited to one cell (accounts.roles.SCOPE_PARTY_CELL).
        register_scope_kind("party_cell", "party.PartyCell", _("chi bộ"))
        menus.register()
