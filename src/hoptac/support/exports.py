"""The filtered request list as .csv or .xlsx, streamed, in the reader's language.

Internal notes are a column only for people who work on the staff side, and are filled only on the rows where
the reader is on the staff side (a representative of one cooperative who coordinates another province reads
the notes of that province's requests, never of their own cooperative's). The cooperative's side gets the
public columns only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import roles
from hoptac.imports import tabular

from . import rules
from .choices import Category, Channel, Priority, State
from .models import Comment, SupportRequest, WorkLogEntry


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def staff_reader(user) -> bool:
    """Whether ``user`` works on the staff side anywhere (the internal-notes column exists for them)."""
    return bool(
        user.has_role(*(rules.READ_ALL | rules.ASSIGNEE_ROLES | rules.INTAKE_ROLES))
        or user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    )


EXPORT_CAP = 50_000


def too_many(queryset: QuerySet[SupportRequest]) -> bool:
    """More rows than one export holds (a web worker streams it): the reader narrows the filters first."""
    from hoptac.core.pagination import capped_count

    return capped_count(queryset, EXPORT_CAP)[1]


def export_rows(queryset: QuerySet[SupportRequest], *, staff: bool) -> QuerySet[SupportRequest]:
    """The rows with what the columns need, streamed in chunks (bounded memory)."""
    hours = (
        WorkLogEntry.objects.filter(request=OuterRef("pk"))
        .order_by()
        .values("request")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    rows = queryset.select_related("cooperative", "province", "assignee", "assignee_unit")
    if staff:
        rows = rows.annotate(
            hours=Coalesce(
                Subquery(hours), Value(0), output_field=DecimalField(max_digits=9, decimal_places=1)
            )
        )
        notes = (
            Comment.objects.filter(request=OuterRef("pk"), internal=True)
            .order_by()
            .values("request")
            .annotate(text=StringAgg("body", delimiter="\n", order_by="created_at"))
            .values("text")
        )
        rows = rows.annotate(internal_notes=Subquery(notes))
    return rows.order_by("-created_at", "-id").iterator(chunk_size=2000)


def columns(user, *, staff: bool) -> list[tuple[str, Any]]:
    def owner(r):
        if r.assignee_id:
            return r.assignee.display_name
        return r.assignee_unit.name if r.assignee_unit_id else ""

    spec = [
        (_("Số yêu cầu"), lambda r: r.number or _("Bản nháp")),
        (_("Ngày tạo"), lambda r: _date(r.created_at)),
        (_("Hợp tác xã"), lambda r: r.cooperative.name),
        (_("Mã số thuế"), lambda r: r.cooperative.tax_code or ""),
        (_("Tỉnh/thành phố"), lambda r: r.province.name),
        (_("Lĩnh vực hỗ trợ"), lambda r: str(Category(r.category).label)),
        (_("Tiêu đề"), lambda r: r.title),
        (_("Mức ưu tiên"), lambda r: str(Priority(r.priority).label)),
        (_("Kênh tiếp nhận"), lambda r: str(Channel(r.channel).label)),
        (_("Trạng thái"), lambda r: str(State(r.state).label)),
        (_("Ngày gửi"), lambda r: _date(r.submitted_at)),
        (_("Hạn xử lý"), lambda r: _date(r.due_date) if r.stage else ""),
        (_("Quá hạn"), lambda r: _("Có") if r.is_overdue() else ""),
        (_("Phụ trách"), owner),
        (_("Ngày xử lý xong"), lambda r: _date(r.resolved_at)),
        (_("Kết quả"), lambda r: r.outcome),
        (_("Ngày đóng"), lambda r: _date(r.closed_at)),
        (_("Mức hài lòng"), lambda r: r.rating or ""),
    ]
    if staff:
        # The work log is the staff side's: the cooperative's page does not show it either.
        spec.append(
            (
                _("Số giờ công"),
                lambda r: (float(r.hours) if r.hours else 0) if rules.is_staff_side(user, r) else "",
            )
        )
        spec.append(
            (_("Ghi chú nội bộ"), lambda r: (r.internal_notes or "") if rules.is_staff_side(user, r) else "")
        )
    return spec


def _filename(extension: str) -> str:
    return f"yeu-cau-ho-tro-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(user, queryset):
    staff = staff_reader(user)
    return tabular.csv_response(
        columns(user, staff=staff), export_rows(queryset, staff=staff), _filename("csv")
    )


def xlsx_response(user, queryset):
    staff = staff_reader(user)
    return tabular.xlsx_response(
        columns(user, staff=staff), export_rows(queryset, staff=staff), _filename("xlsx"), _("Yêu cầu hỗ trợ")
    )
