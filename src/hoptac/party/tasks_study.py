"""Periodic job of the study part: reminding the committee of missing residence feedback (Quy định 213-QĐ/TW).

From 1 October to the end of the year, each day's run tells the committee of every cell how many working members
still have no feedback from their residence organisation for the year. The reminder is sent at most once per
ISO week per cell (the notification itself is the marker), so a daily run — or a re-run after a failure — never
repeats it within the week, and a missed day is caught up by the next one.

Procrastinate discovers ``<app>.tasks`` modules: ``hoptac.party.tasks`` must import this module.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from procrastinate.contrib.django import app

from hoptac.notifications.kinds import NotificationKind, register_kind

from .selectors import committee_user_ids

KIND_RESIDENCE_MISSING = "party.residence_missing"
SEASON_STARTS = (10, 1)  # 1 October: the last quarter, when residence organisations write their feedback


def render_residence_missing(payload: dict) -> tuple[str, str]:
    missing, year = int(payload.get("missing", 0)), payload.get("year", "")
    title = gettext("Nhắc nhận xét nơi cư trú năm %(year)s") % {"year": year}
    body = ngettext(
        "Còn %(n)s đảng viên chưa có nhận xét của nơi cư trú năm %(year)s.",
        "Còn %(n)s đảng viên chưa có nhận xét của nơi cư trú năm %(year)s.",
        missing,
    ) % {"n": missing, "year": year}
    return title, body


RESIDENCE_MISSING = register_kind(
    NotificationKind(
        KIND_RESIDENCE_MISSING, gettext_lazy("Nhắc nhận xét nơi cư trú"), render_residence_missing
    )
)


def week_key(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def in_season(day: date) -> bool:
    return (day.month, day.day) >= SEASON_STARTS


def remind_missing_residence_feedback(today: date) -> dict[str, int]:
    """Send this week's reminder to each cell's committee where feedback is missing; returns counts.

    Idempotent per ISO week and cell: a cell already reminded this week is skipped.
    """
    from django.db import transaction

    from hoptac.notifications.models import Notification
    from hoptac.notifications.services import notify

    from .models import PartyCell
    from .selectors_study import missing_residence_count

    result = {"cells_reminded": 0, "cells_skipped": 0, "notifications": 0}
    if not in_season(today):
        return result
    week = week_key(today)
    url = reverse("party:residence_list") + f"?nam={today.year}"
    for cell in PartyCell.objects.order_by("pk"):
        missing = missing_residence_count(cell, today.year)
        if not missing:
            continue
        with transaction.atomic():
            # Lock the cell: two overlapping runs cannot both find "not yet reminded" and both send.
            PartyCell.objects.select_for_update().filter(pk=cell.pk).exists()
            already = Notification.objects.filter(
                kind=KIND_RESIDENCE_MISSING, payload__cell=cell.pk, payload__week=week
            ).exists()
            if already:
                result["cells_skipped"] += 1
                continue
            rows = notify(
                recipients=committee_user_ids(cell.pk),
                kind=KIND_RESIDENCE_MISSING,
                payload={"cell": cell.pk, "year": today.year, "week": week, "missing": missing},
                url=url,
            )
        result["cells_reminded"] += bool(rows)
        result["notifications"] += len(rows)
    return result


@app.periodic(cron="41 7 * * *", periodic_id="party.residence_reminders")
@app.task(name="party.residence_reminders", queue="maintenance", queueing_lock="party.residence_reminders")
def residence_reminders(timestamp: int) -> dict[str, int]:
    """Daily at 07:41: the weekly reminder of missing residence feedback, in the last quarter of the year."""
    from django.utils import timezone

    return remind_missing_residence_feedback(timezone.localdate())
