"""Reads of the count, for the congress's counting committee only (ballots and entries are theirs: policies.py).

The entry screen shows how many ballots are entered, pending, mismatched and accepted (and, of the accepted, how
many are valid or invalid), each ballot's state, the mismatches with both readings side by side, and the journal
of entries with who and when — never a running total of votes (issue 7 §6: results only once the count closes).
A reading still waiting for its second reader is not shown to anyone, so the second reading stays independent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.core.permissions import VIEW, restrict

from . import rules
from .choices import ElectionState, EntryState
from .models import Ballot, BallotEntry, Candidate, Election
from .services_counting import CountPreview, count_preview, counting_head

MARK_LABELS = {
    rules.Mark.KEPT: _("Để nguyên"),
    rules.Mark.STRUCK: _("Gạch tên"),
    rules.Mark.AGREE: _("Đồng ý"),
    rules.Mark.DISAGREE: _("Không đồng ý"),
    rules.Mark.BOTH: _("Đánh cả hai ô"),
    rules.Mark.NEITHER: _("Để trống"),
}
INVALID_REASON_LABELS = {
    rules.InvalidReason.UNSTAMPED: _("Không có dấu của Ban Kiểm phiếu"),
    rules.InvalidReason.NAMES_ADDED: _("Ghi thêm tên người ngoài danh sách"),
    rules.InvalidReason.TOO_MANY: _("Bầu quá số lượng cần bầu"),
    rules.InvalidReason.NONE_KEPT: _("Gạch hết tên trong danh sách"),
}
JOURNAL_ON_SCREEN = 15


def counter_congresses(user) -> set[int]:
    return user.scope_ids(roles.CONGRESS_COUNTER)


def counting_elections(*, user, cell):
    """The elections the user counts (on the counting committee of their congress), being voted on or closed."""
    congresses = counter_congresses(user)
    return (
        restrict(Election.objects.filter(congress__cell=cell, congress_id__in=congresses), user, VIEW)
        .filter(state__in=[ElectionState.VOTING, ElectionState.CLOSED])
        .select_related("congress")
        .order_by("-congress__held_on", "congress_id", "id")
    )


def election_get(*, user, cell, pk: int) -> Election:
    """One election of the cell whose count the user may work on; 404 for anyone off its counting committee."""
    congresses = counter_congresses(user)
    found = (
        restrict(Election.objects.filter(congress__cell=cell, congress_id__in=congresses), user, VIEW)
        .select_related("congress", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def candidates(election: Election, user) -> list[Candidate]:
    """The names on the ballot, in ballot order."""
    return list(
        restrict(Candidate.objects.filter(election=election, withdrawn=False), user, VIEW)
        .select_related("member")
        .order_by("position", "id")
    )


def _ballots(election: Election, user):
    entries = restrict(BallotEntry.objects.select_related("entered_by"), user, VIEW).order_by("reading")
    return restrict(Ballot.objects.filter(election=election), user, VIEW).prefetch_related(
        Prefetch("entries", queryset=entries)
    )


@dataclass
class MarkRow:
    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


@dataclass
class Comparison:
    """The latest two readings of a ballot side by side (a mismatch, or how an accepted ballot was read)."""

    ballot: Ballot
    left: BallotEntry
    right: BallotEntry
    rows: list[MarkRow] = field(default_factory=list)


def yes_no(value: bool) -> str:
    return str(_("Có") if value else _("Không"))


def mark_label(style: str, marks: dict, candidate_id: int) -> str:
    mark = marks.get(str(candidate_id), rules.UNMARKED[rules.BallotStyle(style)])
    return str(MARK_LABELS[rules.Mark(mark)])


def compare(election: Election, ballot: Ballot, names: list[Candidate]) -> Comparison | None:
    """Side by side: the latest two readings of ``ballot`` (its entries prefetched), a row per item read."""
    entries = list(ballot.entries.all())
    if len(entries) < 2:
        return None
    left, right = entries[-2], entries[-1]
    rows = [
        MarkRow(str(_("Có dấu của Ban Kiểm phiếu")), yes_no(left.stamped), yes_no(right.stamped)),
        MarkRow(str(_("Có ghi thêm tên")), yes_no(left.names_added), yes_no(right.names_added)),
    ]
    for index, candidate in enumerate(names, start=1):
        rows.append(
            MarkRow(
                f"{index}. {candidate.member.full_name}",
                mark_label(election.style, left.marks, candidate.pk),
                mark_label(election.style, right.marks, candidate.pk),
            )
        )
    return Comparison(ballot=ballot, left=left, right=right, rows=rows)


def next_number(ballots: list[Ballot], user) -> int:
    """The number to prefill: after the ballot the user last read; on a first reading, the lowest ballot waiting
    for a second reader other than the user; else after the highest ballot entered."""
    mine = [e for b in ballots for e in b.entries.all() if e.entered_by_id == user.pk]
    if mine:
        last = max(mine, key=lambda e: (e.entered_at, e.pk))
        return min(last.ballot.number + 1, 9999)
    waiting = [
        b.number
        for b in ballots
        if b.state == EntryState.PENDING
        and list(b.entries.all())
        and b.entries.all()[0].entered_by_id != user.pk
    ]
    if waiting:
        return min(waiting)
    return max((b.number for b in ballots), default=0) + 1


@dataclass
class Screen:
    election: Election
    candidates: list[Candidate]
    ballots: list[Ballot]
    preview: CountPreview
    mismatches: list[Comparison]
    journal: list[BallotEntry]
    next_number: int
    head: object = None


def screen(*, election: Election, user) -> Screen:
    """Everything the entry screen shows, in a constant number of queries whatever the number of ballots."""
    names = candidates(election, user)
    ballots = list(_ballots(election, user).order_by("-number"))
    for ballot in ballots:
        for entry in ballot.entries.all():
            entry.ballot = ballot  # no query per entry for its ballot's number
        ballot.reason_label = INVALID_REASON_LABELS.get(ballot.invalid_reason, "")
        ballot.readers = [e.entered_by for e in ballot.entries.all()]
    mismatches = [
        comparison
        for ballot in sorted(ballots, key=lambda b: b.number)
        if ballot.state == EntryState.MISMATCH and (comparison := compare(election, ballot, names))
    ]
    journal = sorted(
        (e for b in ballots for e in b.entries.all()), key=lambda e: (e.entered_at, e.pk), reverse=True
    )[:JOURNAL_ON_SCREEN]
    return Screen(
        election=election,
        candidates=names,
        ballots=ballots,
        preview=count_preview(election),
        mismatches=mismatches,
        journal=journal,
        next_number=next_number(ballots, user),
        head=counting_head(election.congress_id),
    )


def ballot_get(*, election: Election, user, number: int) -> Ballot:
    found = _ballots(election, user).filter(number=number).first()
    if found is None:
        raise Http404
    found.reason_label = INVALID_REASON_LABELS.get(found.invalid_reason, "")
    return found


def journal(*, election: Election, user):
    """Every reading of the election's ballots, newest first (who, when, which ballot, which reading)."""
    return (
        restrict(BallotEntry.objects.filter(ballot__election=election), user, VIEW)
        .select_related("ballot", "entered_by")
        .order_by("-entered_at", "-id")
    )


def results(election: Election, user) -> list[Candidate]:
    """Each candidate's votes once the count is closed (§6: never before); empty while counting."""
    if election.state != ElectionState.CLOSED:
        return []
    return sorted(candidates(election, user), key=lambda c: (-(c.votes or 0), c.position, c.pk))
