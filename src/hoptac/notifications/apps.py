from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "hoptac.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from hoptac.core.tasks import register_housekeeping

        from . import policies  # noqa: F401  (registration side effects)
        from .services import purge_read_notifications

        register_housekeeping("notifications", purge_read_notifications)
