"""Reads of a congress's elections: which ballots the cell holds, the candidate lists in ballot order, and the
results — only once the count is closed (issue 7 §5, §6: never a partial figure).

Reads go through :func:`hoptac.core.permissions.restrict` (the cell's party roles see elections and lists);
objects not visible answer 404. Results are computed from the stored votes by :mod:`hoptac.congress.rules`
(the closing of the count wrote ``votes``, ``elected`` and ``tied`` with the same rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hoptac.core.permissions import VIEW, restrict
from hoptac.core.text import sort_key
from hoptac.party.choices import OFF_ROLL, Position
from hoptac.party.models import CommitteePosition, PartyCell, PartyMember

from . import rules
from .choices import Body, ElectionKind, ElectionState
from .models import Ballot, Candidate, Congress, Duty, Election

# --- the order of names on the ballot -------------------------------------------------------------------------

ORDER_GIVEN = "given"
ORDER_FAMILY = "family"
BALLOT_ORDERS = (
    (ORDER_GIVEN, _("Theo tên, rồi đến họ (thứ tự chữ cái tiếng Việt)")),
    (ORDER_FAMILY, _("Theo họ và tên (như danh sách đảng viên)")),
)


def name_parts(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese name "Family Middle Given": the given name is the last word."""
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def ballot_sort_key(full_name: str, ordering: str = ORDER_GIVEN) -> tuple[str, ...]:
    """The key a ballot's names sort by: the Vietnamese sort key of the given name, then of the family name,
    then of the middle names (``given``, the default); or of the whole name as written (``family``)."""
    if ordering == ORDER_FAMILY:
        return (sort_key(full_name),)
    family, middle, given = name_parts(full_name)
    return (sort_key(given), sort_key(family), sort_key(middle))


def in_ballot_order(candidates: Sequence[Candidate], ordering: str = ORDER_GIVEN) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (*ballot_sort_key(c.member.full_name, ordering), c.member_id))


# --- the cell's members for this congress ---------------------------------------------------------------------


def full_members(congress: Congress):
    """The cell's full members on the roll on the day of the congress (not the summoned: ``ballots_to_hold``
    counts the cell's full members; probationary members and those off the roll are not counted)."""
    return PartyMember.objects.filter(
        cell_id=congress.cell_id, full_member_on__isnull=False, full_member_on__lte=congress.held_on
    ).exclude(status__in=OFF_ROLL)


def full_members_count(congress: Congress) -> int:
    """The cell's full members as recorded when the congress opened (``Congress.full_members``); before it
    opens, counted now. The ballots held (and the path of 9 or more) follow this number."""
    if congress.full_members is not None:
        return congress.full_members
    return full_members(congress).count()


def ballot_kinds(congress: Congress, *, full_count: int | None = None) -> list[str]:
    """The secret ballots the cell holds, in order (rules.ballots_to_hold), plus delegates to the higher
    congress (held when the superior allocates seats: always offered, never required)."""
    count = full_members_count(congress) if full_count is None else full_count
    kinds = (
        [str(kind) for kind in rules.ballots_to_hold(count, deputy_needed=congress.deputy_needed)]
        if count
        else []
    )
    return [*kinds, ElectionKind.DELEGATES.value]


def committee_path(congress: Congress, *, full_count: int | None = None) -> bool:
    """True when the cell elects a committee first (9 full members or more): the secretary and the deputy are
    then elected from among the elected committee members."""
    count = full_members_count(congress) if full_count is None else full_count
    return count >= rules.QD_190_COMMITTEE_MIN_FULL_MEMBERS


def counting_committee(congress: Congress) -> list[Duty]:
    """The counting committee (Ban Kiểm phiếu) of the congress, head first.

    Read from :class:`~hoptac.congress.models.Duty` directly (the preparation part's ``counters_of`` returns the
    same rows; this keeps the elections part independent of it)."""
    return list(
        Duty.objects.filter(congress=congress, body=Body.COUNTING)
        .select_related("member")
        .order_by("-is_head", "member__name_sort", "id")
    )


def elected_committee_members(congress: Congress) -> set[int]:
    """Member ids elected to the committee by this congress (every closed round of the committee ballot)."""
    return set(
        Candidate.objects.filter(
            election__congress=congress,
            election__kind=ElectionKind.COMMITTEE,
            election__state=ElectionState.CLOSED,
            elected=True,
        ).values_list("member_id", flat=True)
    )


def elected_to(congress: Congress, kind: str) -> set[int]:
    return set(
        Candidate.objects.filter(
            election__congress=congress,
            election__kind=kind,
            election__state=ElectionState.CLOSED,
            elected=True,
        ).values_list("member_id", flat=True)
    )


def nominee_choices(election: Election):
    """Members who may be put on this election's list (the service checks each again): full members on the roll,
    not suspended, not on the counting committee, not already listed; for the secretary and the deputy in the
    path of 9 members or more, only the committee members this congress elected — and never the one already
    elected to the other post."""
    from hoptac.party.choices import MemberStatus

    congress = election.congress
    rows = (
        full_members(congress)
        .exclude(status=MemberStatus.SUSPENDED)
        .exclude(pk__in=Duty.objects.filter(congress=congress, body=Body.COUNTING).values("member_id"))
        .exclude(pk__in=Candidate.objects.filter(election=election).values("member_id"))
    )
    if election.kind in (ElectionKind.SECRETARY, ElectionKind.DEPUTY_SECRETARY):
        if committee_path(congress):
            rows = rows.filter(pk__in=elected_committee_members(congress))
        other = (
            ElectionKind.SECRETARY
            if election.kind == ElectionKind.DEPUTY_SECRETARY
            else ElectionKind.DEPUTY_SECRETARY
        )
        rows = rows.exclude(pk__in=elected_to(congress, other))
    return rows.order_by("name_sort", "id")


# --- reads ----------------------------------------------------------------------------------------------------


def congress_get(*, user, pk: int, cell: PartyCell) -> Congress:
    try:
        return (
            restrict(Congress.objects.select_related("cell", "term"), user, VIEW).filter(cell=cell).get(pk=pk)
        )
    except Congress.DoesNotExist as exc:
        raise Http404 from exc


def election_get(*, user, pk: int, cell: PartyCell) -> Election:
    try:
        return (
            restrict(
                Election.objects.select_related("congress__cell", "congress__term", "previous"), user, VIEW
            )
            .filter(congress__cell=cell)
            .get(pk=pk)
        )
    except Election.DoesNotExist as exc:
        raise Http404 from exc


def candidates(election: Election, *, user=None) -> list[Candidate]:
    """The names on the list (withdrawn ones included, last), in ballot order."""
    rows = Candidate.objects.filter(election=election).select_related("member")
    if user is not None:
        rows = restrict(rows, user, VIEW)
    active = [c for c in rows if not c.withdrawn]
    withdrawn = [c for c in rows if c.withdrawn]
    if election.state == ElectionState.NOMINATING:
        active = in_ballot_order(active)
    else:
        active.sort(key=lambda c: (c.position, c.pk))
    return active + in_ballot_order(withdrawn)


def on_ballot(election: Election) -> list[Candidate]:
    """The names printed on the ballot, in ballot order (withdrawn names are off the ballot)."""
    return [c for c in candidates(election) if not c.withdrawn]


@dataclass(frozen=True)
class BallotSlot:
    """One ballot the congress holds and its rounds so far (empty: not created yet)."""

    kind: str
    label: str
    required: bool
    rounds: list[Election] = field(default_factory=list)

    @property
    def last(self) -> Election | None:
        return self.rounds[-1] if self.rounds else None


def congress_ballots(*, user, congress: Congress) -> tuple[list[BallotSlot], int]:
    """The congress's ballots in the order they are held, each with its rounds; and the cell's full members."""
    full_count = full_members_count(congress)
    kinds = ballot_kinds(congress, full_count=full_count)
    elections = (
        restrict(Election.objects.filter(congress=congress), user, VIEW)
        .annotate(
            candidate_count=Count("candidates", distinct=True),
        )
        .order_by("kind", "round")
    )
    by_kind: dict[str, list[Election]] = {}
    for election in elections:
        by_kind.setdefault(election.kind, []).append(election)
    labels = dict(ElectionKind.choices)
    slots = [
        BallotSlot(kind, labels[kind], kind != ElectionKind.DELEGATES, by_kind.pop(kind, []))
        for kind in kinds
    ]
    # A ballot created when the cell had another size stays listed.
    slots += [BallotSlot(kind, labels[kind], False, rows) for kind, rows in by_kind.items()]
    return slots, full_count


# --- results --------------------------------------------------------------------------------------------------

ELECTED = "elected"
TIED = "tied"
NOT_ELECTED = "not_elected"
RESULT_LABELS = {
    ELECTED: _("Trúng cử"),
    TIED: _("Bằng phiếu ở ngưỡng — bầu lại"),
    NOT_ELECTED: _("Không trúng cử"),
}


def percent_of(votes: int, summoned: int) -> Decimal:
    """votes / summoned as a percentage with two decimals (half up)."""
    if not summoned:
        return Decimal("0.00")
    return (Decimal(votes) * 100 / Decimal(summoned)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal) -> str:
    """ "53,85%" — the Vietnamese decimal comma."""
    return f"{value:.2f}".replace(".", ",") + "%"


@dataclass(frozen=True)
class ResultRow:
    candidate: Candidate
    votes: int
    percent: Decimal
    status: str

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)

    @property
    def status_label(self) -> str:
        return str(RESULT_LABELS[self.status])


@dataclass(frozen=True)
class Results:
    """The closed count of one election: rows in ballot order, the outcome by the rules, what may follow."""

    election: Election
    rows: list[ResultRow]
    outcome: rules.ElectionOutcome
    returned: int
    invalid_by_reason: dict[str, int]
    next_candidates: list[Candidate]  # who would stand in a further round
    next_round: Election | None
    appointment_due: bool  # the secretary not elected after the third round: the superior appoints

    @property
    def elected(self) -> list[Candidate]:
        """The elected, most votes first (equal votes in ballot order)."""
        rows = [row for row in self.rows if row.status == ELECTED]
        return [row.candidate for row in sorted(rows, key=lambda row: -row.votes)]

    @property
    def tied(self) -> list[Candidate]:
        return [row.candidate for row in self.rows if row.status == TIED]

    @property
    def seats_left(self) -> int:
        return self.outcome.seats_left

    @property
    def next_round_offered(self) -> bool:
        return self.seats_left > 0 and self.next_round is None and not self.appointment_due


def outcome_of(election: Election, rows: Sequence[Candidate]) -> rules.ElectionOutcome:
    """The outcome of a closed election recomputed from the stored votes (list order: ballot position)."""
    return rules.election_outcome(
        summoned=election.summoned or 0,
        seats=election.seats,
        votes={str(c.pk): c.votes or 0 for c in rows},
    )


def secretary_appointment_due(election: Election, outcome: rules.ElectionOutcome) -> bool:
    return (
        election.kind == ElectionKind.SECRETARY
        and outcome.seats_left > 0
        and election.round >= rules.QD_190_SECRETARY_ROUNDS_BEFORE_APPOINTMENT
    )


INVALID_REASON_LABELS = {
    rules.InvalidReason.UNSTAMPED: _("Không có dấu của Ban Kiểm phiếu"),
    rules.InvalidReason.NAMES_ADDED: _("Ghi thêm tên người ngoài danh sách"),
    rules.InvalidReason.TOO_MANY: _("Bầu quá số lượng cần bầu"),
    rules.InvalidReason.NONE_KEPT: _("Gạch tên tất cả những người trong danh sách"),
}


def invalid_by_reason(election: Election) -> dict[str, int]:
    """Invalid ballots by their reason, every reason listed (rules.InvalidReason order)."""
    counts = dict(
        Ballot.objects.filter(election=election, valid=False)
        .values_list("invalid_reason")
        .annotate(n=Count("id"))
        .values_list("invalid_reason", "n")
    )
    return {str(reason): counts.get(str(reason), 0) for reason in rules.InvalidReason}


def election_results(election: Election) -> Results | None:
    """The results of a closed count; None before the count is closed (nothing partial is ever shown)."""
    if election.state != ElectionState.CLOSED:
        return None
    rows = on_ballot(election)
    outcome = outcome_of(election, rows) if rows else rules.ElectionOutcome([], [], election.seats, [])
    # The status shown is what the closed count recorded (written by the same rules as ``outcome``).
    result_rows = [
        ResultRow(
            candidate=c,
            votes=c.votes or 0,
            percent=percent_of(c.votes or 0, election.summoned or 0),
            status=ELECTED if c.elected else TIED if c.tied else NOT_ELECTED,
        )
        for c in rows
    ]
    by_key = {str(c.pk): c for c in rows}
    next_keys = rules.next_round_candidates(outcome, list(by_key)) if rows else []
    next_round = Election.objects.filter(previous=election).first()
    return Results(
        election=election,
        rows=result_rows,
        outcome=outcome,
        returned=(election.valid or 0) + (election.invalid or 0),
        invalid_by_reason=invalid_by_reason(election),
        next_candidates=[by_key[key] for key in next_keys],
        next_round=next_round,
        appointment_due=secretary_appointment_due(election, outcome),
    )


def is_tie_round(election: Election) -> bool:
    """A round held among candidates tied at the previous round's cut-off (its list is fixed)."""
    previous = election.previous
    if previous is None or previous.state != ElectionState.CLOSED:
        return False
    rows = on_ballot(previous)
    return bool(rows) and bool(outcome_of(previous, rows).tied)


# --- the elected on the new committee -------------------------------------------------------------------------

POSITION_OF = {
    ElectionKind.COMMITTEE: Position.COMMITTEE_MEMBER,
    ElectionKind.SECRETARY: Position.SECRETARY,
    ElectionKind.DEPUTY_SECRETARY: Position.DEPUTY_SECRETARY,
}


def position_day(election: Election) -> date:
    """The day the elected take their positions: the day the count closed (the congress's day otherwise)."""
    from django.utils import timezone

    return timezone.localdate(election.closed_at) if election.closed_at else election.congress.held_on


def results_pending(election: Election) -> list[Candidate]:
    """The elected of a closed election whose position on the term's committee is not recorded yet (empty for
    delegates: they hold no committee position)."""
    if election.state != ElectionState.CLOSED or election.kind not in POSITION_OF:
        return []
    target = POSITION_OF[ElectionKind(election.kind)]
    elected = [c for c in on_ballot(election) if c.elected]
    held = dict(
        CommitteePosition.objects.filter(
            term_id=election.congress.term_id,
            member_id__in=[c.member_id for c in elected],
            ends_on__isnull=True,
        ).values_list("member_id", "position")
    )
    pending = []
    for c in elected:
        position = held.get(c.member_id)
        done = position == target or (
            target == Position.COMMITTEE_MEMBER
            and position in (Position.SECRETARY, Position.DEPUTY_SECRETARY)
        )
        if not done:
            pending.append(c)
    return pending
