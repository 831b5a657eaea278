from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "hoptac.lab"
    label = "lab"
    verbose_name = _("Trung tâm Môi trường và Kiểm nghiệm chất lượng")

    def ready(self) -> None:
        from . import integration, menus, policies, reports  # noqa: F401  (registration side effects: reports registers its notification kind, which the e-mail worker needs too)

        menus.register()  # the lab's menu entries and home panel
        integration.register()  # the lab's action on support requests

        from hoptac.core.tasks import register_housekeeping

        register_housekeeping("lab verification throttle", reports.purge_verification_throttle)
