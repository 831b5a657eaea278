"""The election rules of a cell congress, as pure functions over plain data (no database, no Django models).

Source: Quyết định 190-QĐ/TW (10/10/2024), the rules of elections in the Party, and its guidance HD 04-HD/TW
(../shared/domain/party-rules.md §2). The congress screens and services call these; the defaults below are module
constants named by the document, so that a setting can pass other values later without a code change.

What is here, in the order a congress meets it:

* :func:`ballots_to_hold` — which secret ballots a cell holds, from its number of **full** members (9 or more:
  the committee first, then the secretary and the deputy from among its members; fewer: the secretary and, if
  needed, a deputy directly). Delegates to the higher congress depend on the superior's allocation and are not
  decided here.
* :func:`nomination_approved` — a self- or floor-nominated candidate joins the list only with **more than** 30%
  of those present approving (exactly 30% is not enough).
* :func:`surplus_ok` / :func:`max_surplus` — the list's surplus (candidates − seats) must not exceed 30% of the
  seats. party-rules.md (H) and Art. 14 as published give no rounding, so the comparison is exact:
  surplus ≤ 0.30 × seats, i.e. the largest allowed surplus is floor(0.30 × seats). Consequence to know: with 3
  seats or fewer no surplus at all is allowed (0.9 < 1); 4–6 seats allow 1; 7–9 allow 2; 10 allow 3. Art. 14 has
  the congress itself decide about lists outside the range, so the screens should warn and ask, not refuse.
* :func:`ballot_style` — with surplus the voter crosses out the names not chosen (``strike``); without surplus,
  an agree / disagree column per candidate (``agree``).
* :func:`judge_ballot` and :func:`count_ballots` — validity and votes of each paper ballot (Art. 15, M).
* :func:`reconcile` — issued = returned + not returned; returned = valid + invalid.
* :func:`election_outcome` — who is elected (Art. 30, H): more than half **of the members summoned** (not of those
  present; exactly half fails); when more pass than there are seats, the most-voted; a tie at the cut-off is not
  broken here (the tie rule is L): the tied candidates are reported and a new round among them is held with the
  seats left (:func:`next_round_candidates`), which the screens record as a congress decision.

All counts are plain ``int`` (``bool`` is refused, though Python counts it as an int): a bad count is a
programming error and raises ``ValueError`` with an English message for developers; the forms validate what
people type before calling these.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

# --- defaults, named by their document ------------------------------------------------------------------------

# Quyết định 190-QĐ/TW (H): a cell with this many full members or more elects a committee first.
QD_190_COMMITTEE_MIN_FULL_MEMBERS = 9
# Quyết định 190-QĐ/TW (H): a cell committee has at most 7 members.
QD_190_COMMITTEE_MAX_SEATS = 7
# Quyết định 190-QĐ/TW, Art. 14 (H): the surplus must not exceed 30% of the seats.
QD_190_SURPLUS_MAX_RATIO = Decimal("0.30")
# Quyết định 190-QĐ/TW, Art. 14 (H): the convening committee prepares a surplus of 10–15% (guidance, not a check).
QD_190_PREPARED_SURPLUS_RATIO = (Decimal("0.10"), Decimal("0.15"))
# Quyết định 190-QĐ/TW, Art. 14 (H): a self- or floor-nominated candidate needs more than 30% of those present.
QD_190_NOMINATION_MIN_RATIO = Decimal("0.30")
# Quyết định 190-QĐ/TW (H): a cell that elects no secretary after this many rounds has one appointed by the
# superior committee.
QD_190_SECRETARY_ROUNDS_BEFORE_APPOINTMENT = 3


# --- codes --------------------------------------------------------------------------------------------------


class BallotKind(StrEnum):
    """The secret ballots of a cell congress; values are the codes stored in the database."""

    COMMITTEE = "committee"  # chi ủy
    SECRETARY = "secretary"  # bí thư
    DEPUTY_SECRETARY = "deputy_secretary"  # phó bí thư
    DELEGATES = "delegates"  # đại biểu dự đại hội cấp trên


class BallotStyle(StrEnum):
    """How the voter marks the paper ballot."""

    STRIKE = "strike"  # list with surplus: cross out the names not chosen; the names left standing get a vote
    AGREE = "agree"  # list without surplus: an agree / disagree column per candidate


class Mark(StrEnum):
    """What the counting committee reads next to one candidate's name on one ballot.

    ``strike`` ballots use KEPT / STRUCK (a name not mentioned is KEPT: left standing is the paper's natural
    state); ``agree`` ballots use AGREE / DISAGREE / BOTH / NEITHER (a name not mentioned is NEITHER).
    """

    KEPT = "kept"
    STRUCK = "struck"
    AGREE = "agree"
    DISAGREE = "disagree"
    BOTH = "both"  # agree and disagree both marked: no vote, the ballot stays valid
    NEITHER = "neither"  # nothing marked: no vote, the ballot stays valid


STYLE_MARKS: dict[BallotStyle, frozenset[Mark]] = {
    BallotStyle.STRIKE: frozenset({Mark.KEPT, Mark.STRUCK}),
    BallotStyle.AGREE: frozenset({Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NEITHER}),
}
UNMARKED: dict[BallotStyle, Mark] = {BallotStyle.STRIKE: Mark.KEPT, BallotStyle.AGREE: Mark.NEITHER}
VOTE_MARK: dict[BallotStyle, Mark] = {BallotStyle.STRIKE: Mark.KEPT, BallotStyle.AGREE: Mark.AGREE}


class InvalidReason(StrEnum):
    """Why a ballot is invalid (Quyết định 190-QĐ/TW, Art. 15, M), in the order they are reported."""

    UNSTAMPED = "unstamped"  # not issued by the counting committee (no stamp)
    NAMES_ADDED = "names_added"  # a name written in that is not on the list
    TOO_MANY = "too_many"  # votes for more people than there are seats
    NONE_KEPT = "none_kept"  # strike style: every name crossed out on a list of two or more


class ReconcileProblem(StrEnum):
    """Why the totals of a count do not reconcile (the count cannot be closed)."""

    ISSUED_MISMATCH = "issued_mismatch"  # issued ≠ returned + not returned
    RETURNED_MISMATCH = "returned_mismatch"  # returned ≠ valid + invalid


# --- small checks -------------------------------------------------------------------------------------------


def _count(value: object, name: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}: {value!r}")
    return value


def _ratio(ratio: object, name: str) -> Fraction:
    """A ratio in [0, 1] as an exact Fraction. Floats are refused: 0.3 is not exactly 3/10 in binary."""
    if isinstance(ratio, bool) or not isinstance(ratio, int | Decimal):
        raise ValueError(f"{name} must be a Decimal or an int (e.g. Decimal('0.30')), not {ratio!r}")
    if isinstance(ratio, Decimal) and not ratio.is_finite():
        raise ValueError(f"{name} must be finite: {ratio!r}")
    if not 0 <= ratio <= 1:
        raise ValueError(f"{name} must be between 0 and 1: {ratio!r}")
    return Fraction(ratio)


def _candidates(candidates: Sequence[str]) -> tuple[str, ...]:
    if isinstance(candidates, str) or not isinstance(candidates, Sequence):
        raise ValueError(f"candidates must be a sequence of names, not {candidates!r}")
    names = tuple(candidates)
    if not names:
        raise ValueError("a ballot lists at least one candidate")
    for name in names:
        if not isinstance(name, str) or not name:
            raise ValueError(f"a candidate must be a non-empty str: {name!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"a candidate appears twice on the list: {names!r}")
    return names


# --- which ballots, which list ------------------------------------------------------------------------------


def ballots_to_hold(full_members: int, *, deputy_needed: bool = False) -> list[BallotKind]:
    """The secret ballots of a cell congress, in the order they are held (Quyết định 190-QĐ/TW).

    ``full_members``: the cell's full members (not those summoned, not probationary members).
    9 or more: ``[committee, secretary, deputy_secretary]`` — the secretary and one deputy are then elected from
    among the committee's members, each in a separate ballot; ``deputy_needed`` does not apply (the deputy is part
    of that path). Fewer than 9: ``[secretary]``, plus ``deputy_secretary`` when ``deputy_needed``.
    """
    _count(full_members, "full_members", minimum=1)
    if full_members >= QD_190_COMMITTEE_MIN_FULL_MEMBERS:
        return [BallotKind.COMMITTEE, BallotKind.SECRETARY, BallotKind.DEPUTY_SECRETARY]
    if deputy_needed:
        return [BallotKind.SECRETARY, BallotKind.DEPUTY_SECRETARY]
    return [BallotKind.SECRETARY]


def nomination_approved(
    approvals: int, present: int, *, min_ratio: Decimal = QD_190_NOMINATION_MIN_RATIO
) -> bool:
    """Whether a self- or floor-nominated candidate joins the list: approvals > 30% of those present (exactly)."""
    _count(present, "present", minimum=1)
    _count(approvals, "approvals")
    if approvals > present:
        raise ValueError(f"approvals ({approvals}) cannot exceed those present ({present})")
    return approvals > _ratio(min_ratio, "min_ratio") * present


def max_surplus(seats: int, *, max_ratio: Decimal = QD_190_SURPLUS_MAX_RATIO) -> int:
    """The largest surplus allowed: floor(max_ratio × seats), exact (0 for 1–3 seats with the default 30%)."""
    _count(seats, "seats", minimum=1)
    return math.floor(_ratio(max_ratio, "max_ratio") * seats)


def surplus_ok(seats: int, candidates: int, *, max_ratio: Decimal = QD_190_SURPLUS_MAX_RATIO) -> bool:
    """Whether the list's surplus (``candidates − seats``) is within ``max_ratio × seats`` (Art. 14), exactly.

    ``candidates``: how many are on the list. A list with no surplus, or shorter than the seats, is within the
    cap (True): whether a short list may be voted on is a separate question for the congress.
    """
    _count(candidates, "candidates")
    return candidates - seats <= max_surplus(seats, max_ratio=max_ratio)


def ballot_style(seats: int, candidates: int) -> BallotStyle:
    """``strike`` when the list has a surplus, else ``agree``."""
    _count(seats, "seats", minimum=1)
    _count(candidates, "candidates", minimum=1)
    return BallotStyle.STRIKE if candidates > seats else BallotStyle.AGREE


# --- one ballot ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotMarks:
    """What the counting committee reads off one paper ballot.

    ``marks``: candidate name → :class:`Mark`, for the names on the list; names left out take the style's
    unmarked value (KEPT on ``strike``, NEITHER on ``agree``), so a strike ballot can be entered as the names
    crossed out. ``stamped``: the counting committee's stamp is there. ``names_added``: someone's name was
    written in (a name not on the list is recorded here, never as a mark).
    """

    marks: Mapping[str, Mark] = field(default_factory=dict)
    stamped: bool = True
    names_added: bool = False


@dataclass(frozen=True)
class BallotJudgement:
    """The verdict on one ballot.

    ``valid``: whether it counts. ``reasons``: every reason it is invalid, in :class:`InvalidReason` order (empty
    when valid). ``votes``: the candidates it gives a vote to, in list order (empty when invalid). ``unclear``:
    agree style only — candidates marked both or neither, who get no vote from this valid ballot.
    """

    valid: bool
    reasons: tuple[InvalidReason, ...] = ()
    votes: tuple[str, ...] = ()
    unclear: tuple[str, ...] = ()

    @property
    def reason(self) -> InvalidReason | None:
        """The reason recorded for an invalid ballot (the first that applies), None when valid."""
        return self.reasons[0] if self.reasons else None


def judge_ballot(
    style: BallotStyle | str, candidates: Sequence[str], marks: BallotMarks, *, seats: int
) -> BallotJudgement:
    """Judge one paper ballot (Quyết định 190-QĐ/TW, Art. 15, M).

    Invalid: unstamped; names added; more votes than ``seats`` (names kept on ``strike``, "agree" marks on
    ``agree``); on ``strike`` with two or more names, every name crossed out. On ``agree``, a candidate marked both
    or neither gets no vote but the ballot stays valid — so does one that disagrees with everyone. On a one-name
    ``strike`` list, crossing the name out is a valid vote against. ValueError for a mark on a name not on the
    list or a mark of the other style.
    """
    style = BallotStyle(style)
    names = _candidates(candidates)
    _count(seats, "seats", minimum=1)
    if not isinstance(marks, BallotMarks):
        raise ValueError(f"marks must be a BallotMarks, not {marks!r}")
    unknown = set(marks.marks) - set(names)
    if unknown:
        raise ValueError(f"marks for names not on the list (record them as names_added): {sorted(unknown)!r}")
    allowed = STYLE_MARKS[style]
    for name, mark in marks.marks.items():
        if mark not in allowed:
            raise ValueError(f"mark {mark!r} for {name!r} does not belong to a {style} ballot")

    read = {name: Mark(marks.marks.get(name, UNMARKED[style])) for name in names}
    votes = tuple(name for name in names if read[name] == VOTE_MARK[style])
    reasons: list[InvalidReason] = []
    if not marks.stamped:
        reasons.append(InvalidReason.UNSTAMPED)
    if marks.names_added:
        reasons.append(InvalidReason.NAMES_ADDED)
    if len(votes) > seats:
        reasons.append(InvalidReason.TOO_MANY)
    if style == BallotStyle.STRIKE and len(names) > 1 and not votes:
        reasons.append(InvalidReason.NONE_KEPT)
    if reasons:
        return BallotJudgement(valid=False, reasons=tuple(reasons))
    unclear = tuple(name for name in names if read[name] in (Mark.BOTH, Mark.NEITHER))
    return BallotJudgement(valid=True, votes=votes, unclear=unclear)


# --- counting and reconciling -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """The totals of one election's ballots.

    ``returned``: ballots counted (= valid + invalid). ``invalid_by_reason``: each invalid ballot under its first
    reason, every reason present (sums to ``invalid``). ``votes``: every candidate, in list order, with the
    votes the valid ballots gave them — the ``votes`` argument of :func:`election_outcome`.
    """

    returned: int
    valid: int
    invalid: int
    invalid_by_reason: dict[InvalidReason, int]
    votes: dict[str, int]


def count_ballots(
    style: BallotStyle | str, candidates: Sequence[str], seats: int, ballots: Iterable[BallotMarks]
) -> Tally:
    """Judge every ballot and add up the totals."""
    names = _candidates(candidates)
    votes = dict.fromkeys(names, 0)
    by_reason = dict.fromkeys(InvalidReason, 0)
    valid = invalid = 0
    for marks in ballots:
        judgement = judge_ballot(style, names, marks, seats=seats)
        if judgement.reason is None:
            valid += 1
            for name in judgement.votes:
                votes[name] += 1
        else:
            invalid += 1
            by_reason[judgement.reason] += 1
    return Tally(
        returned=valid + invalid, valid=valid, invalid=invalid, invalid_by_reason=by_reason, votes=votes
    )


def reconcile(
    *, issued: int, returned: int, not_returned: int, valid: int, invalid: int
) -> list[ReconcileProblem]:
    """The reasons the totals do not add up; empty when issued = returned + not returned and returned = valid +
    invalid (only then can the count be closed). Keyword-only: five counts in a row are too easy to swap."""
    for name, value in (
        ("issued", issued),
        ("returned", returned),
        ("not_returned", not_returned),
        ("valid", valid),
        ("invalid", invalid),
    ):
        _count(value, name)
    problems: list[ReconcileProblem] = []
    if issued != returned + not_returned:
        problems.append(ReconcileProblem.ISSUED_MISMATCH)
    if returned != valid + invalid:
        problems.append(ReconcileProblem.RETURNED_MISMATCH)
    return problems


# --- results ------------------------------------------------------------------------------------------------


def votes_needed(summoned: int) -> int:
    """The fewest votes that pass: more than half of the members summoned (Art. 30)."""
    _count(summoned, "summoned", minimum=1)
    return summoned // 2 + 1


def passes(votes: int, summoned: int) -> bool:
    """votes × 2 > summoned — of the summoned, not of those present; exactly half fails."""
    return votes * 2 > summoned


@dataclass(frozen=True)
class ElectionOutcome:
    """The result of one round of one ballot (Quyết định 190-QĐ/TW, Art. 30).

    ``elected``: highest votes first, equal votes in input order. ``tied``: input order — candidates who passed
    but are tied at the cut-off with more of them than seats left; none of them is elected, and a new round among
    them decides (with ``seats_left`` seats). ``seats_left``: seats − len(elected). ``passed``: every candidate
    with more than half of the summoned, input order.
    """

    elected: list[str]
    tied: list[str]
    seats_left: int
    passed: list[str]


def election_outcome(*, summoned: int, seats: int, votes: Mapping[str, int]) -> ElectionOutcome:
    """Who is elected in this round.

    ``summoned``: full members summoned (Art. 30 excludes the temporarily transferred, the exempted who are
    absent, the suspended or prosecuted, and those absent with an approved reason); ``votes``: candidate →
    votes from valid ballots, in list order (the order ties keep). ValueError for summoned < 1, seats < 1, a
    non-int count, negative votes or votes above ``summoned``.
    """
    _count(summoned, "summoned", minimum=1)
    _count(seats, "seats", minimum=1)
    if not isinstance(votes, Mapping):
        raise ValueError(f"votes must be a mapping of candidate to votes, not {votes!r}")
    for name, count in votes.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"a candidate must be a non-empty str: {name!r}")
        _count(count, f"votes for {name!r}")
        if count > summoned:
            raise ValueError(f"{name!r} has {count} votes, more than the {summoned} members summoned")

    passed = [name for name, count in votes.items() if passes(count, summoned)]
    ranked = sorted(passed, key=lambda name: -votes[name])  # stable: equal votes keep the input order
    if len(ranked) <= seats or votes[ranked[seats]] < votes[ranked[seats - 1]]:
        elected = ranked[:seats]
        tied: list[str] = []
    else:
        cutoff = votes[ranked[seats - 1]]
        elected = [name for name in ranked if votes[name] > cutoff]
        tied = [name for name in passed if votes[name] == cutoff]
    return ElectionOutcome(elected=elected, tied=tied, seats_left=seats - len(elected), passed=passed)


def next_round_candidates(outcome: ElectionOutcome, candidates: Sequence[str]) -> list[str]:
    """Who stands in a further round for the ``seats_left`` seats, in list order; empty when no seat is left.

    After a tie at the cut-off: the tied candidates only (H). When too few passed: every candidate of
    ``candidates`` not elected (M: the congress decides whether to hold that round at all, and after the third
    round without a secretary the superior committee appoints one).
    """
    names = _candidates(candidates)
    if outcome.seats_left == 0:
        return []
    if outcome.tied:
        return list(outcome.tied)
    elected = set(outcome.elected)
    return [name for name in names if name not in elected]
