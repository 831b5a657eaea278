"""Reads of the catalogue and the regulations, and judging a result named by texts (the ``lab_judge`` command).

Regulations, sets and parameters are matched with :func:`hoptac.core.text.fold`, so "qcvn 14:2008/btnmt",
"bang 2" and "bod5" find "QCVN 14:2008/BTNMT", "Bảng 2" and "BOD5". The tables are small (tens to hundreds of
rows), so the folding is done here over their names rather than in a stored column.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from hoptac.core.pagination import COUNT_CAP, KeysetPage, keyset_paginate
from hoptac.core.text import fold

from .judging import ClassRule, Interval, JudgeError, Judgement, Rule, judge, parse_coefficient, parse_value
from .models import Limit, LimitSet, Parameter, Regulation


class NotFound(JudgeError):
    pass


def _one(candidates: list, text: str, not_found: str):
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFound(not_found)
    raise NotFound(_("“%(text)s” khớp với nhiều mục; hãy ghi đầy đủ hơn.") % {"text": text})


def regulation_find(text: str) -> Regulation:
    key = fold(text)
    matches = [r for r in Regulation.objects.select_related("superseded_by") if key and fold(r.code) == key]
    return _one(matches, text, _("Không có quy chuẩn “%(text)s”.") % {"text": text})


def limit_set_find(regulation: Regulation, text: str) -> LimitSet:
    key = fold(text)
    matches = [s for s in regulation.limit_sets.all() if key and fold(s.name) == key]
    names = ", ".join(s.name for s in regulation.limit_sets.all()) or _("(chưa có bộ giới hạn nào)")
    return _one(
        matches,
        text,
        _("Quy chuẩn %(regulation)s không có bộ giới hạn “%(text)s” (có: %(names)s).")
        % {"regulation": regulation.code, "text": text, "names": names},
    )


_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _parameter_keys(parameter: Parameter) -> set[str]:
    """Its code and Vietnamese name, with and without the parenthesised symbol ("Ôxy hòa tan (DO)")."""
    return {fold(parameter.code), fold(parameter.name), fold(_PARENTHESES.sub("", parameter.name))} - {""}


def parameter_find(text: str) -> Parameter:
    """By code or Vietnamese name, folded ("bod5", "oxy hoa tan", "ôxy hòa tan (DO)")."""
    key = fold(text)
    matches = [p for p in Parameter.objects.all() if key and key in _parameter_keys(p)]
    return _one(matches, text, _("Không có chỉ tiêu “%(text)s” trong danh mục.") % {"text": text})


def rule_for(limit: Limit) -> Rule:
    """The judge's data for a limit (its intervals and, for a graded set, its classes best first)."""
    limit_set = limit.limit_set
    intervals = list(limit.intervals.all())
    if not limit_set.is_graded:
        only = intervals[0] if intervals else None
        interval = (
            None
            if only is None
            else Interval(only.lower, only.lower_inclusive, only.upper, only.upper_inclusive)
        )
        return Rule(limit_set.kind, limit.unit, limit.coefficient_applies, interval, (), limit.note)
    by_class: dict[int, list[Interval]] = {}
    for i in intervals:
        by_class.setdefault(i.limit_class_id, []).append(
            Interval(i.lower, i.lower_inclusive, i.upper, i.upper_inclusive)
        )
    classes = tuple(
        ClassRule(c.label, tuple(by_class.get(c.pk, ()))) for c in limit_set.classes.order_by("position")
    )
    return Rule(limit_set.kind, limit.unit, limit.coefficient_applies, None, classes, limit.note)


def limit_find(limit_set: LimitSet, parameter: Parameter) -> Limit:
    limit = (
        Limit.objects.select_related("limit_set", "parameter")
        .prefetch_related("intervals")
        .filter(limit_set=limit_set, parameter=parameter)
        .first()
    )
    if limit is None:
        raise NotFound(
            _("Bộ giới hạn %(set)s của %(regulation)s không có chỉ tiêu %(parameter)s.")
            % {"set": limit_set.name, "regulation": limit_set.regulation.code, "parameter": parameter.code}
        )
    return limit


def judge_named(
    regulation: str, limit_set: str, parameter: str, value: str, k: str | Decimal = "1"
) -> Judgement:
    """Judge a result given as texts; every refusal is a :class:`JudgeError` with a Vietnamese message."""
    reading = parse_value(value)
    factor = parse_coefficient(k)
    found_regulation = regulation_find(regulation)
    found_set = limit_set_find(found_regulation, limit_set)
    found_parameter = parameter_find(parameter)
    limit = limit_find(found_set, found_parameter)
    return judge(rule_for(limit), reading, factor, parameter_unit=found_parameter.unit)


# ------------------------------------------------------------------------------------------------ work lists
#
# The lab's work lists answer from the sample table's (state, due_date) index: every tab but "Tất cả" names its
# states as literals, and what a tab needs beyond the state (a result missing, returned or waiting for review) is
# an EXISTS probe on the sample's few parameter rows — never a join that multiplies rows or a GROUP BY over the
# table. A page is one query; the tab counts are one more (each capped, see ``worklist_counts``).

TO_RECEIVE = "cho-nhan"
TO_ANALYSE = "cho-phan-tich"
TO_REVIEW = "cho-soat-xet"
TO_ISSUE = "cho-ban-hanh"
OVERDUE = "qua-han"
ALL = "tat-ca"
WORK_TABS = (TO_RECEIVE, TO_ANALYSE, TO_REVIEW, TO_ISSUE, OVERDUE)
TABS = (*WORK_TABS, ALL)

# Open samples: the center still owes the cooperative something (results_verified waits for its report).
OPEN_STATES = ("registered", "received", "in_analysis", "results_verified")

# What a list row shows (the long texts stay in the database).
LIST_COLUMNS = (
    "code", "state", "due_date", "registered_at", "sampling_place", "payment_status", "cooperative_id",
    "matrix_id", "cooperative__name", "cooperative__tax_code", "matrix__name",
)  # fmt: skip


def sees_all_samples(user) -> bool:
    """The institute's and the lab's roles read every sample (the work lists); a cooperative reads its own."""
    from .policies import SAMPLE_READERS

    return user.has_role(*SAMPLE_READERS)


def needs_result_condition() -> Exists:
    """A requested parameter without a result, or whose result the reviewer returned."""
    from .choices import ResultStatus
    from .models import SampleParameter

    return Exists(
        SampleParameter.objects.filter(sample_id=OuterRef("pk")).filter(
            Q(result__isnull=True) | Q(result__status=ResultStatus.RETURNED)
        )
    )


def awaits_review_condition() -> Exists:
    """A result entered and not yet verified or returned."""
    from .choices import ResultStatus
    from .models import Result

    return Exists(
        Result.objects.filter(sample_parameter__sample_id=OuterRef("pk"), status=ResultStatus.ENTERED)
    )


def _tab_filter(qs: QuerySet, tab: str, today: datetime.date) -> QuerySet:
    from .choices import SampleState

    if tab == TO_RECEIVE:
        return qs.filter(state=SampleState.REGISTERED)
    if tab == TO_ANALYSE:
        return qs.filter(state__in=[SampleState.RECEIVED, SampleState.IN_ANALYSIS]).filter(
            needs_result_condition()
        )
    if tab == TO_REVIEW:
        return qs.filter(state=SampleState.IN_ANALYSIS).filter(awaits_review_condition())
    if tab == TO_ISSUE:
        return qs.filter(state=SampleState.RESULTS_VERIFIED)
    if tab == OVERDUE:
        return qs.filter(state__in=list(OPEN_STATES), due_date__lt=today)
    return qs


_CODE = re.compile(r"^MT-\d{4}-\d{5}$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"^[A-Za-z]{0,3}[-\s]?[\d][\d\s-]*$")
# Up to this many cooperatives match a search, their samples are fetched by cooperative and sorted; more, and the
# newest-first walk of registered_at meets 50 matches sooner than the sort would finish.
NARROW_COOPERATIVES = 300


def _search(qs: QuerySet, query: str) -> tuple[QuerySet, bool]:
    """A code ("MT-2026-00045": the unique index) or part of one ("00045": the trigram index on code), else the
    words of the cooperative's name or tax code (the registry's folded, trigram-indexed column). Returns the
    queryset and whether its matches are few enough to sort rather than walk the list's order for."""
    from hoptac.registry.models import Cooperative

    query = (query or "").strip()[:100]
    if not query:
        return qs, False
    if _CODE.match(query):
        return qs.filter(code=query.upper()), True
    if _CODE_LIKE.match(query):
        return qs.filter(code__contains=re.sub(r"\s+", "", query).upper()), True
    words = fold(query).split()[:8]
    cooperatives = Cooperative.objects.all()
    for word in words:
        cooperatives = cooperatives.filter(search_text__contains=word)
    ids = list(cooperatives.order_by().values_list("pk", flat=True)[: NARROW_COOPERATIVES + 1])
    if len(ids) <= NARROW_COOPERATIVES:
        return qs.filter(cooperative_id__in=ids), True
    for word in words:
        qs = qs.filter(cooperative__search_text__contains=word)
    return qs, False


def default_tab(user) -> str:
    """Where a person's list opens: the step their role does."""
    from hoptac.accounts import roles

    if user.has_role(roles.LAB_ANALYST):
        return TO_ANALYSE
    if user.has_role(roles.LAB_REVIEWER):
        return TO_REVIEW
    if user.has_role(roles.LAB_MANAGER):
        return TO_RECEIVE
    return ALL


def sample_queryset(*, user, tab: str = ALL, query: str = "", today: datetime.date | None = None) -> QuerySet:
    """The samples of a work list tab the user may see. A cooperative's representative has one list: their
    cooperative's samples (``tab`` is ignored)."""
    return _sample_queryset(user=user, tab=tab, query=query, today=today)[0]


def _sample_queryset(*, user, tab: str, query: str, today) -> tuple[QuerySet, bool]:
    from django.utils import timezone

    from hoptac.core.permissions import VIEW, restrict

    from .models import Sample

    qs = restrict(Sample.objects.all(), user, VIEW)
    if sees_all_samples(user):
        qs = _tab_filter(qs, tab if tab in TABS else ALL, today or timezone.localdate())
    return _search(qs, query)


def sample_page(
    *,
    user,
    tab: str = ALL,
    query: str = "",
    after: str | None = None,
    before: str | None = None,
    today: datetime.date | None = None,
) -> KeysetPage:
    """One page of a work list: the work tabs oldest first (first come, first served), "Tất cả" and the
    cooperative's own list newest first. The rows carry the cooperative and matrix names (one query); a
    cooperative's rows also carry their issued reports (one more)."""
    from django.db.models import Prefetch

    from .models import TestReport

    staff = sees_all_samples(user)
    tab = tab if tab in TABS else ALL
    qs, narrow = _sample_queryset(user=user, tab=tab, query=query, today=today)
    qs = qs.select_related("cooperative", "matrix").only(*LIST_COLUMNS)
    if not staff:
        reports = TestReport.objects.only(
            "id", "sample_id", "number", "version", "issue_date", "overall_verdict", "amends_id"
        ).order_by("-version")
        qs = qs.prefetch_related(Prefetch("reports", queryset=reports, to_attr="issued_reports"))
    keys = ("registered_at", "id") if staff and tab in WORK_TABS else ("-registered_at", "-id")
    # Only "Tất cả" walks the registered_at index. A work tab's states (and a cooperative's own samples) are a
    # few thousand rows found through their own index and sorted: walking registered_at instead — which the
    # planner picks when it takes the open samples for spread evenly, while they are the newest — read 200,000
    # index entries for the overdue tab (113 ms against 3 ms).
    # A search narrow enough (a code, a rare name) is sorted too; a broad one walks the index newest first.
    filtered = narrow or not staff or tab in WORK_TABS
    return keyset_paginate(qs, after=after, before=before, keys=keys, filtered=filtered)


def worklist_counts(
    *, user, cap: int = COUNT_CAP, today: datetime.date | None = None
) -> dict[str, tuple[int, bool]]:
    """Each tab's count, up to ``cap`` (``(n, True)`` means "more than n"), in one query: a UNION ALL of one
    LIMIT-ed count per tab, each answered from the (state, due_date) index plus its EXISTS probes."""
    from django.db import connection
    from django.utils import timezone

    if not sees_all_samples(user):
        return {}
    today = today or timezone.localdate()
    parts, params = [], []
    for tab in TABS:
        qs = sample_queryset(user=user, tab=tab, today=today).order_by().values("pk")[: cap + 1]
        sql, part_params = qs.query.sql_with_params()
        parts.append(f"SELECT %s, (SELECT count(*) FROM ({sql}) AS capped)")  # noqa: S608
        params += [tab, *part_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = dict(cursor.fetchall())
    return {tab: (min(found.get(tab, 0), cap), found.get(tab, 0) > cap) for tab in TABS}


# ------------------------------------------------------------------------------------------------ the sample page


def sample_get(*, user, pk: int):
    """One sample the user may see, with everything its page prints beside the parameters, or 404."""
    from hoptac.core.permissions import VIEW, get_visible_or_404

    from .models import Sample

    return get_visible_or_404(
        Sample.objects.select_related(
            "cooperative",
            "cooperative__province",
            "support_request",
            "matrix",
            "regulation",
            "regulation__superseded_by",
            "limit_set",
            "registered_by",
            "received_by",
            "sampler_user",
            "payment_recorded_by",
        ),
        user,
        VIEW,
        pk=pk,
    )


class ParameterRow:
    """One requested parameter on the sample page: its result, the frozen limit, and the verdict."""

    def __init__(self, sample_parameter, frozen, coefficient):
        from . import judging

        self.sample_parameter = sample_parameter
        self.parameter = sample_parameter.parameter
        self.result = getattr(sample_parameter, "result", None)
        self.frozen = frozen
        self.coefficient = coefficient
        self.judgement = None
        self.error = ""
        if frozen is not None and self.result is not None:
            try:
                self.judgement = judging.judge(
                    frozen.as_rule(), self.result.reading(), coefficient, parameter_unit=self.result.unit
                )
            except judging.JudgeError as exc:
                self.error = str(exc.message)

    @property
    def verdict(self) -> str | None:
        if self.judgement is not None:
            return self.judgement.verdict
        if self.frozen is not None:
            return "undetermined"
        return None

    @property
    def exceeded(self) -> bool:
        from . import judging

        return self.verdict in (judging.EXCEED, judging.BELOW_MINIMUM)

    @property
    def limit_text(self) -> str:
        """The frozen limit as the report prints it, the coefficient applied where it applies — the same before
        and after a result (never the bound the result happened to meet: that would tell its class early)."""
        if self.frozen is None:
            return ""
        from .verdicts import rule_text

        return rule_text(self.frozen.as_rule(), self.coefficient)

    @property
    def verdict_label(self) -> str:
        """The verdict in the report's words ("Đạt", "Không đạt", "Hạng B", "Không xác định"); "—" without a
        limit."""
        from .verdicts import VERDICT_LABELS, verdict_label

        if self.judgement is not None:
            return verdict_label(self.judgement)
        return str(VERDICT_LABELS[self.verdict]) if self.verdict else "—"


def sample_parameter_rows(sample) -> list[ParameterRow]:
    """The sample's requested parameters with results, analysts, reviewers and frozen limits: two queries."""
    from .models import SampleLimit, SampleParameter

    limits = {limit.parameter_id: limit for limit in SampleLimit.objects.filter(sample=sample)}
    parameters = SampleParameter.objects.filter(sample=sample).select_related(
        "parameter", "result", "result__analyst", "result__reviewer"
    )
    return [ParameterRow(sp, limits.get(sp.parameter_id), sample.coefficient) for sp in parameters]


def compliance_of(sample, rows: list[ParameterRow]) -> str | None:
    """:func:`hoptac.lab.services.sample_compliance` from rows already read (no more queries)."""
    from .verdicts import overall

    if sample.limit_set_id is None and not sample.regulation_code:
        return None
    return overall((row.verdict for row in rows if row.frozen is not None), judged=True)


def limit_set_choices():
    """Every limit set with its regulation (superseded ones included: the form warns), in one query."""
    from .models import LimitSet

    return LimitSet.objects.select_related("regulation", "regulation__superseded_by").order_by(
        "regulation__code", "position", "name"
    )


# ------------------------------------------------------------------------------------------------ batch screens

BATCH_LIMIT = 200


def batch_entry_rows(*, parameter, matrix=None, limit: int = BATCH_LIMIT):
    """Every open sample's request for ``parameter`` that needs a result (none yet, or returned), oldest sample
    first — the bench's working order."""
    from .choices import ResultStatus, SampleState
    from .models import SampleParameter

    qs = SampleParameter.objects.filter(
        parameter=parameter, sample__state__in=[SampleState.RECEIVED, SampleState.IN_ANALYSIS]
    ).filter(Q(result__isnull=True) | Q(result__status=ResultStatus.RETURNED))
    if matrix is not None:
        qs = qs.filter(sample__matrix=matrix)
    return list(
        qs.select_related("sample", "sample__cooperative", "parameter", "result").order_by(
            "sample__registered_at", "sample_id"
        )[:limit]
    )


def batch_review_rows(*, user, parameter=None, limit: int = BATCH_LIMIT):
    """Results waiting for review that ``user`` did not enter (four eyes), oldest sample first."""
    from .choices import ResultStatus, SampleState
    from .models import Result

    qs = Result.objects.filter(
        status=ResultStatus.ENTERED, sample_parameter__sample__state=SampleState.IN_ANALYSIS
    ).exclude(analyst=user)
    if parameter is not None:
        qs = qs.filter(sample_parameter__parameter=parameter)
    return list(
        qs.select_related(
            "analyst",
            "sample_parameter",
            "sample_parameter__parameter",
            "sample_parameter__sample",
            "sample_parameter__sample__cooperative",
        ).order_by("sample_parameter__sample__registered_at", "sample_parameter__sample_id", "pk")[:limit]
    )
