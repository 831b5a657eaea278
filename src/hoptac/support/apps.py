from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "hoptac.support"
    label = "support"
    verbose_name = _("Yêu cầu hỗ trợ")

    def ready(self) -> None:
        from hoptac.notifications.kinds import NotificationKind, register_kind

        from . import notices, policies  # noqa: F401  (registration side effects)

        register_kind(
            NotificationKind(
                notices.KIND_TRANSITION, _("Yêu cầu hỗ trợ chuyển bước"), notices.render_transition
            )
        )
        register_kind(
            NotificationKind(notices.KIND_COMMENT, _("Trao đổi về yêu cầu hỗ trợ"), notices.render_comment)
        )
        register_kind(
            NotificationKind(notices.KIND_SLA, _("Cảnh báo thời hạn xử lý yêu cầu"), notices.render_sla)
        )

        from hoptac.core.tasks import register_housekeeping

        from .attachments import remove_orphan_files

        register_housekeeping("support orphan files", remove_orphan_files)

        from hoptac.accounts import roles
        from hoptac.core import home, navigation
        from hoptac.core import panels as record_panels

        from . import panels
        from .rules import ASSIGNEE_ROLES, INTAKE_ROLES
        from .views import LIST_ROLES

        navigation.register(
            navigation.MenuItem(
                "support", _("Yêu cầu hỗ trợ"), "support:request_list", "life-preserver", LIST_ROLES, 30
            )
        )
        from .sla import SLA_EDITORS

        navigation.register(
            navigation.MenuItem(
                "support_sla", _("Thời hạn xử lý"), "support:sla_settings", "hourglass-split", SLA_EDITORS, 31
            )
        )
        from .stats_views import STATS_ROLES

        navigation.register(
            navigation.MenuItem(
                "support_stats", _("Số liệu hỗ trợ"), "support:statistics", "bar-chart", STATS_ROLES, 32
            )
        )
        # "Việc của tôi": for the roles work waits on (the read-only roles have a list, not a queue).
        work_roles = (
            ASSIGNEE_ROLES | INTAKE_ROLES | {roles.PROVINCIAL_COORDINATOR, roles.COOPERATIVE_REPRESENTATIVE}
        )
        home.register(
            home.HomePanel("support.my_work", "support/_home_panel.html", panels.home_context, work_roles, 20)
        )
        record_panels.register(
            record_panels.RecordPanel(
                "registry.Cooperative",
                "support.requests",
                "support/_cooperative_panel.html",
                panels.cooperative_context,
                20,
            )
        )
