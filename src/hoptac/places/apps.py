from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "hoptac.places"
    label = "places"
    verbose_name = _("Địa giới hành chính")

    def ready(self) -> None:
        from hoptac.core import navigation
        from hoptac.core.permissions import register_scope_kind

        from . import home_panels, policies, search_providers  # noqa: F401  (registration side effects)

        # A provincial coordinator's role assignment is limited to one province.
        register_scope_kind("province", "places.Province", _("tỉnh/thành phố"))
        # Reference data every member of staff may open (see policies.py).
        navigation.register(
            navigation.MenuItem("places", _("Địa giới"), "places:province_list", icon="geo-alt", order=90)
        )
