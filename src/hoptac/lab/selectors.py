"""Reads of the catalogue and the regulations, and judging a result named by texts (the ``lab_judge`` command).

Regulations, sets and parameters are matched with :func:`hoptac.core.text.fold`, so "qcvn 14:2008/btnmt",
"bang 2" and "bod5" find "QCVN 14:2008/BTNMT", "Bảng 2" and "BOD5". The tables are small (tens to hundreds of
rows), so the folding is done here over their names rather than in a stored column.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

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
