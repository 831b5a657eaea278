"""Daily reminders of the members part: party badge milestones ahead, probations nearing their end.

The committee of each cell is told once a day at most: a reminder already sent today (same kind, same day in
its payload) is not sent again, so a re-run or a caught-up periodic job adds nothing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from procrastinate.contrib.django import app

from hoptac.notifications.kinds import NotificationKind, register_kind

from .selectors import committee_user_ids

KIND_BADGES = "party.badge_reminder"
KIND_PROBATION = "party.probation_reminder"
LISTED = 10  # names written in one notification; the page lists them all


def _names(items: list[dict]) -> str:
    shown = "; ".join(f"{i['name']} ({i['label']}, {i['date']})" for i in items[:LISTED])
    more = len(items) - LISTED
    return shown + (f"; … (+{more})" if more > 0 else "")


def render_badges(payload: dict) -> tuple[str, str]:
    items = payload.get("items") or []
    title = ngettext(
        "%(n)s đảng viên đến mốc Huy hiệu Đảng", "%(n)s đảng viên đến mốc Huy hiệu Đảng", len(items)
    ) % {"n": len(items)}
    body = _("Chuẩn bị hồ sơ đề nghị tặng Huy hiệu Đảng: %(names)s.") % {"names": _names(items)}
    return title, body


def render_probation(payload: dict) -> tuple[str, str]:
    items = payload.get("items") or []
    title = ngettext(
        "%(n)s đảng viên dự bị sắp hết hạn dự bị",
        "%(n)s đảng viên dự bị sắp hết hạn dự bị",
        len(items),
    ) % {"n": len(items)}
    body = _("Chuẩn bị xét công nhận đảng viên chính thức: %(names)s.") % {"names": _names(items)}
    return title, body


register_kind(NotificationKind(KIND_BADGES, _("Nhắc mốc Huy hiệu Đảng"), render_badges))
register_kind(NotificationKind(KIND_PROBATION, _("Nhắc hạn chuyển đảng viên chính thức"), render_probation))


def _badge_items(cell, rules, today: date) -> list[dict]:
    from . import badges
    from .choices import OFF_ROLL
    from .models import BadgeAward, PartyMember

    members = (
        PartyMember.objects.filter(cell=cell, full_member_on__isnull=False)
        .exclude(status__in=OFF_ROLL)
        .prefetch_related(Prefetch("badges", queryset=BadgeAward.objects.only("member_id", "years")))
        .order_by("admitted_on", "id")
    )
    items = []
    for member in members:
        status = badges.badge_status(
            member.admitted_on,
            today,
            rules.milestones(),
            awarded=[a.years for a in member.badges.all()],
            reminder_days=rules.badge_reminder_days,
        )
        if status.upcoming is not None:
            items.append(
                {
                    "name": member.full_name,
                    "label": str(_("%(years)s năm") % {"years": status.upcoming.years}),
                    "date": status.upcoming.due_on.strftime("%d/%m/%Y"),
                }
            )
    return items


def _probation_items(cell, rules, today: date) -> list[dict]:
    from . import badges
    from .choices import OFF_ROLL, AdmissionStage
    from .models import PartyMember

    items = []
    members = (
        PartyMember.objects.filter(cell=cell, full_member_on__isnull=True)
        .exclude(status__in=OFF_ROLL)
        .select_related("admission")
        .order_by("admitted_on", "id")
    )
    for member in members:
        case = getattr(member, "admission", None)
        if case is not None and case.stage != AdmissionStage.PROBATIONARY:
            continue
        due = (case.probation_due_on if case else None) or badges.probation_due(
            member.admitted_on, rules.probation_months
        )
        state = badges.probation_reminder(due, today, rules.probation_reminder_days)
        if state:
            label = _("quá hạn") if state == "overdue" else _("đến hạn")
            items.append({"name": member.full_name, "label": str(label), "date": due.strftime("%d/%m/%Y")})
    return items


def _send(kind: str, recipients: list[int], items: list[dict], url: str, today: date) -> int:
    from hoptac.notifications.models import Notification
    from hoptac.notifications.services import notify

    if not items or not recipients:
        return 0
    already = set(
        Notification.objects.filter(
            kind=kind, recipient_id__in=recipients, payload__day=today.isoformat()
        ).values_list("recipient_id", flat=True)
    )
    wanted = [r for r in recipients if r not in already]
    if not wanted:
        return 0
    rows = notify(
        recipients=wanted, kind=kind, payload={"day": today.isoformat(), "items": items}, url=url, email=True
    )
    return len(rows)


def send_member_reminders(today: date | None = None) -> dict[str, int]:
    """Tell each cell's committee of badge milestones within the reminder window and of probations due soon
    or overdue; returns how many notifications were written per kind."""
    from django.db import transaction

    from .models import PartyCell
    from .services import rules_for

    today = today or timezone.localdate()
    sent = {"badges": 0, "probation": 0}
    for cell in PartyCell.objects.order_by("pk"):
        rules = rules_for(cell)
        recipients = committee_user_ids(cell.pk)
        if not recipients:
            continue
        with transaction.atomic():
            sent["badges"] += _send(
                KIND_BADGES, recipients, _badge_items(cell, rules, today), reverse("party:badge_list"), today
            )
            sent["probation"] += _send(
                KIND_PROBATION,
                recipients,
                _probation_items(cell, rules, today),
                reverse("party:admission_list"),
                today,
            )
    return sent


# Daily at 06:40: both reminders are idempotent per day, so a missed run is caught up by the next one.
@app.periodic(cron="40 6 * * *", periodic_id="party.member_reminders")
@app.task(name="party.member_reminders", queue="maintenance", queueing_lock="party.member_reminders")
def member_reminders(timestamp: int) -> dict[str, int]:
    return send_member_reminders()
