"""The lab's menu entries and home panel (registered from LabConfig.ready).

Menu items link only to pages that answer the person (the views check again): the samples list for every role
that reads samples — a cooperative's representative reads their own —, batch entry for analysts, batch review
for reviewers, and the catalogue's screens (regulations, parameters) for the institute and the lab.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles

# Who has work waiting in the lab's lists: the lab itself and the institute's leader (registers, applies).
WORK_ROLES = frozenset({roles.INSTITUTE_LEADER, *roles.LAB_ROLES})


def home_context(user) -> dict | None:
    from . import selectors
    from .views import TAB_LABELS

    counts = selectors.worklist_counts(user=user)
    if not counts:
        return None
    return {
        "tabs": [
            (code, TAB_LABELS[code], n, capped)
            for code in selectors.WORK_TABS
            for n, capped in [counts[code]]
            if n
        ],
        "list_url": reverse("lab:sample_list"),
    }


def register() -> None:
    from hoptac.core import home, navigation

    from . import services
    from .policies import READERS
    from .views import LIST_ROLES

    navigation.register(
        navigation.MenuItem("lab", _("Mẫu thử nghiệm"), "lab:sample_list", "droplet-half", LIST_ROLES, 40)
    )
    navigation.register(
        navigation.MenuItem(
            "lab_batch_entry",
            _("Nhập kết quả theo chỉ tiêu"),
            "lab:batch_entry",
            "grid-3x3",
            services.ANALYSTS,
            41,
        )
    )
    navigation.register(
        navigation.MenuItem(
            "lab_batch_verify",
            _("Soát xét theo chỉ tiêu"),
            "lab:batch_verify",
            "check2-all",
            services.REVIEWERS,
            42,
        )
    )
    # The catalogue and the regulations: read by the institute and the lab (changed by the manager there).
    navigation.register(
        navigation.MenuItem(
            "lab_regulations", _("Quy chuẩn"), "lab:regulation_list", "journal-text", READERS, 43
        )
    )
    navigation.register(
        navigation.MenuItem(
            "lab_parameters", _("Danh mục chỉ tiêu"), "lab:parameter_list", "list-check", READERS, 44
        )
    )
    home.register(home.HomePanel("lab.work", "lab/_home_panel.html", home_context, WORK_ROLES, 25))
