"""The support figures page: effort per staff member from the work log, counts by province and category, and
durations — over a period, within what the reader may see (a coordinator: their province)."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import roles
from hoptac.core.views_helpers import require_role

from . import rules, selectors
from .choices import Category

STATS_ROLES = rules.READ_ALL | {roles.PROVINCIAL_COORDINATOR}


def _period(data) -> tuple[datetime.date, datetime.date, list[str]]:
    """From/to (dd/mm/yyyy); the current year by default; a bad value falls back with a message."""
    today = timezone.localdate()
    start, end, problems = datetime.date(today.year, 1, 1), today, []
    for name in ("tu", "den"):
        text = (data.get(name) or "").strip()
        if not text:
            continue
        try:
            value = datetime.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            problems.append(_("Ngày “%(text)s” không đúng dạng ngày/tháng/năm.") % {"text": text[:20]})
            continue
        if name == "tu":
            start = value
        else:
            end = value
    if start > end:
        problems.append(_("Ngày bắt đầu sau ngày kết thúc; đã đổi chỗ hai ngày."))
        start, end = end, start
    if (end - start).days > 366 * 5:
        problems.append(_("Khoảng thời gian dài quá 5 năm; đã rút lại còn 5 năm gần nhất."))
        start = end - datetime.timedelta(days=366 * 5)
    return start, end, problems


@login_required
@require_role(*STATS_ROLES)
def statistics(request):
    user = request.user
    start, end, problems = _period(request.GET)
    from hoptac.core.text import sort_key

    # Vietnamese order (the database's own ordering is not; core.text.sort_key is).
    by_province = sorted(
        selectors.counts_by(user=user, start=start, end=end, by=("province",)),
        key=lambda row: sort_key(row["province__name"]),
    )
    by_category = selectors.counts_by(user=user, start=start, end=end, by=("category",))
    labels = dict(Category.choices)
    for row in by_category:
        row["label"] = labels.get(row["category"], row["category"])
    durations = selectors.durations_by(user=user, start=start, end=end, by="category")
    for row in durations:
        row["label"] = labels.get(row["category"], row["category"])
    context = {
        "start": start,
        "end": end,
        "problems": problems,
        "effort": selectors.effort_by_staff(user=user, start=start, end=end),
        "by_province": by_province,
        "by_category": by_category,
        "durations": durations,
    }
    return render(request, "support/statistics.html", context)
