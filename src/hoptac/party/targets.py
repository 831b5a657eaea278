"""Term targets ("over 70% good"): how a year's levels measure up, and which targets conflict with a rule.

Pure functions, no database. A target counts the members at its level *or above* by default (``mode="or_above"``)
or at *exactly* its level (``mode="exactly"``), and compares the achieved share with its share as "at least"
(``comparison="gte"``) or "more than" (``comparison="gt"``). Shares are percentages (``Decimal("70")`` = 70%).

Conflicts are flagged, never refused (shared/domain/party-rules.md §6: real resolutions contain them — the seed
article's term adopted 30% excellent and over 70% good, which the quota of Hướng dẫn 21-HD/BTCTW forbids).

The feasibility check. Every target is a lower bound on a share, so the smallest distribution of members that
meets all of them is found level by level, best first: E excellent, G good, C complete, N not complete, with the
quota adding ``G ≥ E / ratio``. The targets can all be met only if that smallest distribution fits in 100%; a
"more than 70%" bound counts as 70% plus an infinitesimal, so "over 70% good" with "30% complete, exactly" does
not fit while "over 70% good" with "100% complete or above" does. The quota is also floored per
member (``floor(ratio × good)``), so the check is necessary, not sufficient: a target it does not flag may still
be out of reach for a very small cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from .rules import HD_21_EXCELLENT_QUOTA_RATIO, LEVELS, Level

OR_ABOVE = "or_above"
EXACTLY = "exactly"
GTE = "gte"
GT = "gt"
MODES = (OR_ABOVE, EXACTLY)
COMPARISONS = (GTE, GT)
HUNDRED = Fraction(100)

# The document each kind of conflict rests on (shown beside the flag).
QUOTA_DOCUMENT = _("Hướng dẫn 21-HD/BTCTW (2019); chưa xác nhận trong Quy định 366-QĐ/TW")
SHARES_DOCUMENT = _("Tổng các tỷ lệ không thể vượt 100% số đảng viên được xếp loại")


@dataclass(frozen=True)
class Target:
    """What a target says, independent of the database (a ``TermTarget`` row maps onto it)."""

    level: str
    share: Decimal
    mode: str = OR_ABOVE
    comparison: str = GTE
    label: str = ""
    key: object = None  # the row's id, to show the flag beside the right target

    def __post_init__(self) -> None:
        Level(self.level)  # ValueError for an unknown level
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}: {self.mode!r}")
        if self.comparison not in COMPARISONS:
            raise ValueError(f"comparison must be one of {COMPARISONS}: {self.comparison!r}")
        if isinstance(self.share, bool) or not isinstance(self.share, int | Decimal):
            raise ValueError(f"share must be a Decimal percentage: {self.share!r}")
        if not 0 <= self.share <= 100:
            raise ValueError(f"share must be between 0 and 100: {self.share!r}")

    @property
    def counted_levels(self) -> tuple[Level, ...]:
        """The levels whose members count towards the target."""
        level = Level(self.level)
        if self.mode == EXACTLY:
            return (level,)
        return LEVELS[: LEVELS.index(level) + 1]


@dataclass(frozen=True)
class Progress:
    """One target against one year's levels."""

    counted: int
    total: int
    share: Decimal | None  # achieved share in %, two decimals; None when nobody is rated yet
    met: bool | None  # None when nobody is rated yet


def _share(counted: int, total: int) -> Decimal:
    return (Decimal(counted) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def meets(counted: int, total: int, target: Target) -> bool:
    """Whether ``counted`` of ``total`` members meet the target, compared exactly (no rounding)."""
    if total <= 0:
        raise ValueError("total must be positive")
    achieved = Fraction(counted * 100, total)
    wanted = Fraction(target.share)
    return achieved > wanted if target.comparison == GT else achieved >= wanted


def track(target: Target, levels: Iterable[str]) -> Progress:
    """How the members rated with ``levels`` (one code per member) measure against ``target``."""
    levels = [Level(code) for code in levels]
    total = len(levels)
    counted = sum(1 for level in levels if level in target.counted_levels)
    if total == 0:
        return Progress(0, 0, None, None)
    return Progress(counted, total, _share(counted, total), meets(counted, total, target))


# ------------------------------------------------------------------------------------------------ conflicts


@dataclass(frozen=True)
class Conflict:
    code: str
    message: str
    document: str
    keys: tuple = field(default=())  # the keys of the targets concerned


def _pct(value: Fraction | Decimal) -> str:
    """A percentage for messages, Vietnamese style: "16,67%", "43%", "20%"."""
    rounded = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else value
    text = f"{rounded.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _need(total: _Amount) -> str:
    """ "105%", or "hơn 100%" when only a "more than" bound pushes the total past 100%."""
    if total.value == HUNDRED:
        return str(_("hơn %(share)s") % {"share": _pct(total.value)})
    return _pct(total.value)


def excellent_ceiling(ratio: Decimal = HD_21_EXCELLENT_QUOTA_RATIO) -> Fraction:
    """The largest excellent share the quota allows, in %: ratio / (1 + ratio) — 16.67% for 20%.

    Excellent ≤ ratio × good and excellent + good ≤ everyone give excellent ≤ ratio / (1 + ratio) × everyone.
    """
    r = Fraction(ratio)
    return r / (1 + r) * HUNDRED


@dataclass(frozen=True, order=True)
class _Amount:
    """A share in % plus a multiple of an infinitesimal ε: "more than 70%" needs 70 + ε. Compared in that order."""

    value: Fraction = Fraction(0)
    eps: Fraction = Fraction(0)

    def __sub__(self, other: _Amount) -> _Amount:
        return _Amount(self.value - other.value, self.eps - other.eps)

    def __add__(self, other: _Amount) -> _Amount:
        return _Amount(self.value + other.value, self.eps + other.eps)

    def scaled(self, factor: Fraction) -> _Amount:
        return _Amount(self.value * factor, self.eps * factor)


ZERO = _Amount()


def _amount(target: Target) -> _Amount:
    return _Amount(Fraction(target.share), Fraction(1 if target.comparison == GT else 0))


def _minimum(targets: Sequence[Target], ratio: Fraction | None) -> tuple[_Amount, tuple]:
    """The smallest total share (in %) meeting every target — with the quota when ``ratio`` is given — and the
    keys of the targets that set it."""
    exact: dict[Level, tuple[_Amount, tuple]] = dict.fromkeys(LEVELS, (ZERO, ()))
    at_least: dict[Level, tuple[_Amount, tuple]] = dict.fromkeys(LEVELS, (ZERO, ()))
    for t in targets:
        bounds = exact if t.mode == EXACTLY or t.level == Level.EXCELLENT else at_least
        level = Level(t.level)
        if _amount(t) > bounds[level][0]:
            bounds[level] = (_amount(t), (t.key,))
    taken = ZERO
    keys: tuple = ()
    amounts: dict[Level, _Amount] = {}
    for level in LEVELS:
        candidates = [exact[level]]
        cumulative, by = at_least[level]
        if cumulative > ZERO:
            candidates.append((cumulative - taken, by))
        if level == Level.GOOD and ratio is not None and amounts[Level.EXCELLENT] > ZERO:
            needed = amounts[Level.EXCELLENT].scaled(1 / ratio) if ratio else _Amount(HUNDRED + 1)
            candidates.append((needed, exact[Level.EXCELLENT][1]))
        value, by = max(candidates, key=lambda c: c[0])
        value = max(value, ZERO)
        amounts[level] = value
        taken = taken + value
        if value > ZERO:
            keys += tuple(k for k in by if k not in keys)
    return taken, keys


def _over(total: _Amount) -> bool:
    return total > _Amount(HUNDRED)


def conflicts(targets: Sequence[Target], *, ratio: Decimal = HD_21_EXCELLENT_QUOTA_RATIO) -> list[Conflict]:
    """The conflicts among ``targets`` and with the quota (``ratio``); an empty list when none is found."""
    found: list[Conflict] = []
    r = Fraction(ratio)
    ceiling = excellent_ceiling(ratio)
    excellent = [t for t in targets if t.level == Level.EXCELLENT]
    good = [t for t in targets if t.level == Level.GOOD]

    for t in excellent:
        share = Fraction(t.share)
        if share > ceiling or (share == ceiling and t.comparison == GT) or (share > 0 and r == 0):
            found.append(
                Conflict(
                    "excellent_over_ceiling",
                    str(
                        _(
                            "Không thể đạt %(share)s xuất sắc: số xuất sắc không được vượt %(ratio)s số hoàn thành "
                            "tốt, nên kể cả khi mọi đảng viên còn lại đều hoàn thành tốt, tỷ lệ xuất sắc tối đa là "
                            "%(ceiling)s."
                        )
                        % {"share": _pct(Decimal(t.share)), "ratio": _pct(r * 100), "ceiling": _pct(ceiling)}
                    ),
                    str(QUOTA_DOCUMENT),
                    (t.key,),
                )
            )

    without_quota, keys_plain = _minimum(targets, None)
    if _over(without_quota):
        found.append(
            Conflict(
                "shares_over_100",
                str(
                    _("Các chỉ tiêu cộng lại cần %(total)s số đảng viên được xếp loại, vượt quá 100%%.")
                    % {"total": _need(without_quota)}
                ),
                str(SHARES_DOCUMENT),
                keys_plain,
            )
        )
    else:
        with_quota, keys_quota = _minimum(targets, r)
        if _over(with_quota):
            for e in excellent:
                for g in good:
                    if g.share and Fraction(e.share) > r * Fraction(g.share):
                        found.append(
                            Conflict(
                                "excellent_vs_good",
                                str(
                                    _(
                                        "Chỉ tiêu %(excellent)s xuất sắc so với %(good)s hoàn thành tốt là "
                                        "%(ratio_found)s, vượt tỷ lệ khống chế %(ratio)s (số xuất sắc không "
                                        "quá %(ratio)s số hoàn thành tốt)."
                                    )
                                    % {
                                        "excellent": _pct(Decimal(e.share)),
                                        "good": _pct(Decimal(g.share)),
                                        "ratio_found": _pct(Fraction(e.share) / Fraction(g.share) * 100),
                                        "ratio": _pct(r * 100),
                                    }
                                ),
                                str(QUOTA_DOCUMENT),
                                (e.key, g.key),
                            )
                        )
            if not any(c.code in {"excellent_over_ceiling", "excellent_vs_good"} for c in found):
                found.append(
                    Conflict(
                        "quota_with_targets",
                        str(
                            _(
                                "Cùng với tỷ lệ khống chế (xuất sắc không quá %(ratio)s số hoàn thành tốt), các "
                                "chỉ tiêu cần %(total)s số đảng viên được xếp loại, vượt quá 100%%."
                            )
                            % {"ratio": _pct(r * 100), "total": _need(with_quota)}
                        ),
                        str(QUOTA_DOCUMENT),
                        keys_quota,
                    )
                )

    seen: dict[tuple[str, str], Target] = {}
    for t in targets:
        slot = (t.level, EXACTLY if t.level == Level.EXCELLENT else t.mode)
        if slot in seen and Fraction(seen[slot].share) != Fraction(t.share):
            found.append(
                Conflict(
                    "duplicate",
                    str(
                        _("Hai chỉ tiêu cho cùng một mức với tỷ lệ khác nhau (%(first)s và %(second)s).")
                        % {"first": _pct(Decimal(seen[slot].share)), "second": _pct(Decimal(t.share))}
                    ),
                    "",
                    (seen[slot].key, t.key),
                )
            )
        seen.setdefault(slot, t)
    return found


def conflicts_by_key(found: Iterable[Conflict]) -> dict[object, list[Conflict]]:
    """The conflicts each target takes part in, by the target's key."""
    result: dict[object, list[Conflict]] = {}
    for conflict in found:
        for key in conflict.keys:
            result.setdefault(key, []).append(conflict)
    return result
