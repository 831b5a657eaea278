from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "hoptac.congress"
    label = "congress"
    verbose_name = _("Đại hội chi bộ")

    def ready(self) -> None:
        from hoptac.core.permissions import register_scope_kind

        from . import policies  # noqa: F401  (registration side effects)

        # Duties on one congress (presidium, secretariat, counting committee) are limited to that congress.
        register_scope_kind("congress", "congress.Congress", _("đại hội chi bộ"))

        from . import authority

        authority.register()  # the presidium in session records the elected on the cell committee
