"""Writes of a congress's elections (issue 7 §2, §3, §5): the ballots and their seats, the candidate lists
(nominations, the surplus, withdrawals), opening the vote, further rounds, the secretary appointed by the
superior committee, and the elected written to the term's committee positions.

Every service is ``<entity>_<action>(*, actor, ...)``. Who acts:

* before the congress opens (state "preparing"): the cell committee (it prepares the convening list) or the
  presidium once chosen;
* while the congress is in session: its presidium (Đoàn Chủ tịch), scope "congress";
* a closed congress: nobody (its record is final).

Self- and floor-nominations, withdrawals, opening the vote, further rounds and the appointment are decisions of
the congress itself: they need the congress in session. The ballot entry and the closing of a count belong to
the counting part (``services_counting``); a closed election is immutable in the database.

Refusals are :class:`~hoptac.core.errors.DomainError` with a Vietnamese message; the rules themselves are the
pure functions of :mod:`hoptac.congress.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.errors import DomainError
from hoptac.party import services as party_services
from hoptac.party.choices import OFF_ROLL, MemberStatus, Position
from hoptac.party.models import CommitteePosition, PartyMember
from hoptac.party.policies import committee_cells

from . import rules, selectors_congress
from . import selectors_elections as selectors
from .choices import Body, CandidateSource, CongressState, ElectionKind, ElectionState
from .models import Candidate, Congress, Duty, Election
from .services_congress import is_presidium

# --- messages -------------------------------------------------------------------------------------------------

NOT_CONDUCTOR = _(
    "Chỉ Đoàn Chủ tịch đại hội (hoặc chi ủy, trước khi đại hội khai mạc) được thực hiện việc này."
)
NOT_PRESIDIUM = _("Chỉ Đoàn Chủ tịch đại hội được thực hiện việc này khi đại hội đang họp.")
CONGRESS_CLOSED = _("Đại hội đã bế mạc: không thay đổi được cuộc bầu cử.")
NOT_IN_SESSION = _("Việc này do đại hội quyết định: chỉ thực hiện được khi đại hội đang họp.")
WRONG_STATE = _("Cuộc bầu cử đang ở trạng thái “%(state)s”, không thực hiện được việc này.")
NEEDS_DECISION = _("Hãy ghi quyết định của đại hội.")
DECISION_TOO_LONG = _("Quyết định của đại hội tối đa 500 ký tự.")


def _decision(text: str | None, *, required: bool = True) -> str:
    value = " ".join((text or "").split())
    if required and not value:
        raise DomainError(NEEDS_DECISION, code="decision_required")
    if len(value) > 500:
        raise DomainError(DECISION_TOO_LONG, code="decision_too_long")
    return value


# --- who acts -------------------------------------------------------------------------------------------------


def is_cell_committee(actor, congress: Congress) -> bool:
    return actor is not None and congress.cell_id in committee_cells(actor)


def may_conduct(actor, congress: Congress) -> bool:
    """Prepare or run the elections: the presidium; the cell committee before the congress opens."""
    if congress.state == CongressState.CLOSED:
        return False
    if is_presidium(actor, congress):
        return True
    return congress.state == CongressState.PREPARING and is_cell_committee(actor, congress)


def may_decide(actor, congress: Congress) -> bool:
    """Record a decision of the congress: its presidium while it is in session."""
    return congress.state == CongressState.IN_SESSION and is_presidium(actor, congress)


def require_conductor(actor, congress: Congress) -> None:
    if congress.state == CongressState.CLOSED:
        raise DomainError(CONGRESS_CLOSED, code="congress_closed")
    if not may_conduct(actor, congress):
        raise DomainError(NOT_CONDUCTOR, code="not_presidium")


def require_decision_maker(actor, congress: Congress) -> None:
    if congress.state == CongressState.CLOSED:
        raise DomainError(CONGRESS_CLOSED, code="congress_closed")
    if congress.state != CongressState.IN_SESSION:
        raise DomainError(NOT_IN_SESSION, code="not_in_session")
    if not is_presidium(actor, congress):
        raise DomainError(NOT_PRESIDIUM, code="not_presidium")


def _locked(election: Election) -> Election:
    return (
        Election.objects.select_for_update()
        .select_related("congress__cell", "congress__term")
        .get(pk=election.pk)
    )


def _require_state(election: Election, *states: str) -> None:
    if election.state not in states:
        raise DomainError(WRONG_STATE % {"state": election.get_state_display()}, code="wrong_state")


def _require_ballot(election: Election) -> None:
    if election.appointed_by_superior:
        raise DomainError(
            _("Bí thư do cấp ủy cấp trên chỉ định: không tổ chức bầu lần này."), code="appointed_by_superior"
        )


def _save(election: Election, fields: Iterable[str]) -> None:
    election.version += 1
    election.save(update_fields=[*fields, "version"])


# --- the ballots ----------------------------------------------------------------------------------------------

SEATS_COMMITTEE = _("Chi ủy có từ 1 đến %(max)s ủy viên (Quyết định 190-QĐ/TW).")
SEATS_ONE = _("Mỗi cuộc bầu bí thư, phó bí thư bầu đúng 1 người.")
SEATS_POSITIVE = _("Số lượng cần bầu ít nhất là 1.")


def _check_seats(kind: str, seats: int) -> None:
    if kind == ElectionKind.COMMITTEE and not 1 <= seats <= rules.QD_190_COMMITTEE_MAX_SEATS:
        raise DomainError(SEATS_COMMITTEE % {"max": rules.QD_190_COMMITTEE_MAX_SEATS}, code="seats")
    if kind in (ElectionKind.SECRETARY, ElectionKind.DEPUTY_SECRETARY) and seats != 1:
        raise DomainError(SEATS_ONE, code="seats")
    if seats < 1:
        raise DomainError(SEATS_POSITIVE, code="seats")


def election_create(*, actor, congress: Congress, kind: str, seats: int) -> Election:
    """Create the first round of one of the congress's ballots (rules.ballots_to_hold, plus delegates)."""
    require_conductor(actor, congress)
    full_count = selectors.full_members_count(congress)
    if not full_count:
        raise DomainError(
            _("Chi bộ chưa có đảng viên chính thức nào: không có cuộc bầu nào."), code="no_members"
        )
    if kind not in selectors.ballot_kinds(congress, full_count=full_count):
        raise DomainError(
            _("Với %(n)s đảng viên chính thức, chi bộ không tổ chức “%(kind)s”.")
            % {"n": full_count, "kind": dict(ElectionKind.choices).get(kind, kind)},
            code="kind_not_held",
        )
    _check_seats(kind, seats)
    with transaction.atomic():
        Congress.objects.select_for_update().filter(pk=congress.pk).exists()
        if Election.objects.filter(congress=congress, kind=kind).exists():
            raise DomainError(_("Cuộc bầu này đã được tạo."), code="exists")
        election = Election(congress=congress, kind=kind, seats=seats)
        election.full_clean()
        election.save()
    return election


# --- candidates -----------------------------------------------------------------------------------------------

NOT_OF_CELL = _("Đảng viên này không thuộc chi bộ.")
OFF_ROLL_MESSAGE = _("Đảng viên này không còn trong danh sách đảng viên của chi bộ: không ứng cử được.")
SUSPENDED_MESSAGE = _("Đảng viên đang bị đình chỉ sinh hoạt hoặc bị truy tố: không ứng cử được.")
PROBATIONARY_MESSAGE = _("Đảng viên dự bị không được ứng cử, đề cử (Quyết định 190-QĐ/TW).")
COUNTER_MESSAGE = _(
    "Thành viên Ban Kiểm phiếu không được là người ứng cử, đề cử (Quyết định 190-QĐ/TW, Điều 8)."
)
ALREADY_LISTED = _("Đảng viên này đã có trong danh sách của cuộc bầu (kể cả người đã rút).")
NOT_FROM_COMMITTEE = _(
    "Chi bộ có từ 9 đảng viên chính thức trở lên: bí thư, phó bí thư được bầu trong số chi ủy viên vừa trúng "
    "cử. Đồng chí này chưa trúng cử chi ủy tại đại hội."
)
ALREADY_SECRETARY = _("Đồng chí này đã trúng cử bí thư tại đại hội.")
ALREADY_DEPUTY = _("Đồng chí này đã trúng cử phó bí thư tại đại hội.")
NOMINATION_REFUSED = _(
    "Chỉ %(approvals)s/%(present)s đại biểu có mặt tán thành: người tự ứng cử hoặc được đề cử tại đại hội phải "
    "được trên 30%% số có mặt tán thành mới có tên trong danh sách (Quyết định 190-QĐ/TW)."
)
APPROVALS_ABOVE_PRESENT = _("Số tán thành không được lớn hơn số có mặt.")
PRESENT_POSITIVE = _("Hãy ghi số đại biểu có mặt khi biểu quyết (ít nhất 1).")
SURPLUS_NEEDS_DECISION = _(
    "Danh sách có %(candidates)s người cho %(seats)s chỗ: số dư %(surplus)s vượt mức 30%% (tối đa %(max)s). "
    "Chỉ tiếp tục khi đại hội đã biểu quyết chấp thuận — hãy ghi quyết định của đại hội."
)
SHORT_LIST_NEEDS_DECISION = _(
    "Danh sách chỉ có %(candidates)s người cho %(seats)s chỗ. Chỉ bầu khi đại hội đã quyết định — hãy ghi "
    "quyết định của đại hội."
)
TIE_ROUND_FIXED = _("Lần bầu này chỉ gồm những người bằng phiếu ở lần trước: không bổ sung được người.")
CANDIDATES_REFUSED = _("Có người trong danh sách không còn ứng cử được — hãy cho rút tên trước: %(problems)s")
NOBODY_PRESENT = _(
    "Chưa có đảng viên chính thức nào được điểm danh có mặt: hãy điểm danh trước khi biểu quyết giới thiệu."
)
APPROVALS_NOT_A_NUMBER = _("Số tán thành phải là một số nguyên không âm.")


def _refuse_ineligible(election: Election, members: Iterable[PartyMember]) -> None:
    """Re-check every name (its status, the counting committee, the committee path, the other post may have
    changed since it was listed) and refuse with each name and its reason."""
    problems = []
    for member in sorted(members, key=lambda m: (m.name_sort, m.pk)):
        refusal = candidate_refusal(election, member, check_listed=False)
        if refusal is not None:
            problems.append(f"{member.full_name} ({refusal.message})")
    if problems:
        raise DomainError(CANDIDATES_REFUSED % {"problems": "; ".join(problems)}, code="candidates_refused")


def candidate_refusal(
    election: Election, member: PartyMember, *, check_listed: bool = True
) -> DomainError | None:
    """Why ``member`` cannot stand in ``election`` (None when they can). ``check_listed=False`` re-checks a name
    already on the list (when the vote opens, when a further round is made)."""
    congress = election.congress
    if member.cell_id != congress.cell_id:
        return DomainError(NOT_OF_CELL, code="other_cell")
    if member.status in OFF_ROLL:
        return DomainError(OFF_ROLL_MESSAGE, code="off_roll")
    if member.status == MemberStatus.SUSPENDED:
        return DomainError(SUSPENDED_MESSAGE, code="suspended")
    if member.full_member_on is None or member.full_member_on > congress.held_on:
        return DomainError(PROBATIONARY_MESSAGE, code="probationary")
    if Duty.objects.filter(congress=congress, body=Body.COUNTING, member=member).exists():
        return DomainError(COUNTER_MESSAGE, code="counter")
    if check_listed and Candidate.objects.filter(election=election, member=member).exists():
        return DomainError(ALREADY_LISTED, code="listed")
    if election.kind in (ElectionKind.SECRETARY, ElectionKind.DEPUTY_SECRETARY):
        if selectors.committee_path(congress) and member.pk not in selectors.elected_committee_members(
            congress
        ):
            return DomainError(NOT_FROM_COMMITTEE, code="not_committee_member")
        other = (
            ElectionKind.SECRETARY
            if election.kind == ElectionKind.DEPUTY_SECRETARY
            else ElectionKind.DEPUTY_SECRETARY
        )
        if member.pk in selectors.elected_to(congress, other):
            message = ALREADY_SECRETARY if other == ElectionKind.SECRETARY else ALREADY_DEPUTY
            return DomainError(message, code="already_elected")
    return None


def _active(election: Election) -> list[Candidate]:
    return list(Candidate.objects.filter(election=election, withdrawn=False).select_related("member"))


def _renumber(election: Election, ordering: str = selectors.ORDER_GIVEN) -> None:
    """Write each name's position on the ballot (1, 2 …) in the chosen order; withdrawn names get 0."""
    rows = list(Candidate.objects.filter(election=election).select_related("member"))
    active = selectors.in_ballot_order([c for c in rows if not c.withdrawn], ordering)
    wanted = {c.pk: i for i, c in enumerate(active, start=1)}
    changed = []
    for c in rows:
        position = wanted.get(c.pk, 0)
        if c.position != position:
            c.position = position
            changed.append(c)
    for c in changed:
        c.save(update_fields=["position"])


def surplus_problem(seats: int, count: int) -> str | None:
    """ "surplus" when the list's surplus is above 30% of the seats, "short" when fewer names than seats."""
    if count and not rules.surplus_ok(seats, count):
        return "surplus"
    if count < seats:
        return "short"
    return None


def _surplus_error(election: Election, count: int) -> DomainError:
    if surplus_problem(election.seats, count) == "surplus":
        return DomainError(
            SURPLUS_NEEDS_DECISION
            % {
                "candidates": count,
                "seats": election.seats,
                "surplus": count - election.seats,
                "max": rules.max_surplus(election.seats),
            },
            code="surplus_needs_decision",
        )
    return DomainError(
        SHORT_LIST_NEEDS_DECISION % {"candidates": count, "seats": election.seats},
        code="short_list_needs_decision",
    )


def candidate_nominate(
    *,
    actor,
    election: Election,
    member: PartyMember,
    source: str,
    approvals: int | None = None,
    list_decision: str = "",
) -> Candidate:
    """Put a member on the list. ``convening``: named by the convening committee (before or at the congress);
    ``self`` / ``floor``: at the congress, only with more than 30% of those present approving (``approvals`` of
    the full members marked present at the roll call, recorded on the candidate as ``present``). A list whose surplus goes above 30% of the seats needs the congress's decision
    (``list_decision``, kept on the election) — the screen warns first, never silently."""
    if source not in CandidateSource.values:
        raise DomainError(_("Hãy chọn nguồn giới thiệu."), code="source")
    if source != CandidateSource.CONVENING and (
        isinstance(approvals, bool) or not isinstance(approvals, int) or approvals < 0
    ):
        raise DomainError(APPROVALS_NOT_A_NUMBER, code="approvals")
    decision = _decision(list_decision, required=False)
    with transaction.atomic():
        # The congress row first (as body_approve takes it): nominations and the counting committee serialise.
        Congress.objects.select_for_update(of=("self",)).filter(pk=election.congress_id).exists()
        election = _locked(election)
        congress = election.congress
        present = None
        if source == CandidateSource.CONVENING:
            require_conductor(actor, congress)
            approvals = None
        else:
            require_decision_maker(actor, congress)
            # Those present are the full members marked present at the roll call, never a typed number.
            present = selectors_congress.present_voters(congress)
            if present < 1:
                raise DomainError(NOBODY_PRESENT, code="present")
            if approvals > present:
                raise DomainError(APPROVALS_ABOVE_PRESENT, code="approvals")
            if not rules.nomination_approved(approvals, present):
                raise DomainError(
                    NOMINATION_REFUSED % {"approvals": approvals, "present": present}, code="not_approved"
                )
        _require_state(election, ElectionState.NOMINATING)
        _require_ballot(election)
        if selectors.is_tie_round(election):
            raise DomainError(TIE_ROUND_FIXED, code="tie_round")
        refusal = candidate_refusal(election, member)
        if refusal is not None:
            raise refusal
        count = len(_active(election)) + 1
        if not rules.surplus_ok(election.seats, count):
            decision = decision or election.list_decision
            if not decision:
                raise _surplus_error(election, count)
            if election.list_decision != decision:
                election.list_decision = decision
                _save(election, ["list_decision"])
        candidate = Candidate(
            election=election, member=member, source=source, approvals=approvals, present=present
        )
        candidate.full_clean()
        candidate.save()
        _renumber(election)
    return candidate


def candidate_withdraw(*, actor, candidate: Candidate, decision: str) -> Candidate:
    """Take a name off the list with the congress's decision (the name stays recorded, off the ballot)."""
    decision = _decision(decision)
    with transaction.atomic():
        election = _locked(candidate.election)
        congress = election.congress
        # Before the congress opens, the convening committee may still change its own list.
        if congress.state == CongressState.PREPARING:
            require_conductor(actor, congress)
        else:
            require_decision_maker(actor, congress)
        _require_state(election, ElectionState.NOMINATING)
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, election=election)
        if candidate.withdrawn:
            raise DomainError(_("Người này đã rút khỏi danh sách."), code="withdrawn")
        candidate.withdrawn = True
        candidate.withdrawal_decision = decision
        candidate.full_clean()
        candidate.save(update_fields=["withdrawn", "withdrawal_decision"])
        _renumber(election)
    return candidate


# --- opening the vote -----------------------------------------------------------------------------------------


def election_open(
    *, actor, election: Election, ordering: str = selectors.ORDER_GIVEN, list_decision: str = ""
) -> Election:
    """Freeze the list and open the vote: every name is checked again (candidate_refusal), the names' positions
    are written in the chosen order (by default the given name, then the family name), the ballot style follows
    the list (rules.ballot_style), the members summoned are recorded (the base of the majority, fixed from now
    on), and the counting committee can issue the ballots."""
    if ordering not in dict(selectors.BALLOT_ORDERS):
        raise DomainError(_("Hãy chọn cách sắp xếp tên trên phiếu."), code="ordering")
    decision = _decision(list_decision, required=False)
    with transaction.atomic():
        election = _locked(election)
        require_decision_maker(actor, election.congress)
        _require_state(election, ElectionState.NOMINATING)
        _require_ballot(election)
        active = _active(election)
        if not active:
            raise DomainError(_("Danh sách bầu cử chưa có ai."), code="empty_list")
        # Each ballot in turn (Quyết định 190-QĐ/TW: "each in a separate ballot"): a name elected in one ballot is
        # then checked before the next opens (the secretary cannot also be elected deputy).
        voting = Election.objects.filter(
            congress_id=election.congress_id, state=ElectionState.VOTING
        ).exclude(pk=election.pk)
        if voting.exists():
            raise DomainError(
                _(
                    "Đang bỏ phiếu %(name)s: hãy kết thúc kiểm phiếu cuộc bầu đó trước khi mở cuộc bầu tiếp theo."
                )
                % {"name": voting.first()},
                code="another_voting",
            )
        _refuse_ineligible(election, [c.member for c in active])
        fields = ["style", "state", "voting_opened_at", "summoned"]
        if surplus_problem(election.seats, len(active)):
            decision = decision or election.list_decision
            if not decision:
                raise _surplus_error(election, len(active))
            if decision != election.list_decision:
                election.list_decision = decision
                fields.append("list_decision")
        _renumber(election, ordering)
        election.style = str(rules.ballot_style(election.seats, len(active)))
        election.state = ElectionState.VOTING
        election.voting_opened_at = timezone.now()
        # The base of the majority is fixed for this election from now on (the roll call waits for the count).
        election.summoned = selectors_congress.summoned_count(election.congress)
        _save(election, fields)
    return election


# --- after the count: further rounds, the appointment, the positions -------------------------------------------


def _closed_results(election: Election) -> selectors.Results:
    _require_state(election, ElectionState.CLOSED)
    results = selectors.election_results(election)
    assert results is not None
    return results


def election_next_round(*, actor, election: Election, decision: str) -> Election:
    """Hold a further round for the seats left, with the congress's decision: after a tie at the cut-off among
    the tied only; when too few passed, among the candidates not elected (rules.next_round_candidates). For the
    secretary, after the third round the superior committee appoints instead (:func:`election_appoint_by_superior`)."""
    decision = _decision(decision)
    with transaction.atomic():
        election = _locked(election)
        require_decision_maker(actor, election.congress)
        results = _closed_results(election)
        if results.seats_left == 0:
            raise DomainError(_("Đã bầu đủ số lượng: không cần bầu thêm."), code="no_seats_left")
        if results.next_round is not None:
            raise DomainError(_("Lần bầu tiếp theo đã được tạo."), code="exists")
        if results.appointment_due:
            raise DomainError(
                _(
                    "Đã bầu %(rounds)s lần mà chưa bầu được bí thư: cấp ủy cấp trên chỉ định bí thư (Quyết định "
                    "190-QĐ/TW), không bầu tiếp."
                )
                % {"rounds": election.round},
                code="appointment_due",
            )
        following = Election(
            congress=election.congress,
            kind=election.kind,
            round=election.round + 1,
            previous=election,
            seats=results.seats_left,
            list_decision=decision,
        )
        _refuse_ineligible(following, [c.member for c in results.next_candidates])
        following.full_clean()
        following.save()
        Candidate.objects.bulk_create(
            Candidate(
                election=following,
                member_id=c.member_id,
                source=c.source,
                approvals=c.approvals,
                present=c.present,
            )
            for c in results.next_candidates
        )
        _renumber(following)
    return following


def election_appoint_by_superior(*, actor, election: Election, decision: str) -> Election:
    """Record that, the secretary not elected after the third round, the superior committee appoints one.

    A closed election cannot change (the database refuses it), so the record is the next row of the ballot:
    ``appointed_by_superior`` set, the decision in ``list_decision``, no candidates, never opened."""
    decision = _decision(decision)
    with transaction.atomic():
        election = _locked(election)
        require_decision_maker(actor, election.congress)
        results = _closed_results(election)
        if not results.appointment_due:
            raise DomainError(
                _("Chỉ ghi nhận cấp trên chỉ định khi sau ba lần bầu vẫn chưa bầu được bí thư."),
                code="appointment_not_due",
            )
        if results.next_round is not None:
            raise DomainError(_("Đã ghi nhận."), code="exists")
        record = Election(
            congress=election.congress,
            kind=election.kind,
            round=election.round + 1,
            previous=election,
            seats=election.seats,
            appointed_by_superior=True,
            list_decision=decision,
        )
        record.full_clean()
        record.save()
    return record


def election_apply_results(*, actor, election: Election) -> list[CommitteePosition]:
    """Write the elected of a closed election to the positions of the congress's term (party module):
    committee → committee member; secretary → secretary; deputy → deputy secretary. A committee member elected
    secretary or deputy (the path of 9 members or more) has the committee-member position ended the same day and
    the new one started (one open position per member and term). Already recorded positions are skipped, so
    the action can be repeated. Delegates hold no committee position.

    The presidium triggers it while the congress is in session (the cell committee afterwards); the positions
    are written through :func:`hoptac.party.services.position_assign`, which requires the actor to sit on the
    cell committee as well."""
    with transaction.atomic():
        election = _locked(election)
        congress = election.congress
        if not (may_decide(actor, congress) or is_cell_committee(actor, congress)):
            raise DomainError(NOT_PRESIDIUM, code="not_presidium")
        _require_state(election, ElectionState.CLOSED)
        if election.kind not in selectors.POSITION_OF:
            raise DomainError(
                _("Đại biểu dự đại hội cấp trên không giữ chức vụ trong chi ủy: không có gì để ghi."),
                code="no_position",
            )
        pending = selectors.results_pending(election)
        if not pending:
            raise DomainError(_("Kết quả bầu cử đã được ghi vào chi ủy nhiệm kỳ."), code="already_applied")
        target = selectors.POSITION_OF[ElectionKind(election.kind)]
        day = selectors.position_day(election)
        text = (
            _("Trúng cử tại %(congress)s — %(election)s")
            % {"congress": congress.title, "election": str(election)}
        )[:200]
        written = []
        for candidate in sorted(pending, key=lambda c: (-(c.votes or 0), c.position)):
            held = (
                CommitteePosition.objects.select_for_update()
                .filter(term_id=congress.term_id, member_id=candidate.member_id, ends_on__isnull=True)
                .first()
            )
            if held is not None:
                if held.position != Position.COMMITTEE_MEMBER:
                    raise DomainError(
                        _("Đồng chí %(name)s đang giữ chức vụ %(position)s của nhiệm kỳ này.")
                        % {"name": candidate.member.full_name, "position": held.get_position_display()},
                        code="holds_position",
                    )
                party_services.position_end(actor=actor, position=held, ends_on=max(day, held.starts_on))
            written.append(
                party_services.position_assign(
                    actor=actor,
                    term=congress.term,
                    member=candidate.member,
                    position=target,
                    starts_on=max(day, held.starts_on) if held is not None else day,
                    decision=text,
                )
            )
    return written
