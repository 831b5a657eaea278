"""The yearly evaluation rules of party members, as pure functions (no database, no Django models).

Sources (../shared/domain/party-rules.md §1): Quy định 366-QĐ/TW (30/8/2025) and its guidance, Hướng dẫn
43-HD/BTCTW (31/10/2025). The screens and services of the party app call these; the values they use by default
are the module constants below, each named by the document that sets it, so that a setting (or a table an
administrator edits) can later pass other values without a code change.

Score bands (confidence H), score out of 100 = general criteria (30) + task results (70)::

    excellent      score >= 90, and the conditions for "excellent" are met (else: good)
    good           70 <= score < 90
    complete       50 <= score < 70
    not_complete   score < 50, or any case that forces "not complete" (whatever the score)

Scores are compared as exact decimals. An ``int`` or a ``Decimal`` is taken as it is; a ``float`` is converted
with ``Decimal(str(x))``, i.e. the shortest decimal that reads back as that float — the number the person typed
(``89.99`` stays 89.99, not 89.9899999999999948840923025272786617279052734375). For the thresholds, which are
whole numbers, this gives the same order as the float's exact binary value, so ``89.99999999999999`` is "good"
and ``90.0`` is "excellent". Note that the float literal ``89.999999999999999`` *is* 90.0 in Python.

Quota (confidence H for Hướng dẫn 21-HD/BTCTW, 2019; L for 366): members rated excellent must not exceed 20% of
those rated good, counted per grassroots party organisation; at the level of this cell the check is advisory by
default (a warning on the proposal), configurable to blocking — that choice belongs to the caller.
:func:`quota_excess` follows the formula of issue 6 §10 exactly: ``max(0, excellent − floor(ratio × good))``,
where *good* counts the members rated exactly "good" (not "good or above"), which is also how party-rules.md words
it ("20% of those rated good"); there is no discrepancy between the two. Consequences worth knowing: with no
member rated good, every "excellent" is in excess; and the floor means 4 "good" members allow no "excellent"
(floor(0.8) = 0), 5 allow one.

The cases that force "not complete" (concluded degradation, breaches of what members must not do, discipline
during the year, leaders whose unit met < 50% of its targets) are decided by people and recorded elsewhere;
:func:`level_for` only takes their conclusion as ``forced_not_complete``. The cell itself is rated on the same
four levels, so :func:`level_for` serves it too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class Level(StrEnum):
    """The four quality levels, best first. Values are the codes stored in the database."""

    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    COMPLETE = "complete"  # Hoàn thành nhiệm vụ
    NOT_COMPLETE = "not_complete"  # Không hoàn thành nhiệm vụ


LEVELS: tuple[Level, ...] = tuple(Level)  # best first

SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)

# Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW: the score bands (confidence H). Lower bounds, inclusive.
QD_366_EXCELLENT_MIN_SCORE = Decimal(90)
QD_366_GOOD_MIN_SCORE = Decimal(70)
QD_366_COMPLETE_MIN_SCORE = Decimal(50)

# Hướng dẫn 43-HD/BTCTW: conditions for "excellent" (confidence M, so configurable): every task done on time,
# and at least 30% of them exceeding requirements.
HD_43_EXCELLENT_ON_TIME_SHARE = Decimal(1)
HD_43_EXCELLENT_EXCEEDING_SHARE = Decimal("0.30")

# Hướng dẫn 21-HD/BTCTW (2019), carried over to 366 unconfirmed (confidence L, so configurable): excellent ≤ 20% of
# good, counted per grassroots party organisation; advisory at cell level by default.
HD_21_EXCELLENT_QUOTA_RATIO = Decimal("0.20")


@dataclass(frozen=True)
class ScoreBands:
    """Inclusive lower bounds of the three upper levels; below ``complete`` is "not complete"."""

    excellent: Decimal = QD_366_EXCELLENT_MIN_SCORE
    good: Decimal = QD_366_GOOD_MIN_SCORE
    complete: Decimal = QD_366_COMPLETE_MIN_SCORE
    document: str = "Quy định 366-QĐ/TW"

    def __post_init__(self) -> None:
        bounds = (self.complete, self.good, self.excellent)
        if not all(isinstance(b, Decimal) and b.is_finite() for b in bounds):
            raise ValueError("score bands must be finite Decimals")
        if not SCORE_MIN <= self.complete <= self.good <= self.excellent <= SCORE_MAX:
            raise ValueError("score bands must satisfy 0 <= complete <= good <= excellent <= 100")


QD_366_BANDS = ScoreBands()


def to_score(score: int | Decimal | float) -> Decimal:
    """The score as an exact Decimal in [0, 100]; ValueError for anything else (bool, NaN, ±inf, str, …)."""
    if isinstance(score, bool):
        raise ValueError(f"score must be a number, not a bool: {score!r}")
    if isinstance(score, int):
        value = Decimal(score)
    elif isinstance(score, Decimal):
        value = score
    elif isinstance(score, float):
        if not math.isfinite(score):
            raise ValueError(f"score must be finite: {score!r}")
        value = Decimal(str(score))
    else:
        raise ValueError(f"score must be an int, Decimal or float, not {type(score).__name__}: {score!r}")
    if not value.is_finite():
        raise ValueError(f"score must be finite: {score!r}")
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValueError(f"score must be between 0 and 100: {score!r}")
    return value


def level_for(
    score: int | Decimal | float,
    *,
    forced_not_complete: bool = False,
    excellent_conditions_met: bool = True,
    bands: ScoreBands = QD_366_BANDS,
) -> Level:
    """The level a score gives (Quy định 366-QĐ/TW).

    The score is validated even when ``forced_not_complete`` is set (a bad score is a bug wherever it comes
    from); then the level is "not complete" whatever the score. A score in the excellent band without the
    excellent conditions gives "good". Returns a :class:`Level`, which is a ``str`` equal to its code.
    """
    value = to_score(score)
    if forced_not_complete:
        return Level.NOT_COMPLETE
    if value >= bands.excellent:
        return Level.EXCELLENT if excellent_conditions_met else Level.GOOD
    if value >= bands.good:
        return Level.GOOD
    if value >= bands.complete:
        return Level.COMPLETE
    return Level.NOT_COMPLETE


def excellent_conditions_met(
    *,
    tasks: int,
    on_time: int,
    exceeding: int,
    on_time_share: Decimal = HD_43_EXCELLENT_ON_TIME_SHARE,
    exceeding_share: Decimal = HD_43_EXCELLENT_EXCEEDING_SHARE,
) -> bool:
    """Whether the task record meets the conditions for "excellent" (Hướng dẫn 43-HD/BTCTW, confidence M).

    ``on_time``: tasks done on time; ``exceeding``: tasks that exceeded requirements (a subset of all tasks).
    With the defaults: every task on time and at least 30% exceeding. A member with no recorded task does not
    meet them (nothing shows the conditions are met). Shares compare exactly (no rounding).
    """
    for name, count in (("tasks", tasks), ("on_time", on_time), ("exceeding", exceeding)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{name} must be a non-negative int: {count!r}")
    if on_time > tasks or exceeding > tasks:
        raise ValueError("on_time and exceeding cannot be more than tasks")
    on_time_ratio = _ratio(on_time_share, "on_time_share")
    exceeding_ratio = _ratio(exceeding_share, "exceeding_share")
    if tasks == 0:
        return False
    return on_time >= on_time_ratio * tasks and exceeding >= exceeding_ratio * tasks


def _ratio(ratio: Decimal | int, name: str) -> Fraction:
    """A ratio in [0, 1] as an exact Fraction. Floats are refused: 0.2 is not exactly a fifth in binary."""
    if isinstance(ratio, bool) or not isinstance(ratio, int | Decimal):
        raise ValueError(f"{name} must be a Decimal or an int (e.g. Decimal('0.20')), not {ratio!r}")
    if isinstance(ratio, Decimal) and not ratio.is_finite():
        raise ValueError(f"{name} must be finite: {ratio!r}")
    if not 0 <= ratio <= 1:
        raise ValueError(f"{name} must be between 0 and 1: {ratio!r}")
    return Fraction(ratio)


def count_levels(levels: Iterable[str]) -> dict[Level, int]:
    """How many members are at each level, every level present (best first); ValueError for an unknown code."""
    counts = dict.fromkeys(LEVELS, 0)
    for code in levels:
        try:
            level = Level(code)
        except ValueError:
            raise ValueError(f"unknown level code: {code!r}") from None
        counts[level] += 1
    return counts


def quota_allowance(good: int, *, ratio: Decimal | int = HD_21_EXCELLENT_QUOTA_RATIO) -> int:
    """How many "excellent" members the quota allows for ``good`` members rated good: floor(ratio × good)."""
    if isinstance(good, bool) or not isinstance(good, int) or good < 0:
        raise ValueError(f"good must be a non-negative int: {good!r}")
    return math.floor(_ratio(ratio, "ratio") * good)


def quota_excess(levels: Iterable[str], *, ratio: Decimal | int = HD_21_EXCELLENT_QUOTA_RATIO) -> int:
    """How many members rated excellent exceed the quota: ``max(0, excellent − floor(ratio × good))``.

    ``levels``: one level code per member of the organisation counted (a :class:`Level` or its string).
    ``ratio``: a ``Decimal`` (or the int 0 or 1) in [0, 1]; a float is refused with ValueError because it is not
    exact, as are NaN and values outside [0, 1]. The product is computed exactly (as a fraction), so the floor
    is never off by a rounding of the decimal context. 0 means the proposal respects the quota.
    """
    counts = count_levels(levels)
    allowed = quota_allowance(counts[Level.GOOD], ratio=ratio)
    return max(0, counts[Level.EXCELLENT] - allowed)
