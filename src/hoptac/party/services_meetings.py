"""Writes of the cell's meetings: schedule, notice, cancel; documents; attendance; minutes, conclusions, tasks;
closing and reopening the minutes; the cell's general notices.

Every service is ``<entity>_<action>(*, actor, ...)``: it checks the actor sits on the committee of the meeting's
cell (:func:`~hoptac.party.services.require_committee`), locks the meeting row where the state changes, checks
the state, validates, saves, and tells the members through :func:`hoptac.notifications.services.notify` (rows in
the same transaction, e-mails after the commit). Refusals are :class:`~hoptac.core.errors.DomainError` with a
Vietnamese message.

State: planned → notified (notice published) → held (attendance recorded) → closed (minutes closed; reopened
with a reason) — planned or notified → cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current
from hoptac.notifications.kinds import NotificationKind, register_kind
from hoptac.notifications.services import notify

from . import rules_meetings
from .choices import OFF_ROLL, ConclusionKind, MeetingQuality, MeetingState, MemberStatus, Presence
from .models import (
    AgendaItem,
    Attendance,
    Conclusion,
    FollowUpTask,
    Meeting,
    MeetingDocument,
    Notice,
    PartyCell,
    PartyMember,
)
from .services import require_committee, rules_for

# --- notification kinds ---------------------------------------------------------------------------------------

KIND_MEETING_NOTICE = "party.meeting_notice"
KIND_MEETING_CANCELLED = "party.meeting_cancelled"
KIND_DOCUMENT = "party.meeting_document"
KIND_CELL_NOTICE = "party.cell_notice"


def _render_meeting_notice(payload: dict) -> tuple[str, str]:
    title = gettext("Thông báo sinh hoạt chi bộ: %(title)s") % {"title": payload.get("title", "")}
    body = gettext("Thời gian: %(when)s. Địa điểm: %(place)s.") % {
        "when": payload.get("when", ""),
        "place": payload.get("place", ""),
    }
    return title, body


def _render_cancelled(payload: dict) -> tuple[str, str]:
    title = gettext("Hủy buổi sinh hoạt chi bộ: %(title)s") % {"title": payload.get("title", "")}
    body = gettext("Lý do: %(reason)s") % {"reason": payload.get("reason", "")}
    return title, body


def _render_document(payload: dict) -> tuple[str, str]:
    title = gettext("Tài liệu sinh hoạt chi bộ: %(document)s") % {"document": payload.get("document", "")}
    body = gettext("Tài liệu cho buổi sinh hoạt “%(title)s” (%(when)s) đã được công bố.") % {
        "title": payload.get("title", ""),
        "when": payload.get("when", ""),
    }
    return title, body


def _render_cell_notice(payload: dict) -> tuple[str, str]:
    return gettext("Thông báo của chi bộ: %(title)s") % {"title": payload.get("title", "")}, ""


for _kind in (
    NotificationKind(KIND_MEETING_NOTICE, _("Thông báo sinh hoạt chi bộ"), _render_meeting_notice),
    NotificationKind(KIND_MEETING_CANCELLED, _("Hủy buổi sinh hoạt chi bộ"), _render_cancelled),
    NotificationKind(KIND_DOCUMENT, _("Tài liệu sinh hoạt chi bộ"), _render_document),
    NotificationKind(KIND_CELL_NOTICE, _("Thông báo của chi bộ"), _render_cell_notice),
):
    register_kind(_kind)

# --- messages -------------------------------------------------------------------------------------------------

WRONG_STATE = _("Buổi sinh hoạt đang ở trạng thái “%(state)s”, không thực hiện được việc này.")
NOT_OF_CELL = _("Đảng viên này không thuộc chi bộ.")
STARTS_AFTER_END = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
NO_AGENDA = _("Hãy ghi ít nhất một nội dung sinh hoạt.")

# Members not required to attend: they are shown as such and do not count towards the quorum unless present.
NOT_REQUIRED = frozenset(
    {MemberStatus.EXEMPTED, MemberStatus.TEMPORARILY_TRANSFERRED, MemberStatus.SUSPENDED}
)


def _require_state(meeting: Meeting, *states: str) -> None:
    if meeting.state not in states:
        raise DomainError(WRONG_STATE % {"state": meeting.get_state_display()}, code="wrong_state")


def _locked(meeting: Meeting) -> Meeting:
    """The meeting row locked for the rest of the transaction, fresh from the database."""
    return Meeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)


def _when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "d/m/Y H:i")


def _meeting_url(meeting: Meeting) -> str:
    return reverse("party:meeting_detail", args=[meeting.pk])


def roll_users(cell: PartyCell | int) -> list[int]:
    """Log-ins of the members on the cell's roll (those told of a notice)."""
    cell_id = cell if isinstance(cell, int) else cell.pk
    return list(
        PartyMember.objects.filter(cell_id=cell_id, user__isnull=False)
        .exclude(status__in=OFF_ROLL)
        .exclude(status=MemberStatus.SUSPENDED)  # suspended from the cell's work: no notices either
        .values_list("user_id", flat=True)
    )


def _clean_agenda(agenda: Iterable[str]) -> list[str]:
    items = [" ".join(str(line).split()) for line in agenda]
    items = [line for line in items if line]
    too_long = [line for line in items if len(line) > 255]
    if too_long:
        raise DomainError(
            _("Mỗi nội dung sinh hoạt tối đa 255 ký tự (nội dung “%(item)s…” quá dài).")
            % {"item": too_long[0][:40]},
            code="agenda_too_long",
        )
    if len(items) > 30:
        raise DomainError(_("Tối đa 30 nội dung sinh hoạt."), code="agenda_too_many")
    return items


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise DomainError(STARTS_AFTER_END, code="ends_before_start")


# --- schedule, notice, cancel ---------------------------------------------------------------------------------


def meeting_create(
    *,
    actor,
    cell: PartyCell,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    agenda: Iterable[str],
    ends_at: datetime | None = None,
) -> Meeting:
    """The committee schedules a meeting (planned: members do not see it until the notice is published)."""
    require_committee(actor, cell)
    items = _clean_agenda(agenda)
    if not items:
        raise DomainError(NO_AGENDA, code="no_agenda")
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = Meeting(
            cell=cell,
            kind=kind,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            created_by=actor,
        )
        meeting.full_clean()
        meeting.save()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=text) for i, text in enumerate(items, start=1)
        )
    return meeting


def meeting_update(
    *,
    actor,
    meeting: Meeting,
    version: int,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    agenda: Iterable[str],
    ends_at: datetime | None = None,
) -> Meeting:
    """Change a meeting while it is only planned (once notified, members hold the notice as published)."""
    require_committee(actor, meeting.cell_id)
    items = _clean_agenda(agenda)
    if not items:
        raise DomainError(NO_AGENDA, code="no_agenda")
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.PLANNED)
        current.kind, current.title, current.place = kind, title.strip(), place.strip()
        current.starts_at, current.ends_at = starts_at, ends_at
        current.full_clean()
        save_if_current(current, version, ["kind", "title", "place", "starts_at", "ends_at"])
        current.agenda.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=current, position=i, title=text) for i, text in enumerate(items, start=1)
        )
    return current


def meeting_notify(*, actor, meeting: Meeting, message: str = "") -> Notice:
    """Publish the meeting's notice: the meeting becomes visible to members, each member with a log-in is told."""
    require_committee(actor, meeting.cell_id)
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.PLANNED)
        now = timezone.now()
        current.state, current.notified_at = MeetingState.NOTIFIED, now
        current.save(update_fields=["state", "notified_at"])
        agenda = list(current.agenda.values_list("title", flat=True))
        lines = [
            gettext("Thời gian: %(when)s") % {"when": _when(current)},
            gettext("Địa điểm: %(place)s") % {"place": current.place},
            gettext("Nội dung:"),
            *[f"{i}. {text}" for i, text in enumerate(agenda, start=1)],
        ]
        if message.strip():
            lines += ["", message.strip()]
        notice = Notice(
            cell_id=current.cell_id,
            meeting=current,
            title=gettext("%(kind)s: %(title)s")
            % {"kind": current.get_kind_display(), "title": current.title},
            body="\n".join(lines),
            published_at=now,
            published_by=actor,
        )
        notice.full_clean()
        notice.save()
        notify(
            recipients=roll_users(current.cell_id),
            kind=KIND_MEETING_NOTICE,
            payload={"title": current.title, "when": _when(current), "place": current.place},
            url=_meeting_url(current),
            actor=actor,
        )
    meeting.refresh_from_db()
    return notice


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a planned or notified meeting with a reason; members who had the notice are told."""
    require_committee(actor, meeting.cell_id)
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("Hãy ghi lý do hủy."), code="reason_required")
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.PLANNED, MeetingState.NOTIFIED)
        was_notified = current.state == MeetingState.NOTIFIED
        current.state, current.cancel_reason = MeetingState.CANCELLED, reason[:500]
        current.save(update_fields=["state", "cancel_reason"])
        if was_notified:
            Notice.objects.create(
                cell_id=current.cell_id,
                meeting=current,
                title=gettext("Hủy buổi sinh hoạt: %(title)s") % {"title": current.title},
                body=gettext("Buổi sinh hoạt dự kiến lúc %(when)s không tổ chức. Lý do: %(reason)s")
                % {"when": _when(current), "reason": current.cancel_reason},
                published_at=timezone.now(),
                published_by=actor,
            )
            notify(
                recipients=roll_users(current.cell_id),
                kind=KIND_MEETING_CANCELLED,
                payload={"title": current.title, "reason": current.cancel_reason},
                url=_meeting_url(current),
                actor=actor,
            )
    return current


# --- documents ------------------------------------------------------------------------------------------------


def document_upload(*, actor, meeting: Meeting, title: str, file) -> MeetingDocument:
    """Attach a document to the meeting (unpublished: only the committee sees it)."""
    from hoptac.support.attachments import check_file, sanitize_filename

    require_committee(actor, meeting.cell_id)
    _require_state(meeting, MeetingState.PLANNED, MeetingState.NOTIFIED, MeetingState.HELD)
    extension, _content_type = check_file(file)  # by content: members open these files
    file.seek(0)
    document = MeetingDocument(meeting=meeting, title=title.strip(), uploaded_by=actor)
    document.file.save(sanitize_filename(file.name, extension), file, save=False)
    document.full_clean()
    document.save()
    return document


def document_publish(*, actor, document: MeetingDocument) -> tuple[MeetingDocument, bool]:
    """Publish a document to members; returns it and whether it came later than the rule's days ahead
    (Hướng dẫn 42-HD/BTCTW) — a warning, not a refusal: a late document is better than none."""
    meeting = document.meeting
    require_committee(actor, meeting.cell_id)
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.PLANNED, MeetingState.NOTIFIED, MeetingState.HELD)
        doc = MeetingDocument.objects.select_for_update().get(pk=document.pk)
        if doc.published_at is not None:
            raise DomainError(_("Tài liệu này đã được công bố."), code="already_published")
        doc.published_at = timezone.now()
        doc.save(update_fields=["published_at"])
        if current.state != MeetingState.PLANNED:
            notify(
                recipients=roll_users(current.cell_id),
                kind=KIND_DOCUMENT,
                payload={"document": doc.title, "title": current.title, "when": _when(current)},
                url=_meeting_url(current),
                actor=actor,
            )
    late = rules_meetings.published_late(
        doc.published_at,
        current.starts_at,
        days_ahead=rules_for(current.cell).documents_days_ahead,
        notified_at=current.notified_at,
    )
    return doc, late


def document_delete(*, actor, document: MeetingDocument) -> None:
    """Remove a document not yet published (a published one stays: members may have read it)."""
    require_committee(actor, document.meeting.cell_id)
    with transaction.atomic():
        doc = MeetingDocument.objects.select_for_update().get(pk=document.pk)
        if doc.published_at is not None:
            raise DomainError(_("Tài liệu đã công bố thì không xóa được."), code="published")
        doc.file.delete(save=False)
        doc.delete()


# --- the roll and attendance ----------------------------------------------------------------------------------


def is_required(member: PartyMember) -> bool:
    """Exempted, temporarily transferred and suspended members are not required to attend."""
    return member.status not in NOT_REQUIRED


def roll_for(meeting: Meeting) -> list[PartyMember]:
    """The members on the meeting's roll: on the cell's roll and admitted by the meeting's day, plus anyone
    whose attendance is already recorded (a member who left since then stays on an old meeting's roll)."""
    from django.db.models import Q

    day = timezone.localdate(meeting.starts_at)
    return list(
        PartyMember.objects.filter(cell_id=meeting.cell_id)
        .filter(Q(admitted_on__lte=day, status__in=_on_roll_statuses()) | Q(attendance__meeting=meeting))
        .distinct()
        .order_by("name_sort", "id")
    )


def _on_roll_statuses() -> list[str]:
    return [s for s in MemberStatus.values if s not in OFF_ROLL]


def attendance_record(
    *, actor, meeting: Meeting, entries: Mapping[int, tuple[str, str]], today: date | None = None
) -> Meeting:
    """Record the whole roll's attendance in one go (``entries``: member id → (presence, reason)).

    Every member required to attend needs a presence; those not required may be left blank. An absence with
    reason needs the reason. The first recording marks the meeting held.
    """
    require_committee(actor, meeting.cell_id)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.NOTIFIED, MeetingState.HELD)
        if timezone.localdate(current.starts_at) > today:
            raise DomainError(
                _("Chưa đến ngày họp: chỉ điểm danh từ ngày %(day)s.")
                % {"day": formats.date_format(timezone.localdate(current.starts_at), "d/m/Y")},
                code="not_yet",
            )
        roll = {m.pk: m for m in roll_for(current)}
        unknown = set(entries) - set(roll)
        if unknown:
            raise DomainError(NOT_OF_CELL, code="not_on_roll")
        rows, missing, no_reason = [], [], []
        for member_id, member in roll.items():
            presence, reason = entries.get(member_id, ("", ""))
            reason = " ".join((reason or "").split())[:255]
            if not presence:
                if is_required(member):
                    missing.append(member.full_name)
                continue
            if presence not in Presence.values:
                raise DomainError(_("Giá trị điểm danh không hợp lệ."), code="bad_presence")
            if presence == Presence.ABSENT_WITH_REASON and not reason:
                no_reason.append(member.full_name)
            if presence == Presence.PRESENT:
                reason = ""
            rows.append(Attendance(meeting=current, member=member, presence=presence, reason=reason))
        if missing:
            raise DomainError(
                _("Chưa điểm danh: %(names)s.") % {"names": ", ".join(missing)}, code="attendance_missing"
            )
        if no_reason:
            raise DomainError(
                _("Hãy ghi lý do vắng của: %(names)s.") % {"names": ", ".join(no_reason)},
                code="reason_required",
            )
        current.attendance.all().delete()
        Attendance.objects.bulk_create(rows)
        if current.state == MeetingState.NOTIFIED:
            current.state = MeetingState.HELD
            current.save(update_fields=["state"])
    return current


def present_count(meeting: Meeting) -> int:
    return Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).count()


# --- minutes --------------------------------------------------------------------------------------------------


def _member_of(meeting: Meeting, member: PartyMember | None) -> None:
    if member is not None and member.cell_id != meeting.cell_id:
        raise DomainError(NOT_OF_CELL, code="other_cell")


def minutes_update(
    *,
    actor,
    meeting: Meeting,
    version: int,
    chair: PartyMember | None,
    minute_taker: PartyMember | None,
    ends_at: datetime | None,
    guests: str = "",
    summary: str = "",
    quality: str = MeetingQuality.NONE,
    minutes_read_out: bool = False,
    discussions: Mapping[int, str] | None = None,
    presenters: Mapping[int, str] | None = None,
) -> Meeting:
    """Write the minutes of a held meeting: who chaired and took them, when it ended, guests, the course of the
    meeting, each agenda item's opinions, whether the minutes were read out, and the meeting's quality."""
    require_committee(actor, meeting.cell_id)
    _member_of(meeting, chair)
    _member_of(meeting, minute_taker)
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.HELD)
        _check_times(current.starts_at, ends_at)
        current.chair, current.minute_taker, current.ends_at = chair, minute_taker, ends_at
        current.guests, current.summary = guests.strip(), summary.strip()
        current.quality, current.minutes_read_out = quality, minutes_read_out
        current.full_clean()
        fields = ["chair", "minute_taker", "ends_at", "guests", "summary", "quality", "minutes_read_out"]
        save_if_current(current, version, fields)
        items = {item.pk: item for item in current.agenda.all()}
        changed = []
        for pk, item in items.items():
            new_discussion = (discussions or {}).get(pk, item.discussion).strip()
            new_presenter = (presenters or {}).get(pk, item.presenter).strip()
            if (new_discussion, new_presenter) != (item.discussion, item.presenter):
                item.discussion, item.presenter = new_discussion, new_presenter
                item.full_clean()
                changed.append(item)
        if changed:
            AgendaItem.objects.bulk_update(changed, ["discussion", "presenter"])
    return current


def agenda_item_add(*, actor, meeting: Meeting, title: str, presenter: str = "") -> AgendaItem:
    """An item raised during the meeting (the planned agenda is edited while the meeting is planned)."""
    require_committee(actor, meeting.cell_id)
    items = _clean_agenda([title])
    if not items:
        raise DomainError(NO_AGENDA, code="no_agenda")
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.HELD)
        last = current.agenda.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem(meeting=current, position=last + 1, title=items[0], presenter=presenter.strip())
        item.full_clean()
        item.save()
    return item


VOTE_MESSAGES = {
    "negative": _("Số phiếu không được âm."),
    "for_missing": _("Hãy ghi số tán thành."),
    "exceeds_present": _("Tổng số biểu quyết (%(total)s) vượt quá số đảng viên có mặt (%(present)s)."),
}


def conclusion_add(
    *,
    actor,
    meeting: Meeting,
    text: str,
    kind: str = ConclusionKind.CONCLUSION,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Conclusion:
    """A conclusion or resolution of the meeting; a resolution carries its vote, which cannot count more
    members than were present."""
    require_committee(actor, meeting.cell_id)
    if kind == ConclusionKind.RESOLUTION and votes_for is None:
        raise DomainError(_("Nghị quyết phải ghi kết quả biểu quyết."), code="votes_required")
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.HELD)
        present = present_count(current)
        problem = rules_meetings.vote_problem(votes_for, votes_against, votes_abstain, present=present)
        if problem:
            total = sum(v for v in (votes_for, votes_against, votes_abstain) if v is not None)
            raise DomainError(VOTE_MESSAGES[problem] % {"total": total, "present": present}, code=problem)
        last = current.conclusions.order_by("-position").values_list("position", flat=True).first() or 0
        row = Conclusion(
            meeting=current,
            kind=kind,
            text=text.strip(),
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            position=last + 1,
        )
        row.full_clean()
        row.save()
    return row


def conclusion_delete(*, actor, conclusion: Conclusion) -> None:
    require_committee(actor, conclusion.meeting.cell_id)
    with transaction.atomic():
        current = _locked(conclusion.meeting)
        _require_state(current, MeetingState.HELD)
        Conclusion.objects.filter(pk=conclusion.pk, meeting=current).delete()


def task_add(*, actor, meeting: Meeting, title: str, owner: PartyMember, due_on: date) -> FollowUpTask:
    """A follow-up task from the meeting, with its owner (a member of the cell) and deadline."""
    require_committee(actor, meeting.cell_id)
    _member_of(meeting, owner)
    if owner.status in OFF_ROLL:
        raise DomainError(_("Đảng viên này không còn sinh hoạt tại chi bộ."), code="off_roll")
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.HELD)
        if due_on < timezone.localdate(current.starts_at):
            raise DomainError(_("Hạn hoàn thành không được trước ngày họp."), code="due_before_meeting")
        task = FollowUpTask(
            cell_id=current.cell_id, meeting=current, title=title.strip(), owner=owner, due_on=due_on
        )
        task.full_clean()
        task.save()
    return task


def task_done(*, actor, task: FollowUpTask, done_on: date, result: str = "") -> FollowUpTask:
    """Mark a follow-up task done (also after the minutes are closed: the work follows the meeting)."""
    require_committee(actor, task.cell_id)
    with transaction.atomic():
        current = FollowUpTask.objects.select_for_update().get(pk=task.pk)
        if current.done_on is not None:
            raise DomainError(_("Công việc này đã được đánh dấu hoàn thành."), code="already_done")
        if done_on > timezone.localdate():
            raise DomainError(_("Ngày hoàn thành không được sau hôm nay."), code="done_in_future")
        current.done_on, current.result = done_on, result.strip()[:500]
        current.full_clean()
        current.save(update_fields=["done_on", "result"])
    return current


def roll_totals(roll: Iterable[PartyMember]) -> dict[str, int]:
    """The minutes' totals: full and probationary members on the roll, exempted, temporarily transferred."""
    totals = {"full": 0, "probationary": 0, "exempted": 0, "transferred": 0}
    for member in roll:
        if member.status in OFF_ROLL:
            continue
        totals["probationary" if member.is_probationary else "full"] += 1
        if member.status == MemberStatus.EXEMPTED:
            totals["exempted"] += 1
        elif member.status == MemberStatus.TEMPORARILY_TRANSFERRED:
            totals["transferred"] += 1
    return totals


def minutes_close(*, actor, meeting: Meeting) -> Meeting:
    """Close the minutes: the totals are frozen and nothing changes any more except by a reopening."""
    require_committee(actor, meeting.cell_id)
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.HELD)
        gaps = []
        if current.chair_id is None:
            gaps.append(gettext("người chủ trì"))
        if current.minute_taker_id is None:
            gaps.append(gettext("thư ký"))
        if current.ends_at is None:
            gaps.append(gettext("thời gian kết thúc"))
        if not current.attendance.exists():
            gaps.append(gettext("điểm danh"))
        if gaps:
            raise DomainError(
                _("Biên bản còn thiếu: %(gaps)s.") % {"gaps": ", ".join(gaps)}, code="minutes_incomplete"
            )
        totals = roll_totals(roll_for(current))
        current.total_full, current.total_probationary = totals["full"], totals["probationary"]
        current.total_exempted, current.total_transferred = totals["exempted"], totals["transferred"]
        current.state, current.closed_at = MeetingState.CLOSED, timezone.now()
        current.save(
            update_fields=[
                "total_full",
                "total_probationary",
                "total_exempted",
                "total_transferred",
                "state",
                "closed_at",
            ]
        )
    return current


def minutes_reopen(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Reopen closed minutes to correct them; the reason is kept (and the change history shows the edits)."""
    require_committee(actor, meeting.cell_id)
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("Hãy ghi lý do mở lại biên bản."), code="reason_required")
    with transaction.atomic():
        current = _locked(meeting)
        _require_state(current, MeetingState.CLOSED)
        current.state, current.closed_at, current.reopen_reason = MeetingState.HELD, None, reason[:500]
        current.save(update_fields=["state", "closed_at", "reopen_reason"])
    return current


# --- general notices ------------------------------------------------------------------------------------------


def notice_create(*, actor, cell: PartyCell, title: str, body: str = "") -> Notice:
    """An announcement of the committee to the cell's members, who are each told."""
    require_committee(actor, cell)
    with transaction.atomic():
        notice = Notice(
            cell=cell, title=title.strip(), body=body.strip(), published_at=timezone.now(), published_by=actor
        )
        notice.full_clean()
        notice.save()
        notify(
            recipients=roll_users(cell),
            kind=KIND_CELL_NOTICE,
            payload={"title": notice.title},
            url=reverse("party:notice_list"),
            actor=actor,
        )
    return notice
