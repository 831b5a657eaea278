from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "hoptac.workdays"
    label = "workdays"
    verbose_name = _("Lịch ngày làm việc")

    def ready(self) -> None:
        from hoptac.accounts import roles
        from hoptac.core import navigation

        from . import policies  # noqa: F401  (registration side effects)

        # Only the system administrator keeps the calendar; everybody else meets it through deadlines.
        navigation.register(
            navigation.MenuItem(
                "workdays",
                _("Lịch làm việc"),
                "workdays:day_list",
                "calendar-week",
                frozenset({roles.SYSTEM_ADMIN}),
                910,
            )
        )
