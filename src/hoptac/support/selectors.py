"""Reads of support requests. Every one starts from ``restrict``; list pages cost a constant number of queries.

The counts and durations by province, category and period (``counts_by`` and ``durations_by``) are the hooks the
dashboards and plans reuse (issue 4 §8).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hoptac.accounts import roles
from hoptac.core.pagination import COUNT_CAP, KeysetPage, capped_count, keyset_paginate
from hoptac.core.permissions import VIEW, get_visible_or_404, restrict

from . import rules
from .choices import OPEN_STATES, STAGE_OF_STATE, State
from .models import Attachment, Comment, RequestEvent, SupportRequest, WorkLogEntry

# Queues ("Việc của tôi" and the shared queues): which requests wait on whom.
MY_WORK = "cua-toi"
PROVINCE_QUEUE = "cua-tinh"
INTAKE_QUEUE = "tiep-nhan"
ALL = "tat-ca"


@dataclass
class RequestFilters:
    queue: str = ALL
    state: str = ""
    category: str = ""
    province: int | None = None
    overdue: bool = False
    query: str = ""


def provinces_with_active_coordinator():
    """A subquery of the ids of provinces some active user coordinates."""
    from hoptac.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(
        role__code=roles.PROVINCIAL_COORDINATOR,
        scope_type__app_label="places",
        scope_type__model="province",
        user__is_active=True,
    ).values("scope_id")


def province_has_active_coordinator(province_id: int) -> bool:
    return provinces_with_active_coordinator().filter(scope_id=province_id).exists()


def my_work_condition(user) -> Q:
    """What waits on ``user``: their cooperative's returned, resolved and draft requests; their province's
    submissions; the institute's intake; their assigned work."""
    condition = Q(pk__in=[])
    cooperatives = user.scope_ids(roles.COOPERATIVE_REPRESENTATIVE)
    if cooperatives:
        condition |= Q(
            cooperative_id__in=cooperatives, state__in=[State.DRAFT, State.RETURNED, State.RESOLVED]
        )
    provinces = user.scope_ids(roles.PROVINCIAL_COORDINATOR)
    if provinces:
        condition |= Q(province_id__in=provinces, state=State.SUBMITTED)
    if rules.takes_in(user):
        # The intake, and the submissions the institute may endorse on the province's behalf: overdue, or of a
        # province without an active coordinator.
        condition |= Q(state=State.ENDORSED) | (
            Q(state=State.SUBMITTED)
            & (Q(due_date__lt=timezone.localdate()) | ~Q(province_id__in=provinces_with_active_coordinator()))
        )
    if user.has_role(*rules.ASSIGNEE_ROLES):
        mine = Q(assignee_id=user.pk)
        if user.unit_id:
            mine |= Q(assignee_id=None, assignee_unit_id=user.unit_id)
        condition |= mine & Q(state__in=[State.ASSIGNED, State.IN_PROGRESS])
    return condition


def request_queryset(*, user: Any, filters: RequestFilters) -> QuerySet[SupportRequest]:
    qs = restrict(SupportRequest.objects.all(), user, VIEW)
    if filters.queue == MY_WORK:
        qs = qs.filter(my_work_condition(user))
    elif filters.queue == PROVINCE_QUEUE:
        qs = qs.filter(province_id__in=user.scope_ids(roles.PROVINCIAL_COORDINATOR))
    elif filters.queue == INTAKE_QUEUE:
        qs = qs.filter(state=State.ENDORSED)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.province:
        qs = qs.filter(province_id=filters.province)
    if filters.overdue:
        qs = qs.filter(overdue_condition())
    if filters.query.strip():
        from hoptac.core.text import fold

        # Every folded word must appear in the number, the title or the cooperative's name (trigram index).
        for word in fold(filters.query).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    return qs


def overdue_condition(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(state__in=list(STAGE_OF_STATE), due_date__lt=today)


# What a list row shows: the long texts (description, outcome, the cooperative's notes and search column) stay in
# the database — 50 rows of them cost more to fetch and decode than the page's own query.
LIST_COLUMNS = (
    "number", "title", "state", "category", "priority", "channel", "due_date", "created_at", "province_id",
    "cooperative_id", "created_by_id", "assignee_id", "assignee_unit_id",
    "cooperative__name", "cooperative__tax_code", "cooperative__province_id",
    "province__name", "assignee__full_name", "assignee__username", "assignee_unit__name",
)  # fmt: skip


def request_page(
    *,
    user: Any,
    filters: RequestFilters,
    after: str | None = None,
    before: str | None = None,
    with_count: bool = True,
) -> tuple[KeysetPage, int, bool]:
    """One page, newest first (keyset on created_at, id), with a capped count (``with_count=False``: the
    caller takes the count from :func:`list_counts`, which has it already)."""
    qs = request_queryset(user=user, filters=filters)
    page = keyset_paginate(
        qs.select_related("cooperative", "province", "assignee", "assignee_unit").only(*LIST_COLUMNS),
        after=after,
        before=before,
        keys=("-created_at", "-id"),
    )
    if not with_count:
        return page, 0, False
    count, more = capped_count(qs)
    return page, count, more


@dataclass
class ListCounts:
    """The filter bar's count per state (the state filter left out) and the result line's count."""

    by_state: dict[str, int]
    capped_states: set[str]  # states counted only up to the cap ("more than …")
    count: int
    more: bool


def _possible_states(filters: RequestFilters) -> list[str]:
    """States the other filters leave possible (the rest are 0 without a query)."""
    states = list(State.values)
    if filters.overdue:
        states = [s for s in states if s in STAGE_OF_STATE]
    if filters.queue == INTAKE_QUEUE:
        states = [s for s in states if s == State.ENDORSED]
    return states


def list_counts(*, user: Any, filters: RequestFilters, cap: int = COUNT_CAP) -> ListCounts:
    """Counts for the list page in one query.

    Without a text search: one LIMIT-ed count per possible state (the state a literal, so each part walks its
    (state, …) index) — a GROUP BY over every visible row read 870,000 rows at 1,000,000 requests (392 ms).
    With a text search: the matches are few or the trigram index dominates, so the states are counted once
    over the first ``cap`` + 1 matches (41 ms for "nuoc" at 1,000,000, against 220 ms for ten trigram scans).
    """
    from django.db import connection

    base = request_queryset(user=user, filters=RequestFilters(**{**filters.__dict__, "state": ""})).order_by()
    by_state = dict.fromkeys(State.values, 0)
    capped: set[str] = set()
    with connection.cursor() as cursor:
        if filters.query.strip():
            sql, params = base.values("state")[: cap + 1].query.sql_with_params()
            cursor.execute(f"SELECT state, count(*) FROM ({sql}) AS matches GROUP BY state", params)  # noqa: S608
            by_state.update(dict(cursor.fetchall()))
            if sum(by_state.values()) > cap:
                capped = {state for state, n in by_state.items() if n}
        else:
            parts, params = [], []
            for state in _possible_states(filters):
                sql, part_params = base.filter(state=state).values("pk")[: cap + 1].query.sql_with_params()
                parts.append(f"SELECT %s, (SELECT count(*) FROM ({sql}) AS capped)")  # noqa: S608
                params += [state, *part_params]
            if parts:
                cursor.execute(" UNION ALL ".join(parts), params)
                by_state.update(dict(cursor.fetchall()))
            capped = {state for state, n in by_state.items() if n > cap}
    if filters.state:
        total, more = by_state.get(filters.state, 0), filters.state in capped
    else:
        total, more = sum(by_state.values()), bool(capped)
    return ListCounts(
        by_state={state: min(n, cap) for state, n in by_state.items()},
        capped_states=capped,
        count=min(total, cap),
        more=more or total > cap,
    )


def state_counts(*, user: Any, filters: RequestFilters, cap: int = COUNT_CAP) -> dict[str, int]:
    """Counts by state for the filter bar, each up to ``cap`` (see :func:`list_counts`)."""
    counts = list_counts(user=user, filters=filters, cap=cap)
    return {state: n + (state in counts.capped_states) for state, n in counts.by_state.items()}


def request_get(*, user: Any, pk: int) -> SupportRequest:
    return get_visible_or_404(
        SupportRequest.objects.select_related(
            "cooperative",
            "cooperative__province",
            "province",
            "assignee",
            "assignee_unit",
            "created_by",
            "endorsed_by",
        ),
        user,
        VIEW,
        pk=pk,
    )


def timeline(*, user: Any, request: SupportRequest) -> list:
    """Events and comments in time order; internal ones only for the staff side."""
    staff = rules.is_staff_side(user, request)
    events = RequestEvent.objects.filter(request=request).select_related("actor")
    comments = Comment.objects.filter(request=request).select_related("author")
    if not staff:
        events = events.filter(internal=False)
        comments = comments.filter(internal=False)
    items = [*events, *comments]
    items.sort(key=lambda item: (getattr(item, "at", None) or item.created_at, item.pk))
    return items


def attachments_of(*, user: Any, request: SupportRequest) -> QuerySet[Attachment]:
    qs = Attachment.objects.filter(request=request).select_related("uploaded_by")
    return qs if rules.is_staff_side(user, request) else qs.filter(internal=False)


def attachment_get(*, user: Any, request_pk: int, pk: int) -> Attachment:
    request = request_get(user=user, pk=request_pk)
    from django.http import Http404

    attachment = attachments_of(user=user, request=request).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def work_log_of(*, request: SupportRequest) -> QuerySet[WorkLogEntry]:
    return WorkLogEntry.objects.filter(request=request).select_related("author")


def requests_of_cooperative(*, user: Any, cooperative, limit: int = 10) -> QuerySet[SupportRequest]:
    """The cooperative page's panel: its latest requests the user may see."""
    return restrict(SupportRequest.objects.filter(cooperative=cooperative), user, VIEW).order_by(
        "-created_at", "-id"
    )[:limit]


def effort_by_staff(*, user: Any, start: datetime.date, end: datetime.date) -> list[dict]:
    """Hours logged per staff member in [start, end], on requests the user may see."""
    visible = restrict(SupportRequest.objects.all(), user, VIEW)
    return list(
        WorkLogEntry.objects.filter(request__in=visible, date__gte=start, date__lte=end)
        .values("author_id", "author__full_name")
        .annotate(hours=Sum("hours"), requests=Count("request", distinct=True), entries=Count("pk"))
        .order_by("-hours", "author__full_name")
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in Hà Nội time: a range on the column itself uses its index (``__date`` does not)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def counts_by(
    *, user: Any, start: datetime.date, end: datetime.date, by: tuple[str, ...] = ("province", "category")
) -> list[dict]:
    """Requests submitted in [start, end] counted by the given dimensions (province, category, state, month)."""
    qs = restrict(SupportRequest.objects.all(), user, VIEW).filter(
        submitted_at__gte=_day_start(start), submitted_at__lt=_day_start(end + datetime.timedelta(days=1))
    )
    fields = []
    if "month" in by:
        qs = qs.annotate(month=TruncMonth("submitted_at"))
        fields.append("month")
    fields += [f for f in by if f != "month"]
    fields = ["province__name" if f == "province" else f for f in fields]
    return list(
        qs.order_by()
        .values(*fields)
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            closed=Count("pk", filter=Q(state=State.CLOSED)),
        )
        .order_by(*fields)
    )


def durations_by(*, user: Any, start: datetime.date, end: datetime.date, by: str = "category") -> list[dict]:
    """Average days from submission to resolution and to closing, and the mean rating, of requests resolved in
    [start, end], by category or province."""
    field = "province__name" if by == "province" else by
    qs = restrict(SupportRequest.objects.all(), user, VIEW).filter(
        resolved_at__gte=_day_start(start),
        resolved_at__lt=_day_start(end + datetime.timedelta(days=1)),
        submitted_at__isnull=False,
    )
    to_resolve = ExpressionWrapper(F("resolved_at") - F("submitted_at"), output_field=DurationField())
    rows = (
        qs.order_by()
        .values(field)
        .annotate(resolved=Count("pk"), mean_to_resolve=Avg(to_resolve), mean_rating=Avg("rating"))
        .order_by(field)
    )
    return [
        {
            **row,
            "mean_days_to_resolve": round(row["mean_to_resolve"].total_seconds() / 86400, 1)
            if row["mean_to_resolve"]
            else None,
        }
        for row in rows
    ]


# ------------------------------------------------------------------------------------------------ screens


def my_work_counts(*, user: Any) -> dict[str, int]:
    """The home panel "Việc của tôi": how many requests wait on ``user``, by state (one query)."""
    qs = request_queryset(user=user, filters=RequestFilters(queue=MY_WORK))
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts[state] for state in State.values if counts.get(state)}
