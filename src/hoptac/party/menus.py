"""The party module's entry in the main menu and its own section menu (shown on every party page).

Only party roles see the entry; the section menu shows committee-only sections to the committee. The views
check again (:mod:`hoptac.party.access`): a link shown by mistake would still answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles


@dataclass(frozen=True)
class Section:
    key: str
    label: object
    url_name: str
    icon: str
    committee_only: bool = False


SECTIONS = (
    Section("home", _("Tổng quan"), "party:home", "speedometer2"),
    Section("notices", _("Thông báo"), "party:notice_list", "megaphone"),
    Section("meetings", _("Sinh hoạt chi bộ"), "party:meeting_list", "people"),
    Section("study", _("Học tập nghị quyết"), "party:directive_list", "journal-text"),
    Section("my_record", _("Hồ sơ của tôi"), "party:my_record", "person-vcard"),
    Section("members", _("Đảng viên"), "party:member_list", "person-lines-fill", committee_only=True),
    Section(
        "admission", _("Phát triển đảng viên"), "party:admission_list", "person-plus", committee_only=True
    ),
    Section("residence", _("Nhận xét nơi cư trú"), "party:residence_list", "house", committee_only=True),
    Section("supervision", _("Kiểm tra, giám sát"), "party:supervision_list", "search", committee_only=True),
    Section("fees", _("Đảng phí"), "party:fee_list", "cash-coin"),
    Section("evaluation", _("Đánh giá, xếp loại"), "party:evaluation_list", "award"),
    Section("targets", _("Chỉ tiêu nhiệm kỳ"), "party:target_list", "bullseye"),
    Section("congress", _("Đại hội chi bộ"), "congress:congress_list", "bank"),
    Section("cell", _("Chi bộ và chi ủy"), "party:cell_detail", "diagram-3"),
)


def sections_for(request) -> list[dict]:
    committee = getattr(request, "party_committee", False)
    return [
        {"key": s.key, "label": s.label, "url": reverse(s.url_name), "icon": s.icon}
        for s in SECTIONS
        if committee or not s.committee_only
    ]


def register() -> None:
    from hoptac.core import navigation

    navigation.register(
        navigation.MenuItem(
            "party", _("Công tác Đảng"), "party:home", "flag", frozenset(roles.PARTY_ROLES), 80
        )
    )
