"""Writes of the count (issue 7 §4 and §6): entering paper ballots, double entry, closing the count.

* :func:`ballot_enter` — one reading of one paper ballot by one member of the congress's counting committee,
  while the election is being voted on. With ``Congress.double_entry`` (the default) every ballot is read by two
  different members: when the latest two readings (by different people) agree, the ballot is accepted and judged
  by :func:`hoptac.congress.rules.judge_ballot`; when they differ it is flagged as a mismatch until a further
  reading agrees with the one before it. The same person never makes two readings in a row of one ballot.
  Without double entry one reading accepts.
* :func:`count_close` — the head of the counting committee (any member when no head was designated) closes the
  count: no ballot may be pending or mismatched, the totals must reconcile (:func:`rules.reconcile`), then the
  outcome (:func:`rules.election_outcome`, of the members summoned when the vote opened) is written on the
  candidates and the election with the counting committee of the moment, in one transaction under a lock. The
  database then refuses any change (migrations 0002, 0003); these services refuse first, with a clear message.
  Both write under :func:`hoptac.core.audit.acting_as` so the audit names the actor outside a request too.
* :func:`fill_ballots` — enters and accepts ballots through the services (the demo and browser tests use it).

Marks are stored by candidate id (``str``) → :class:`rules.Mark` value, keeping only the marks that differ from
the style's unmarked value (:data:`rules.UNMARKED`): two readings agree exactly when their stored marks are
equal. Every row is audited (``@audited``); entries carry who and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError

from . import rules, selectors_congress, selectors_elections
from .choices import Body, ElectionState, EntryState
from .models import Ballot, BallotEntry, Candidate, Congress, Duty, Election

# The paper ballot's number is a PositiveSmallIntegerField; a cell's congress never issues that many.
MAX_BALLOT_NUMBER = 9999
MAX_ISSUED = 9999

NOT_COUNTER = _("Chỉ thành viên Ban Kiểm phiếu của đại hội này mới nhập phiếu và kết thúc kiểm phiếu.")
NOT_HEAD = _("Trưởng Ban Kiểm phiếu (đồng chí %(head)s) kết thúc kiểm phiếu.")
COUNT_CLOSED = _(
    "Cuộc bầu “%(election)s” đã kết thúc kiểm phiếu: phiếu bầu và kết quả không thay đổi được nữa."
)
NOT_VOTING = _("Cuộc bầu “%(election)s” chưa bắt đầu bỏ phiếu, chưa nhập phiếu được.")
NO_STYLE = _("Cuộc bầu “%(election)s” chưa xác định kiểu phiếu; hãy mở bỏ phiếu trước.")
BAD_NUMBER = _("Số thứ tự phiếu phải từ 1 đến %(max)s.")
ALREADY_ACCEPTED = _("Phiếu số %(number)s đã được chấp nhận; không nhập lại được.")
SAME_READER = _(
    "Đồng chí vừa nhập phiếu số %(number)s. Lần nhập tiếp theo phải do một thành viên khác của Ban Kiểm phiếu "
    "đọc độc lập."
)
UNKNOWN_CANDIDATE = _("Phiếu có đánh dấu cho người không có trong danh sách bầu: ghi là “có ghi thêm tên”.")
WITHDRAWN_CANDIDATE = _("Đồng chí %(name)s đã rút khỏi danh sách bầu; không ghi đánh dấu cho người đã rút.")
WRONG_MARK = _("Đánh dấu “%(mark)s” không dùng cho kiểu phiếu này.")
OPEN_BALLOTS = _(
    "Chưa kết thúc kiểm phiếu được: còn %(pending)s phiếu chờ nhập lần hai và %(mismatch)s phiếu hai lần nhập "
    "không khớp."
)
NO_BALLOTS = _("Chưa có phiếu nào được nhập.")
BAD_COUNT = _("Số phiếu phải là số nguyên từ 0 đến %(max)s.")
ISSUED_MISMATCH = _(
    "Số phiếu không khớp: phát ra %(issued)s phiếu nhưng thu về %(returned)s và không thu về %(not_returned)s "
    "(cộng lại %(sum)s)."
)
RETURNED_MISMATCH = _(
    "Số phiếu không khớp: thu về %(returned)s phiếu nhưng hợp lệ %(valid)s và không hợp lệ %(invalid)s."
)
NO_SUMMONED = _("Đại hội chưa có danh sách đảng viên được triệu tập; chưa tính được kết quả.")
TOO_MANY_ISSUED = _(
    "Số phiếu phát ra (%(issued)s) nhiều hơn số đảng viên được triệu tập có mặt tại đại hội (%(present)s)."
)
NO_CANDIDATES = _("Cuộc bầu không có ai trong danh sách bầu.")


# --- who, which state ------------------------------------------------------------------------------------------


def is_counter(user, congress: Congress | int) -> bool:
    """Whether ``user`` sits on the counting committee of ``congress`` (role congress_counter scoped to it)."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    return user is not None and congress_id in user.scope_ids(roles.CONGRESS_COUNTER)


def require_counter(actor, congress: Congress | int) -> None:
    if not is_counter(actor, congress):
        raise DomainError(NOT_COUNTER, code="not_counter")


def counting_head(congress: Congress | int) -> Duty | None:
    """The head of the counting committee, when one was designated."""
    congress_id = congress if isinstance(congress, int) else congress.pk
    return (
        Duty.objects.filter(congress_id=congress_id, body=Body.COUNTING, is_head=True)
        .select_related("member")
        .first()
    )


def require_open_count(election: Election) -> None:
    """Refuse unless the election is being voted on (a closed count is immutable, say so before the database)."""
    if election.state == ElectionState.CLOSED:
        raise DomainError(COUNT_CLOSED % {"election": election}, code="count_closed")
    if election.state != ElectionState.VOTING:
        raise DomainError(NOT_VOTING % {"election": election}, code="not_voting")
    if election.style not in rules.STYLE_MARKS:
        raise DomainError(NO_STYLE % {"election": election}, code="no_style")


def _locked(election: Election) -> Election:
    return Election.objects.select_for_update(of=("self",)).select_related("congress").get(pk=election.pk)


def summoned_count(congress: Congress) -> int:
    """The members summoned to the congress (those who vote and count towards the majority, Art. 30), as the
    preparation part's summoned list says now (an election keeps the number of when its vote opened)."""
    return selectors_congress.summoned_count(congress)


def committee_record(congress: Congress) -> list[dict]:
    """The counting committee as it stands, head first (kept on the election when its count closes)."""
    return [
        {"name": duty.member.full_name, "is_head": duty.is_head}
        for duty in selectors_elections.counting_committee(congress)
    ]


# --- marks ---------------------------------------------------------------------------------------------------


def ballot_candidates(election: Election) -> list[Candidate]:
    """The names on the paper ballot, in ballot order (withdrawn candidates are not on it)."""
    return list(
        Candidate.objects.filter(election=election, withdrawn=False)
        .select_related("member")
        .order_by("position", "id")
    )


def clean_marks(election: Election, marks: Mapping, candidates: Sequence[Candidate] | None = None) -> dict:
    """``marks`` (candidate, candidate id or its str → mark) as stored: str ids, only what differs from unmarked.

    Refuses marks for withdrawn candidates, for anyone not on this election's list, and marks of the other style.
    """
    style = rules.BallotStyle(election.style)
    if candidates is None:
        candidates = ballot_candidates(election)
    on_list = {str(c.pk) for c in candidates}
    allowed = rules.STYLE_MARKS[style]
    cleaned: dict[str, str] = {}
    withdrawn: set[str] | None = None
    for key, value in marks.items():
        cid = str(key.pk) if isinstance(key, Candidate) else str(key)
        if cid not in on_list:
            if withdrawn is None:
                withdrawn = {
                    str(pk): name
                    for pk, name in Candidate.objects.filter(election=election, withdrawn=True).values_list(
                        "pk", "member__full_name"
                    )
                }
            if cid in withdrawn:
                raise DomainError(WITHDRAWN_CANDIDATE % {"name": withdrawn[cid]}, code="withdrawn_candidate")
            raise DomainError(UNKNOWN_CANDIDATE, code="unknown_candidate")
        try:
            mark = rules.Mark(value)
        except ValueError:
            raise DomainError(WRONG_MARK % {"mark": value}, code="wrong_mark") from None
        if mark not in allowed:
            raise DomainError(WRONG_MARK % {"mark": mark.value}, code="wrong_mark")
        if mark != rules.UNMARKED[style]:
            cleaned[cid] = mark.value
    return cleaned


def ballot_marks(row: Ballot | BallotEntry) -> rules.BallotMarks:
    """A stored ballot (or reading) as the rules read it."""
    return rules.BallotMarks(
        marks={cid: rules.Mark(mark) for cid, mark in row.marks.items()},
        stamped=row.stamped,
        names_added=row.names_added,
    )


def same_reading(a: BallotEntry, b: BallotEntry) -> bool:
    """Two readings of one ballot agree (marks compared after dropping unmarked values)."""
    return (a.stamped, a.names_added, a.marks) == (b.stamped, b.names_added, b.marks)


# --- entering ballots -----------------------------------------------------------------------------------------


def _settle(ballot: Ballot, entries: list[BallotEntry], *, double_entry: bool, election: Election) -> None:
    """Set the ballot's state from its readings; an accepted ballot takes the agreed reading and its verdict."""
    latest = entries[-1]
    if double_entry:
        if len(entries) < 2:
            ballot.state = EntryState.PENDING
        elif entries[-2].entered_by_id != latest.entered_by_id and same_reading(entries[-2], latest):
            ballot.state = EntryState.ACCEPTED
        else:
            ballot.state = EntryState.MISMATCH
    else:
        ballot.state = EntryState.ACCEPTED
    if ballot.state == EntryState.ACCEPTED:
        ballot.stamped = latest.stamped
        ballot.names_added = latest.names_added
        ballot.marks = dict(latest.marks)
        ids = [str(c.pk) for c in ballot_candidates(election)]
        judgement = rules.judge_ballot(election.style, ids, ballot_marks(ballot), seats=election.seats)
        ballot.valid = judgement.valid
        ballot.invalid_reason = judgement.reason.value if judgement.reason else ""
    else:
        ballot.valid = None
        ballot.invalid_reason = ""
        ballot.marks = {}
    ballot.save(update_fields=["state", "stamped", "names_added", "marks", "valid", "invalid_reason"])


@transaction.atomic
def ballot_enter(
    *,
    actor,
    election: Election,
    number: int,
    marks: Mapping,
    stamped: bool = True,
    names_added: bool = False,
) -> BallotEntry:
    """Record one reading of paper ballot ``number`` by ``actor`` (a member of the counting committee).

    ``marks``: candidate (or its id) → :class:`rules.Mark` for the names on the list; names left out are
    unmarked (kept on a strike ballot, neither on an agree ballot). Returns the new entry; ``entry.ballot`` shows
    the ballot's state after it (pending, mismatch or accepted).
    """
    with acting_as(actor):
        require_counter(actor, election.congress_id)
        election = _locked(election)
        require_open_count(election)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_BALLOT_NUMBER:
            raise DomainError(BAD_NUMBER % {"max": MAX_BALLOT_NUMBER}, code="bad_number")
        candidates = ballot_candidates(election)
        if not candidates:
            raise DomainError(NO_CANDIDATES, code="no_candidates")
        cleaned = clean_marks(election, marks, candidates)

        ballot, _created = Ballot.objects.select_for_update().get_or_create(election=election, number=number)
        if ballot.state == EntryState.ACCEPTED:
            raise DomainError(ALREADY_ACCEPTED % {"number": number}, code="already_accepted")
        entries = list(ballot.entries.order_by("reading"))
        if entries and entries[-1].entered_by_id == actor.pk:
            raise DomainError(SAME_READER % {"number": number}, code="same_reader")
        entry = BallotEntry.objects.create(
            ballot=ballot,
            reading=len(entries) + 1,
            entered_by=actor,
            stamped=bool(stamped),
            names_added=bool(names_added),
            marks=cleaned,
        )
        entries.append(entry)
        _settle(ballot, entries, double_entry=election.congress.double_entry, election=election)
        entry.ballot = ballot
        return entry


# --- closing the count ----------------------------------------------------------------------------------------


def _require_closer(actor, election: Election) -> None:
    require_counter(actor, election.congress_id)
    head = counting_head(election.congress_id)
    if head is not None and head.member.user_id != actor.pk:
        raise DomainError(NOT_HEAD % {"head": head.member.full_name}, code="not_head")


def _count_value(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ISSUED:
        raise DomainError(BAD_COUNT % {"max": MAX_ISSUED}, code="bad_count")
    return value


@dataclass(frozen=True)
class CountPreview:
    """What closing would write (shown to the counting committee before it closes, without the votes)."""

    accepted: int
    pending: int
    mismatch: int
    valid: int
    invalid: int


def count_preview(election: Election) -> CountPreview:
    """Ballot counts by state and, among the accepted ones, valid and invalid (no votes: §6)."""
    totals = Ballot.objects.filter(election=election).aggregate(
        n_accepted=Count("pk", filter=Q(state=EntryState.ACCEPTED)),
        n_pending=Count("pk", filter=Q(state=EntryState.PENDING)),
        n_mismatch=Count("pk", filter=Q(state=EntryState.MISMATCH)),
        n_valid=Count("pk", filter=Q(state=EntryState.ACCEPTED, valid=True)),
        n_invalid=Count("pk", filter=Q(state=EntryState.ACCEPTED, valid=False)),
    )
    return CountPreview(**{name.removeprefix("n_"): value for name, value in totals.items()})


@transaction.atomic
def count_close(*, actor, election: Election, issued: int, not_returned: int) -> Election:
    """Close the count of ``election``: reconcile the totals, write each candidate's votes and the outcome.

    ``issued``: ballots handed out; ``not_returned``: ballots not put back in the box. The ballots returned are
    the accepted ones. Refused while a ballot is pending or mismatched, or when the totals do not reconcile.
    """
    with acting_as(actor):
        _require_closer(actor, election)
        election = _locked(election)
        require_open_count(election)
        issued = _count_value(issued)
        not_returned = _count_value(not_returned)
        ballots = list(Ballot.objects.select_for_update().filter(election=election).order_by("number"))
        pending = sum(1 for b in ballots if b.state == EntryState.PENDING)
        mismatch = sum(1 for b in ballots if b.state == EntryState.MISMATCH)
        if pending or mismatch:
            raise DomainError(OPEN_BALLOTS % {"pending": pending, "mismatch": mismatch}, code="open_ballots")
        if not ballots:
            raise DomainError(NO_BALLOTS, code="no_ballots")
        candidates = list(
            Candidate.objects.select_for_update()
            .filter(election=election, withdrawn=False)
            .order_by("position", "id")
        )
        if not candidates:
            raise DomainError(NO_CANDIDATES, code="no_candidates")
        ids = [str(c.pk) for c in candidates]
        tally = rules.count_ballots(election.style, ids, election.seats, (ballot_marks(b) for b in ballots))
        problems = rules.reconcile(
            issued=issued,
            returned=tally.returned,
            not_returned=not_returned,
            valid=tally.valid,
            invalid=tally.invalid,
        )
        if rules.ReconcileProblem.ISSUED_MISMATCH in problems:
            raise DomainError(
                ISSUED_MISMATCH
                % {
                    "issued": issued,
                    "returned": tally.returned,
                    "not_returned": not_returned,
                    "sum": tally.returned + not_returned,
                },
                code="issued_mismatch",
            )
        if rules.ReconcileProblem.RETURNED_MISMATCH in problems:  # pragma: no cover - count_ballots adds up
            raise DomainError(
                RETURNED_MISMATCH
                % {"returned": tally.returned, "valid": tally.valid, "invalid": tally.invalid},
                code="returned_mismatch",
            )
        # The base of the majority was fixed when the vote opened (services_elections.election_open).
        summoned = election.summoned or 0
        if summoned < 1:
            raise DomainError(NO_SUMMONED, code="no_summoned")
        present = selectors_congress.present_voters(election.congress)
        if issued > present:
            raise DomainError(
                TOO_MANY_ISSUED % {"issued": issued, "present": present}, code="too_many_issued"
            )
        outcome = rules.election_outcome(summoned=summoned, seats=election.seats, votes=tally.votes)
        elected, tied = set(outcome.elected), set(outcome.tied)
        for candidate in candidates:  # the candidates first: once the election is closed they cannot change
            cid = str(candidate.pk)
            candidate.votes = tally.votes[cid]
            candidate.elected = cid in elected
            candidate.tied = cid in tied
        Candidate.objects.bulk_update(candidates, ["votes", "elected", "tied"])
        election.issued = issued
        election.not_returned = not_returned
        election.summoned = summoned
        election.valid = tally.valid
        election.invalid = tally.invalid
        election.closed_at = timezone.now()
        election.closed_by = actor
        election.counting_committee = committee_record(election.congress)
        election.state = ElectionState.CLOSED
        election.version += 1
        election.save(
            update_fields=[
                "issued",
                "not_returned",
                "summoned",
                "valid",
                "invalid",
                "closed_at",
                "closed_by",
                "counting_committee",
                "state",
                "version",
            ]
        )
        return election


# --- the demo's helper ----------------------------------------------------------------------------------------


def _as_marks(ballot) -> rules.BallotMarks:
    if isinstance(ballot, rules.BallotMarks):
        return ballot
    if isinstance(ballot, Mapping):
        return rules.BallotMarks(
            marks=dict(ballot.get("marks", {})),
            stamped=ballot.get("stamped", True),
            names_added=ballot.get("names_added", False),
        )
    raise TypeError(f"a ballot is a rules.BallotMarks or a dict, not {ballot!r}")


def fill_ballots(*, election: Election, counters: Sequence, ballots: Iterable) -> list[Ballot]:
    """Enter and accept ``ballots`` through :func:`ballot_enter` (for the demo and browser tests).

    ``election``: in state voting, with its style set. ``counters``: users on the congress's counting committee —
    at least two with double entry (the first reads every ballot, the second reads it again), one without.
    ``ballots``: each a :class:`rules.BallotMarks` or a dict ``{"marks": {candidate or id: Mark or its value},
    "stamped": True, "names_added": False}`` (keys optional; unmarked names take the style's unmarked value).
    Numbers follow the election's highest ballot number. Returns the accepted :class:`Ballot` rows in order.
    """
    counters = list(counters)
    double = election.congress.double_entry
    if not counters or (double and len(counters) < 2):
        raise ValueError("fill_ballots needs two counters with double entry, one without")
    readers = counters[:2] if double else counters[:1]
    last = (
        Ballot.objects.filter(election=election).order_by("-number").values_list("number", flat=True).first()
    )
    number = last or 0
    done: list[Ballot] = []
    for ballot in ballots:
        read = _as_marks(ballot)
        number += 1
        entry = None
        for reader in readers:
            entry = ballot_enter(
                actor=reader,
                election=election,
                number=number,
                marks=read.marks,
                stamped=read.stamped,
                names_added=read.names_added,
            )
        assert entry is not None and entry.ballot.state == EntryState.ACCEPTED
        done.append(entry.ballot)
    return done
