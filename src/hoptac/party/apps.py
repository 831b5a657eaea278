from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "hoptac.party"
    label = "party"
    verbose_name = _("Công tác Đảng")

    def ready(self) -> None:
        from hoptac.core.permissions import register_scope_kind

        # Registration side effects: policies, and the notification kinds each part registers when imported (the
        # e-mail worker needs them too, not only the web process).
        from . import menus, policies, services_evaluation, services_meetings, tasks  # noqa: F401

        # Party roles are limited to one cell (accounts.roles.SCOPE_PARTY_CELL).
        register_scope_kind("party_cell", "party.PartyCell", _("chi bộ"))
        menus.register()
