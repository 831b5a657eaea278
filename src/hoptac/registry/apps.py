from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "hoptac.registry"
    label = "registry"
    verbose_name = _("Sổ đăng ký hợp tác xã")

    def ready(self) -> None:
        from hoptac.core import navigation
        from hoptac.core.permissions import register_scope_kind

        from . import policies, search_providers  # noqa: F401  (registration side effects)
        from .policies import READERS
        from .selectors import cooperative_by_tax_code_or_id

        # A cooperative representative's role is limited to one cooperative (typed by tax code: 100,000 rows
        # are too many for a drop-down).
        register_scope_kind(
            "cooperative", "registry.Cooperative", _("hợp tác xã"), lookup=cooperative_by_tax_code_or_id
        )
        from hoptac.imports import kinds

        from .importing import import_cooperatives, spec
        from .policies import provinces_user_may_import_in

        kinds.register(
            kinds.ImportKind(
                "hop-tac-xa",
                _("danh sách hợp tác xã"),
                spec,
                import_cooperatives,
                provinces_user_may_import_in,
                "registry:cooperative_list",
            )
        )
        navigation.register(
            navigation.MenuItem(
                "registry", _("Hợp tác xã"), "registry:cooperative_list", "buildings", READERS, 20
            )
        )
