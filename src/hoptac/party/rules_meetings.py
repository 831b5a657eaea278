"""Pure rules of the cell's meetings (no database): quorum, the quarter and month warnings, the meeting's
length, documents published late, vote counts.

Every rule names the document that sets it; the values that are only configurable defaults come from
:class:`~hoptac.party.models.CellRules` and are passed in by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

REGULAR_KINDS = frozenset({"regular", "combined"})
THEMATIC_KINDS = frozenset({"thematic", "combined"})
COUNTED_STATES = frozenset(
    {"planned", "notified", "held", "closed"}
)  # a cancelled meeting counts for nothing


# --- quorum (party-rules.md §3, confidence L: a setting; default "more than half of the full members") ------


@dataclass(frozen=True)
class Quorum:
    """``present`` of ``base`` members counted; ``needed`` is the least number present that meets it."""

    present: int
    base: int
    needed: int
    met: bool


def quorum(
    *,
    present: int,
    base: int,
    share: Decimal | str | int = Decimal("0.5"),
    strictly_more: bool = True,
) -> Quorum:
    """Whether ``present`` of ``base`` members meets the quorum ``share`` (exact decimals, no float).

    ``strictly_more`` (the default, "quá nửa"): present > share × base; otherwise present ≥ share × base.
    A meeting with nobody required to attend (``base`` 0) has no quorum.
    """
    share = Decimal(str(share))
    if present < 0 or base < 0:
        raise ValueError("present and base cannot be negative")
    if not Decimal(0) <= share <= Decimal(1):
        raise ValueError("share must be between 0 and 1")
    threshold = share * base
    needed = math.floor(threshold) + 1 if strictly_more else max(math.ceil(threshold), 1)
    met = base > 0 and present >= needed
    return Quorum(present=present, base=base, needed=needed, met=met)


@dataclass(frozen=True)
class RollEntry:
    """One member on the meeting's roll, as the quorum sees them."""

    probationary: bool
    required: bool  # False for exempted, temporarily transferred or suspended members
    present: bool


def quorum_for_roll(
    entries: Iterable[RollEntry],
    *,
    share: Decimal | str | int = Decimal("0.5"),
    strictly_more: bool = True,
    counts_probationary: bool = False,
) -> Quorum:
    """The quorum of a meeting from its roll.

    The base is the members required to attend (full members; probationary ones too when the cell counts
    them), plus those not required who came anyway — the way Quyết định 190-QĐ/TW, Điều 30 counts the summoned
    members (an exempted member who attends counts; one who is absent does not).
    """
    base = present = 0
    for entry in entries:
        if entry.probationary and not counts_probationary:
            continue
        if entry.required or entry.present:
            base += 1
        if entry.present:
            present += 1
    return quorum(present=present, base=base, share=share, strictly_more=strictly_more)


# --- quarters and months (Hướng dẫn 12-HD/BTCTW) ---------------------------------------------------------


@dataclass(frozen=True)
class MeetingFact:
    kind: str
    day: date
    state: str


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarters_without_thematic(
    meetings: Iterable[MeetingFact], *, today: date, since: date | None = None
) -> list[tuple[int, int]]:
    """(year, quarter) of the previous and current year, up to the current quarter, with no thematic or
    combined meeting held or scheduled (Hướng dẫn 12-HD/BTCTW: at least one thematic meeting a quarter).

    Quarters that ended before ``since`` (the cell's founding, or the first use of the platform) are skipped.
    """
    covered = {
        (m.day.year, quarter_of(m.day))
        for m in meetings
        if m.kind in THEMATIC_KINDS and m.state in COUNTED_STATES
    }
    missing = []
    for year in (today.year - 1, today.year):
        for q in range(1, 5):
            start = date(year, 3 * q - 2, 1)
            if start > today:
                break
            end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
            if since is not None and end <= since:
                continue
            if (year, q) not in covered:
                missing.append((year, q))
    return missing


def months_without_regular(
    meetings: Iterable[MeetingFact], *, today: date, since: date | None = None
) -> list[tuple[int, int]]:
    """(year, month) of the previous and current year, up to the current month, with no regular (or combined)
    meeting held or scheduled (Hướng dẫn 12-HD/BTCTW: a regular meeting every month)."""
    covered = {
        (m.day.year, m.day.month) for m in meetings if m.kind in REGULAR_KINDS and m.state in COUNTED_STATES
    }
    missing = []
    for year in (today.year - 1, today.year):
        for month in range(1, 13):
            if date(year, month, 1) > today:
                break
            end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            if since is not None and end <= since:
                continue
            if (year, month) not in covered:
                missing.append((year, month))
    return missing


# --- length and documents (Chỉ thị 50-CT/TW; Hướng dẫn 42-HD/BTCTW) --------------------------------------


def minimum_minutes(kind: str, *, regular_min: int = 90, combined_min: int = 120) -> int:
    return combined_min if kind == "combined" else regular_min


def too_short(
    kind: str,
    starts_at: datetime,
    ends_at: datetime | None,
    *,
    regular_min: int = 90,
    combined_min: int = 120,
) -> int | None:
    """The meeting's length in minutes when it is shorter than the minimum for its kind, else None (and None
    while its end is not known)."""
    if ends_at is None:
        return None
    length = int((ends_at - starts_at).total_seconds() // 60)
    minimum = minimum_minutes(kind, regular_min=regular_min, combined_min=combined_min)
    return length if length < minimum else None


def published_late(
    published_at: datetime | None,
    starts_at: datetime,
    *,
    days_ahead: int = 1,
    notified_at: datetime | None = None,
    now: datetime | None = None,
) -> bool:
    """Whether members had a document less than ``days_ahead`` days (of 24 hours) before the meeting starts
    (Hướng dẫn 42-HD/BTCTW: materials at least one day ahead).

    Members can read it from the later of its publication and the meeting's notice (before the notice, the
    meeting is hidden from them). A document not yet published is late once the deadline has passed (``now``
    after it); before that, not late yet."""
    deadline = starts_at - timedelta(days=days_ahead)
    if published_at is None:
        return now is not None and now > deadline
    readable_from = max(published_at, notified_at) if notified_at is not None else published_at
    return readable_from > deadline


# --- votes ----------------------------------------------------------------------------------------------------


def vote_problem(
    votes_for: int | None, votes_against: int | None, votes_other: int | None, *, present: int
) -> str | None:
    """Why the counts cannot be right, as a code, or None: a count is negative ("negative"), one count alone or
    their sum exceeds the members present ("exceeds_present"), against/other given without "for"
    ("for_missing")."""
    counts = [v for v in (votes_for, votes_against, votes_other) if v is not None]
    if any(v < 0 for v in counts):
        return "negative"
    if votes_for is None and counts:
        return "for_missing"
    if sum(counts) > present:
        return "exceeds_present"
    return None
