"""The SLA settings page: working days per category and stage (the institute's leaders and the administrator)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hoptac.core.errors import DomainError
from hoptac.core.views_helpers import require_role

from .choices import Category, Stage
from .sla import SLA_EDITORS, sla_save, sla_table


def years_without_holidays() -> list[int]:
    """This year and the next when the working-day calendar holds no day off for them: due dates would then
    count Tết and the public holidays as working days."""
    from django.utils import timezone

    from hoptac.workdays.models import CalendarDay

    year = timezone.localdate().year
    have = {d.year for d in CalendarDay.objects.filter(date__year__in=[year, year + 1]).dates("date", "year")}
    return [y for y in (year, year + 1) if y not in have]


def _field(category: str, stage: str) -> str:
    return f"{category or 'all'}__{stage}"


@login_required
@require_role(*SLA_EDITORS)
def sla_settings(request):
    errors: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        values: dict[tuple[str, str], int | None] = {}
        for category in ("", *Category.values):
            for stage in Stage.values:
                name = _field(category, stage)
                text = request.POST.get(name, "").strip()
                typed[name] = text
                if not text:
                    values[(category, stage)] = None
                elif text.isdigit() and len(text) <= 3:
                    values[(category, stage)] = int(text)
                else:
                    errors[name] = [_("Nhập số ngày làm việc từ 1 đến 365.")]
        if not errors:
            try:
                changed = sla_save(actor=request.user, values=values)
            except ValidationError as exc:
                errors = exc.message_dict
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã lưu thời hạn xử lý (%(n)s thay đổi).") % {"n": changed})
                return redirect("support:sla_settings")
    rows = sla_table()
    for row in rows:
        for cell in row["cells"]:
            cell["name"] = _field(row["category"], cell["stage"])
            cell["typed"] = typed.get(cell["name"], "" if cell["own"] is None else str(cell["own"]))
            cell["errors"] = errors.get(cell["name"], [])
    return render(
        request,
        "support/sla_settings.html",
        {
            "rows": rows,
            "stages": Stage.choices,
            "has_errors": bool(errors),
            "years_without_holidays": years_without_holidays(),
        },
    )
