from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "hoptac.lab"
    label = "lab"
    verbose_name = _("Trung tâm Môi trường và Kiểm nghiệm chất lượng")

    def ready(self) -> None:
        from . import integration, menus, policies  # noqa: F401  (registration side effects)

        menus.register()  # the lab's menu entries and home panel
        integration.register()  # the lab's action on support requests
