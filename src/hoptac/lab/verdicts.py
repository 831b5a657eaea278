"""Verdicts in words, and the one overall verdict: the sample page, the cooperative's list, the test report and the
public verification page all say the same thing for the same result.

Per parameter (from :mod:`hoptac.lab.judging`): "Đạt", "Không đạt", "Không đạt (thấp hơn giới hạn dưới)" — a
minimum such as DO, or the lower end of a range such as pH 5–9 —, "Hạng B" for a graded set, "Không xác định".
Overall (:func:`overall`): not compliant when any result exceeds or falls below its limit; undetermined when any
limited result cannot be decided; "graded" when the set grades rather than passes (QCVN 08:2023 Bảng 2 classes
water, it does not pass or fail it); compliant otherwise; empty when no regulation was applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import judging
from .bounds import bounds_text, interval_text
from .choices import LimitSetKind

COMPLIANT = "compliant"
NOT_COMPLIANT = "not_compliant"
UNDETERMINED = "undetermined"
GRADED = "graded"

OVERALL_LABELS = {
    COMPLIANT: _("Đạt"),
    NOT_COMPLIANT: _("Không đạt"),
    UNDETERMINED: _("Không xác định"),
    GRADED: _("Đã phân hạng chất lượng"),
    "": _("Không đánh giá theo quy chuẩn"),
}
VERDICT_LABELS = {
    judging.PASS: _("Đạt"),
    judging.EXCEED: _("Không đạt"),
    judging.BELOW_MINIMUM: _("Không đạt (thấp hơn giới hạn dưới)"),
    judging.UNDETERMINED: _("Không xác định"),
}
FAILED = (judging.EXCEED, judging.BELOW_MINIMUM)


def overall(verdicts: Iterable[str | None], *, judged: bool) -> str:
    """The sample's overall verdict from its limited parameters' verdicts (None: no result yet)."""
    if not judged:
        return ""
    verdicts = [judging.UNDETERMINED if v is None else v for v in verdicts]
    if any(v in FAILED for v in verdicts):
        return NOT_COMPLIANT
    if any(v == judging.UNDETERMINED for v in verdicts):
        return UNDETERMINED
    if any(v == judging.GRADED for v in verdicts):
        return GRADED
    return COMPLIANT


def overall_label(code: str) -> str:
    return str(OVERALL_LABELS.get(code, OVERALL_LABELS[UNDETERMINED]))


def verdict_label(judgement: judging.Judgement | None) -> str:
    """One parameter's verdict in words; "—" when no limit applies to it."""
    if judgement is None:
        return "—"
    if judgement.verdict == judging.GRADED:
        return gettext("Hạng %(class)s") % {"class": judgement.klass}
    return str(VERDICT_LABELS[judgement.verdict])


def rule_text(rule: judging.Rule, k: Decimal) -> str:
    """A frozen limit as printed, the coefficient applied where the regulation says so ("≤ 60" for BOD5 50 × 1.2,
    "5–9" for pH whatever K). A graded set prints every class ("A: ≤ 10; B: ≤ 15; …", "D: < 6 hoặc > 8,5")."""
    factor = k if rule.coefficient_applies else judging.ONE
    if rule.kind == LimitSetKind.CLASSES:
        parts = [
            f"{klass.label}: {bounds_text(i.scaled(factor) for i in klass.intervals)}"
            for klass in rule.classes
            if klass.intervals
        ]
        return "; ".join(parts) or "—"
    if rule.interval is None:
        return rule.note or "—"
    return interval_text(rule.interval.scaled(factor))
