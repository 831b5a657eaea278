"""Writes of a congress and its preparation: the congress itself, its documents (versions), the summoned members
and the roll call, opening and closing, the service bodies approved by show of hands (with the duties and the
congress-scoped roles they give), and the adopted resolution with its term targets.

Every service is ``<entity>_<action>(*, actor, ...)``. Who may act:

* Before the congress opens, the cell committee prepares it (:func:`~hoptac.party.services.require_committee`).
* Once it sits, the committee or the congress's presidium runs it (:func:`require_manager`).
* A closed congress is frozen: every write is refused.

Refusals are :class:`~hoptac.core.errors.DomainError` (Vietnamese message); input a field can show is a
``ValidationError`` on that field, so the views put it where it belongs and nothing typed is lost.

Duties and roles (decision of this part): approving a body grants each member with a log-in the matching role
scoped to this congress (congress_presidium, congress_secretariat, congress_counter); removing a duty, or
re-approving the body without the member, revokes it. Closing the congress keeps the roles: the counting
committee still reads its minutes and ballots afterwards; every write is refused by the closed state anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.accounts.models import Role, RoleAssignment
from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current
from hoptac.party.choices import Level, MemberStatus, TargetComparison, TargetMode, TargetSource
from hoptac.party.models import MemberStatusPeriod, PartyCell, PartyMember, Term, TermTarget
from hoptac.party.policies import committee_cells
from hoptac.party.services import require_committee

from . import summoning
from .choices import (
    Attendance,
    Body,
    CongressState,
    DocumentKind,
    ElectionState,
    SummonsStatus,
)
from .models import BodyVote, Candidate, Congress, CongressDocument, Duty, Election, Summons
from .selectors_congress import (
    current_committee,
    eligible_members,
    present_voters,
    summoned_count,
)
from .selectors_elections import POSITION_OF, election_results, full_members_count, results_pending

# --- messages -------------------------------------------------------------------------------------------------

WRONG_STATE = _("Đại hội đang ở trạng thái “%(state)s”, không thực hiện được việc này.")
NOT_MANAGER = _("Chỉ chi ủy hoặc Đoàn Chủ tịch đại hội mới được thực hiện việc này.")
NOT_OF_CELL = _("Đảng viên này không thuộc chi bộ.")
TOO_LONG = _("Tối đa %(limit)s ký tự (hiện có %(count)s).")
REQUIRED = _("Hãy nhập thông tin này.")
NOT_A_COUNT = _("Hãy nhập một số nguyên không âm.")
VOTES_OVER_PRESENT = _("Tổng số biểu quyết (%(total)s) vượt số đảng viên chính thức có mặt (%(present)s).")
NOT_MAJORITY = _(
    "Chưa được thông qua: %(votes)s tán thành chưa quá một nửa số đảng viên chính thức có mặt (%(present)s); "
    "cần ít nhất %(needed)s."
)
NOBODY_PRESENT = _(
    "Chưa có đảng viên chính thức nào được điểm danh có mặt: hãy điểm danh trước khi biểu quyết."
)

ROLE_OF_BODY = {
    Body.PRESIDIUM: roles.CONGRESS_PRESIDIUM,
    Body.SECRETARIAT: roles.CONGRESS_SECRETARIAT,
    Body.COUNTING: roles.CONGRESS_COUNTER,
}
OPEN_ELECTIONS = (ElectionState.NOMINATING, ElectionState.VOTING)
MAX_VOTES = 9999


# --- who may act ----------------------------------------------------------------------------------------------


def is_presidium(user, congress: Congress) -> bool:
    return user is not None and congress.pk in user.scope_ids(roles.CONGRESS_PRESIDIUM)


def may_manage(user, congress: Congress) -> bool:
    """The cell committee, or the presidium of this congress."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return congress.cell_id in committee_cells(user) or is_presidium(user, congress)


def require_manager(actor, congress: Congress) -> None:
    if not may_manage(actor, congress):
        raise DomainError(NOT_MANAGER, code="not_manager")


def _require_state(congress: Congress, *states: str) -> None:
    if congress.state not in states:
        raise DomainError(WRONG_STATE % {"state": congress.get_state_display()}, code="wrong_state")


def _locked(congress: Congress) -> Congress:
    return Congress.objects.select_for_update(of=("self",)).select_related("cell", "term").get(pk=congress.pk)


# --- input checks (the forms check the same; a service called directly must not trust its caller) -------------


def _text(value, field: str, limit: int, *, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: [_("Giá trị không hợp lệ.")]})
    value = value.strip()
    if required and not value:
        raise ValidationError({field: [REQUIRED]})
    if len(value) > limit:
        raise ValidationError({field: [TOO_LONG % {"limit": limit, "count": len(value)}]})
    return value


def _count(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > MAX_VOTES:
        raise ValidationError({field: [NOT_A_COUNT]})
    return value


def _day(value, field: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: [_("Hãy nhập ngày theo dạng dd/mm/yyyy.")]})
    return value


def _flag(value, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError({field: [_("Giá trị không hợp lệ.")]})
    return value


def _show_of_hands(congress: Congress, votes_for: int, others: Iterable[int]) -> None:
    """For must be more than half of the full members present; every hand counted once at most."""
    present = present_voters(congress)
    if present == 0:
        raise DomainError(NOBODY_PRESENT, code="nobody_present")
    total = votes_for + sum(others)
    if total > present:
        raise DomainError(
            VOTES_OVER_PRESENT % {"total": total, "present": present}, code="votes_over_present"
        )
    if votes_for * 2 <= present:
        raise DomainError(
            NOT_MAJORITY % {"votes": votes_for, "present": present, "needed": present // 2 + 1},
            code="not_majority",
        )


def _convening(cell_id: int, members: Iterable[PartyMember]) -> list[PartyMember]:
    members = list(members)
    ids = {m.pk for m in members}
    if not ids:
        raise ValidationError({"convening": [_("Hãy chọn ít nhất một đồng chí của chi ủy triệu tập.")]})
    found = set(eligible_members(cell_id).filter(pk__in=ids).values_list("pk", flat=True))
    if found != ids:
        raise ValidationError(
            {"convening": [_("Chi ủy triệu tập chỉ gồm đảng viên chính thức đang sinh hoạt tại chi bộ.")]}
        )
    return members


# --- the congress ---------------------------------------------------------------------------------------------


def congress_create(
    *,
    actor,
    cell: PartyCell,
    title: str,
    held_on: date,
    place: str,
    term: Term | None = None,
    term_name: str = "",
    term_starts_on: date | None = None,
    convening: Iterable[PartyMember] | None = None,
    double_entry: bool = True,
    deputy_needed: bool = True,
) -> Congress:
    """The committee calls a congress for ``term`` (an existing term of the cell without a congress) or for a
    new term named ``term_name`` starting ``term_starts_on``. ``convening`` defaults to the current committee."""
    require_committee(actor, cell)
    title = _text(title, "title", 255)
    place = _text(place, "place", 200)
    held_on = _day(held_on, "held_on")
    double_entry = _flag(double_entry, "double_entry")
    deputy_needed = _flag(deputy_needed, "deputy_needed")
    if convening is None:
        convening = current_committee(cell)
    members = _convening(cell.pk, convening)
    with transaction.atomic(), acting_as(actor):
        if term is not None:
            term = Term.objects.select_for_update().get(pk=term.pk)
            if term.cell_id != cell.pk:
                raise DomainError(_("Nhiệm kỳ này không thuộc chi bộ."), code="other_cell")
            if Congress.objects.filter(term=term).exists():
                raise ValidationError({"term": [_("Nhiệm kỳ này đã có đại hội.")]})
        else:
            name = _text(term_name, "term_name", 50)
            starts_on = _day(term_starts_on, "term_starts_on")
            if Term.objects.filter(cell=cell, name=name).exists():
                raise ValidationError(
                    {
                        "term_name": [
                            _("Chi bộ đã có nhiệm kỳ “%(name)s”: hãy chọn nhiệm kỳ đó.") % {"name": name}
                        ]
                    }
                )
            term = Term(cell=cell, name=name, starts_on=starts_on)
            term.full_clean()
            term.save()
        congress = Congress(
            cell=cell,
            term=term,
            title=title,
            held_on=held_on,
            place=place,
            double_entry=double_entry,
            deputy_needed=deputy_needed,
            created_by=actor,
        )
        congress.full_clean()
        congress.save()
        congress.convening_committee.set(members)
    return congress


def congress_update(
    *,
    actor,
    congress: Congress,
    version: int,
    title: str,
    held_on: date,
    place: str,
    convening: Iterable[PartyMember],
    double_entry: bool,
    deputy_needed: bool,
) -> Congress:
    """Change the congress while it is being prepared (the term stays)."""
    require_committee(actor, congress.cell_id)
    title = _text(title, "title", 255)
    place = _text(place, "place", 200)
    held_on = _day(held_on, "held_on")
    double_entry = _flag(double_entry, "double_entry")
    deputy_needed = _flag(deputy_needed, "deputy_needed")
    members = _convening(congress.cell_id, convening)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.PREPARING)
        current.title, current.held_on, current.place = title, held_on, place
        current.double_entry, current.deputy_needed = double_entry, deputy_needed
        current.full_clean()
        save_if_current(current, version, ["title", "held_on", "place", "double_entry", "deputy_needed"])
        current.convening_committee.set(members)
    return current


# --- documents ------------------------------------------------------------------------------------------------


def document_upload(
    *, actor, congress: Congress, kind: str, file: UploadedFile, title: str = "", note: str = ""
) -> CongressDocument:
    """A new version of one kind of congress document (version n + 1, with its change note). The file is
    checked by its content (a renamed executable is refused), as every upload of hoptac."""
    from hoptac.support.attachments import check_file, sanitize_filename

    require_committee(actor, congress.cell_id)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Hãy chọn loại tài liệu trong danh sách.")]})
    title = _text(title, "title", 255, required=False) or str(DocumentKind(kind).label)
    note = _text(note, "note", 500, required=False)
    if file is None:
        raise ValidationError({"file": [_("Hãy chọn tệp.")]})
    extension, _content_type = check_file(file)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.PREPARING, CongressState.IN_SESSION)
        last = CongressDocument.objects.filter(congress=current, kind=kind).aggregate(n=Max("version"))["n"]
        document = CongressDocument(
            congress=current,
            kind=kind,
            version=(last or 0) + 1,
            title=title,
            note=note,
            uploaded_by=actor,
        )
        file.seek(0)
        document.file.save(sanitize_filename(file.name, extension), file, save=False)
        try:
            document.full_clean()
            document.save()
        except BaseException:
            document.file.storage.delete(document.file.name)
            raise
    return document


# --- the summoned members and the roll call -------------------------------------------------------------------


def _status_on(member: PartyMember, day: date) -> tuple[str, date | None, str]:
    """(status, since, document) of ``member`` on ``day``, from the status periods (prefetched as
    ``periods_on_day``); without a period covering the day, the member's status when it began by then, else
    active (no record of anything else)."""
    periods = getattr(member, "periods_on_day", None) or []
    if periods:
        period = periods[0]
        return period.status, period.starts_on, period.document
    if member.status_since and member.status_since > day:
        return MemberStatus.ACTIVE, None, ""
    return member.status, member.status_since, ""


def _draw(congress: Congress) -> None:
    """(Re)compute every line from the members' statuses on the congress date and the attendance recorded."""
    day = congress.held_on
    lines = {s.member_id: s for s in Summons.objects.select_for_update().filter(congress=congress)}
    periods = MemberStatusPeriod.objects.filter(starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    members = PartyMember.objects.filter(cell_id=congress.cell_id, admitted_on__lte=day).prefetch_related(
        Prefetch("status_periods", queryset=periods.order_by("-starts_on", "-id"), to_attr="periods_on_day")
    )
    keep, new, changed = set(), [], []
    for member in members:
        status, since, document = _status_on(member, day)
        full = member.full_member_on is not None and member.full_member_on <= day
        line = lines.get(member.pk)
        attendance = line.attendance if line else ""
        decided = summoning.decide(status, full_member=full, attendance=attendance)
        if decided is None:
            continue
        reason = summoning.describe(
            decided,
            member_status=status,
            since=since,
            document=document,
            admitted_on=member.admitted_on,
            absence_reason=line.absence_reason if line else "",
        )[:255]
        keep.add(member.pk)
        if line is None:
            new.append(Summons(congress=congress, member=member, status=decided, reason=reason))
        elif (line.status, line.reason) != (decided, reason):
            line.status, line.reason = decided, reason
            changed.append(line)
    gone = [pk for member_id, line in lines.items() if member_id not in keep for pk in [line.pk]]
    if gone:
        Summons.objects.filter(pk__in=gone).delete()
    if new:
        Summons.objects.bulk_create(new)
    if changed:
        Summons.objects.bulk_update(changed, ["status", "reason"])


def _roll_fixed(congress: Congress) -> None:
    """While a vote is open its base (the members summoned, recorded when it opened) must stay what it was."""
    voting = list(Election.objects.filter(congress=congress, state=ElectionState.VOTING))
    if voting:
        raise DomainError(
            _(
                "Đang bỏ phiếu, kiểm phiếu %(names)s: không thay đổi danh sách triệu tập, điểm danh cho đến khi "
                "kết thúc kiểm phiếu."
            )
            % {"names": ", ".join(f"“{e}”" for e in voting)},
            code="voting",
        )


def summons_refresh(*, actor, congress: Congress) -> int:
    """Draw up (or redraw) the summoned members from the statuses on the congress date (Quyết định 190-QĐ/TW,
    Điều 30). While preparing: the committee; at the roll call (in session): the committee or the presidium.
    Frozen once the congress is closed. Returns the number of members summoned."""
    require_manager(actor, congress)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.PREPARING, CongressState.IN_SESSION)
        if current.state == CongressState.PREPARING:
            require_committee(actor, current.cell_id)
        _roll_fixed(current)
        _draw(current)
    return summoned_count(current)


def attendance_record(*, actor, congress: Congress, entries: Mapping[int, tuple[str, str]]) -> Congress:
    """The roll call (``entries``: member id → (attendance, reason)). An absence with an approved reason needs
    the reason; the lines' statuses follow (an exempted member absent, a member absent with reason leave the
    summoned count). Lines not in ``entries`` keep what they had."""
    require_manager(actor, congress)
    problems, no_reason = [], []
    cleaned: dict[int, tuple[str, str]] = {}
    for member_id, value in entries.items():
        attendance, reason = value
        if not isinstance(attendance, str) or attendance not in Attendance.values:
            raise DomainError(_("Giá trị điểm danh không hợp lệ."), code="bad_attendance")
        if not isinstance(reason, str):
            raise DomainError(_("Lý do vắng không hợp lệ."), code="bad_reason")
        reason = " ".join(reason.split())
        if len(reason) > 255:
            problems.append(member_id)
        if attendance == Attendance.ABSENT_WITH_REASON and not reason:
            no_reason.append(member_id)
        cleaned[member_id] = (attendance, reason if attendance in summoning.ABSENT else "")
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.PREPARING, CongressState.IN_SESSION)
        _roll_fixed(current)
        lines = {
            s.member_id: s
            for s in Summons.objects.select_for_update(of=("self",))
            .select_related("member")
            .filter(congress=current)
        }
        if set(cleaned) - set(lines):
            raise DomainError(
                _("Có đảng viên không có trong danh sách triệu tập: hãy cập nhật danh sách."),
                code="not_summoned",
            )
        if problems:
            names = ", ".join(lines[m].member.full_name for m in problems)
            raise DomainError(
                _("Lý do vắng tối đa 255 ký tự (quá dài: %(names)s).") % {"names": names},
                code="reason_too_long",
            )
        if no_reason:
            names = ", ".join(lines[m].member.full_name for m in no_reason)
            raise DomainError(
                _("Hãy ghi lý do vắng của: %(names)s.") % {"names": names}, code="reason_required"
            )
        changed = []
        for member_id, (attendance, reason) in cleaned.items():
            line = lines[member_id]
            if (line.attendance, line.absence_reason) != (attendance, reason):
                line.attendance, line.absence_reason = attendance, reason
                changed.append(line)
        if changed:
            Summons.objects.bulk_update(changed, ["attendance", "absence_reason"])
        _draw(current)
    return current


# --- opening and closing --------------------------------------------------------------------------------------


def congress_open(*, actor, congress: Congress) -> Congress:
    """The congress opens (in session): the committee or the presidium; the summoned list must be drawn up. The
    cell's full members are recorded (``Congress.full_members``: which ballots the congress holds)."""
    require_manager(actor, congress)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.PREPARING)
        if not Summons.objects.filter(congress=current).exists():
            raise DomainError(
                _("Hãy lập danh sách đảng viên được triệu tập trước khi khai mạc."), code="no_summons"
            )
        current.state, current.opened_at = CongressState.IN_SESSION, timezone.now()
        # The cell's size decides which ballots it holds (9 full members or more: a committee first): fixed now.
        current.full_members = full_members_count(current)
        current.version += 1
        current.save(update_fields=["state", "opened_at", "full_members", "version"])
    return current


def _hand_over(actor, congress: Congress) -> None:
    """The outgoing committee hands over: once the new term's committee is recorded (the elected written by
    ``election_apply_results``), the positions still open in the cell's other terms end the day before the new
    ones start, and the old term ends then too. Nothing happens while no new position is recorded."""
    from hoptac.party import services as party_services
    from hoptac.party.models import CommitteePosition

    new = (
        CommitteePosition.objects.filter(term=congress.term, ends_on__isnull=True)
        .order_by("starts_on")
        .first()
    )
    if new is None:
        return
    last_day = new.starts_on - timedelta(days=1)
    outgoing = CommitteePosition.objects.filter(term__cell_id=congress.cell_id, ends_on__isnull=True).exclude(
        term=congress.term
    )
    for position in outgoing.select_related("term", "member"):
        party_services.position_end(actor=actor, position=position, ends_on=max(last_day, position.starts_on))
    congress.term.__class__.objects.filter(cell_id=congress.cell_id, ends_on__isnull=True).exclude(
        pk=congress.term_id
    ).update(ends_on=last_day)


def congress_close(*, actor, congress: Congress) -> Congress:
    """The congress closes: every election must be closed first, and the elected of the committee, secretary and
    deputy ballots written to the new term's committee (``election_apply_results``), so the hand-over always
    runs with the new committee recorded. The summoned list, bodies and resolution are frozen from then on; the
    duty holders keep their congress roles (read-only by the closed state)."""
    require_manager(actor, congress)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.IN_SESSION)
        open_elections = list(Election.objects.filter(congress=current, state__in=OPEN_ELECTIONS))
        if open_elections:
            raise DomainError(
                _("Còn cuộc bầu chưa kết thúc kiểm phiếu: %(names)s.")
                % {"names": ", ".join(str(e) for e in open_elections)},
                code="elections_open",
            )
        unapplied = [
            e
            for e in Election.objects.filter(
                congress=current, state=ElectionState.CLOSED, kind__in=list(POSITION_OF)
            ).order_by("id")
            if results_pending(e)
        ]
        if unapplied:
            raise DomainError(
                _(
                    "Kết quả bầu cử chưa được ghi vào chi ủy nhiệm kỳ mới: %(names)s. Đoàn Chủ tịch hãy ghi kết "
                    "quả các cuộc bầu này trước khi bế mạc đại hội."
                )
                % {"names": ", ".join(str(e) for e in unapplied)},
                code="results_pending",
            )
        _hand_over(actor, current)
        current.state, current.closed_at = CongressState.CLOSED, timezone.now()
        current.version += 1
        current.save(update_fields=["state", "closed_at", "version"])
    return current


# --- service bodies and duties --------------------------------------------------------------------------------


def _role_target(member: PartyMember, body: str, congress: Congress):
    return {
        "user_id": member.user_id,
        "role": Role.objects.get(code=ROLE_OF_BODY[body]),
        "scope_type": ContentType.objects.get_for_model(Congress),
        "scope_id": congress.pk,
    }


def _grant(member: PartyMember, body: str, congress: Congress) -> None:
    if member.user_id:
        RoleAssignment.objects.get_or_create(**_role_target(member, body, congress))
        member.user.forget_roles()


def _revoke(member: PartyMember, body: str, congress: Congress) -> None:
    if member.user_id:
        RoleAssignment.objects.filter(**_role_target(member, body, congress)).delete()
        member.user.forget_roles()


def _counting_busy(congress: Congress) -> None:
    if Election.objects.filter(congress=congress, state=ElectionState.VOTING).exists():
        raise DomainError(
            _("Một cuộc bầu đang bỏ phiếu, kiểm phiếu: không thay đổi Ban Kiểm phiếu lúc này."),
            code="counting_busy",
        )


def _standing(congress: Congress, member_ids: set[int]) -> set[str]:
    """Names among ``member_ids`` who stand in an election of this congress: on the list of one not closed, or
    among those a further round of a closed one would list (it has seats left and no next round yet)."""
    names = set(
        Candidate.objects.filter(
            election__congress=congress,
            election__state__in=OPEN_ELECTIONS,
            withdrawn=False,
            member_id__in=member_ids,
        ).values_list("member__full_name", flat=True)
    )
    closed = Election.objects.filter(
        congress=congress, state=ElectionState.CLOSED, candidates__member_id__in=member_ids
    ).distinct()
    for election in closed.select_related("congress"):
        results = election_results(election)
        if results is not None and results.next_round_offered:
            names |= {c.member.full_name for c in results.next_candidates if c.member_id in member_ids}
    return names


def body_approve(
    *,
    actor,
    congress: Congress,
    body: str,
    members: Iterable[PartyMember],
    head: PartyMember | None,
    votes_for: int,
    votes_against: int = 0,
    votes_other: int = 0,
) -> BodyVote:
    """The congress approves a service body by show of hands (Quyết định 190-QĐ/TW, Điều 8).

    Members are picked among those present (the counting committee among the full members present, none of
    them a candidate of an election of this congress not yet closed, nor of a further round a closed one may
    still hold); ``head`` is one of them. ``votes_for`` must be more
    than half of the full members present. Approving a body again replaces its members (the former ones lose the
    role). Each member gets a duty and, with a log-in, the role scoped to this congress.
    """
    require_manager(actor, congress)
    if body not in Body.values:
        raise ValidationError({"body": [_("Hãy chọn cơ quan giúp việc trong danh sách.")]})
    votes_for = _count(votes_for, "votes_for")
    votes_against = _count(votes_against, "votes_against")
    votes_other = _count(votes_other, "votes_other")
    members = list(members)
    if not members:
        raise ValidationError({"members": [_("Hãy chọn ít nhất một thành viên.")]})
    ids = [m.pk for m in members]
    if len(set(ids)) != len(ids):
        raise ValidationError({"members": [_("Mỗi đảng viên chỉ chọn một lần.")]})
    if head is None:
        raise ValidationError({"head": [_("Hãy chọn người đứng đầu.")]})
    if head.pk not in ids:
        raise ValidationError({"head": [_("Người đứng đầu phải là một trong các thành viên đã chọn.")]})
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.IN_SESSION)
        lines = {
            s.member_id: s
            for s in Summons.objects.filter(congress=current, member_id__in=ids).select_related("member")
        }
        if any(m.cell_id != current.cell_id for m in members):
            raise DomainError(NOT_OF_CELL, code="other_cell")
        absent = [
            m.full_name for m in members if m.pk not in lines or lines[m.pk].attendance != Attendance.PRESENT
        ]
        if absent:
            raise DomainError(
                _("Chỉ chọn những đảng viên có mặt tại đại hội (chưa có mặt: %(names)s).")
                % {"names": ", ".join(absent)},
                code="not_present",
            )
        if body == Body.COUNTING:
            _counting_busy(current)
            not_full = [m.full_name for m in members if lines[m.pk].status != SummonsStatus.SUMMONED]
            if not_full:
                raise DomainError(
                    _(
                        "Ban Kiểm phiếu gồm đảng viên chính thức được triệu tập, có mặt (không phù hợp: %(names)s)."
                    )
                    % {"names": ", ".join(not_full)},
                    code="counter_not_full",
                )
            if current.double_entry and len(members) < 2:
                raise DomainError(
                    _("Đại hội nhập mỗi phiếu hai lần: Ban Kiểm phiếu cần ít nhất hai thành viên."),
                    code="counting_too_small",
                )
            names = _standing(current, set(ids))
            if names:
                raise DomainError(
                    _(
                        "Thành viên Ban Kiểm phiếu không được là người ứng cử (đang trong danh sách bầu: %(names)s)."
                    )
                    % {"names": ", ".join(sorted(names))},
                    code="counter_is_candidate",
                )
        _show_of_hands(current, votes_for, (votes_against, votes_other))
        vote, _created = BodyVote.objects.update_or_create(
            congress=current,
            body=body,
            defaults={
                "votes_for": votes_for,
                "votes_against": votes_against,
                "votes_other": votes_other,
                "approved_at": timezone.now(),
            },
        )
        for duty in (
            Duty.objects.filter(congress=current, body=body)
            .exclude(member_id__in=ids)
            .select_related("member__user")
        ):
            _revoke(duty.member, body, current)
            duty.delete()
        for member in members:
            Duty.objects.update_or_create(
                congress=current, body=body, member=member, defaults={"is_head": member.pk == head.pk}
            )
            _grant(member, body, current)
    return vote


def duty_remove(*, actor, duty: Duty) -> None:
    """Take one member off a body (they leave the congress, fall ill …); their congress role goes with it."""
    congress = duty.congress
    require_manager(actor, congress)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.IN_SESSION)
        locked = Duty.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=duty.pk)
        if locked.body == Body.COUNTING:
            _counting_busy(current)
        _revoke(locked.member, locked.body, current)
        locked.delete()


# --- the resolution and its term targets ----------------------------------------------------------------------


def resolution_adopt(
    *, actor, congress: Congress, text: str, votes_for: int, votes_against: int = 0
) -> Congress:
    """The congress adopts its resolution by show of hands (more than half of the full members present); adopting
    again (a corrected text) replaces the previous one while the congress sits."""
    require_manager(actor, congress)
    text = _text(text, "resolution", 20000)
    votes_for = _count(votes_for, "votes_for")
    votes_against = _count(votes_against, "votes_against")
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.IN_SESSION)
        _show_of_hands(current, votes_for, (votes_against,))
        current.resolution = text
        current.resolution_votes_for, current.resolution_votes_against = votes_for, votes_against
        current.resolution_adopted_at = timezone.now()
        current.version += 1
        current.save(
            update_fields=[
                "resolution",
                "resolution_votes_for",
                "resolution_votes_against",
                "resolution_adopted_at",
                "version",
            ]
        )
    return current


def source_note(congress: Congress) -> str:
    return (gettext("Nghị quyết %(congress)s") % {"congress": congress.title})[:255]


def resolution_target_add(
    *,
    actor,
    congress: Congress,
    label: str,
    level: str,
    share: Decimal,
    mode: str = TargetMode.AT_LEAST_LEVEL,
    comparison: str = TargetComparison.AT_LEAST,
) -> TermTarget:
    """A term target of the resolution, written into the party module's ``TermTarget`` of the congress's term
    (source "congress", naming the congress). A target that conflicts with a rule is kept and flagged."""
    require_manager(actor, congress)
    label = _text(label, "label", 255)
    if level not in Level.values:
        raise ValidationError({"level": [_("Hãy chọn mức xếp loại trong danh sách.")]})
    if mode not in TargetMode.values:
        raise ValidationError({"mode": [_("Hãy chọn cách tính trong danh sách.")]})
    if comparison not in TargetComparison.values:
        raise ValidationError({"comparison": [_("Hãy chọn cách so sánh trong danh sách.")]})
    if isinstance(share, bool) or not isinstance(share, int | Decimal):
        raise ValidationError({"share": [_("Hãy nhập tỷ lệ bằng số, ví dụ 70 hoặc 16,5.")]})
    try:
        share = Decimal(share)
    except InvalidOperation as exc:  # pragma: no cover - Decimal of an int or Decimal does not fail
        raise ValidationError({"share": [_("Hãy nhập tỷ lệ bằng số.")]}) from exc
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.IN_SESSION)
        target = TermTarget(
            term=current.term,
            label=label,
            level=level,
            mode=mode,
            comparison=comparison,
            share=share,
            source=TargetSource.CONGRESS,
            source_note=source_note(current),
            created_by=actor,
        )
        target.full_clean()
        target.save()
    return target


def resolution_target_delete(*, actor, congress: Congress, target: TermTarget) -> None:
    """Remove a target entered by mistake, while the congress sits."""
    require_manager(actor, congress)
    with transaction.atomic(), acting_as(actor):
        current = _locked(congress)
        _require_state(current, CongressState.IN_SESSION)
        locked = TermTarget.objects.select_for_update().get(pk=target.pk)
        if locked.term_id != current.term_id or locked.source != TargetSource.CONGRESS:
            raise DomainError(
                _("Chỉ tiêu này không thuộc nghị quyết của đại hội."), code="not_congress_target"
            )
        locked.delete()
