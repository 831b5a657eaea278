"""Writes of the study part: directives and their study, commendations and criticisms, the supervision plan,
residence feedback (Quy định 213-QĐ/TW).

Every write is ``<entity>_<action>(*, actor, ...)``. The committee of the cell does everything here, except one
thing a member does for themself: marking their own self-study and study-essay submission
(:func:`study_self_report`, which refuses anyone else's record). Rows are validated with ``full_clean()``;
state changes lock the row first. The audit triggers record every change with the acting person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current

from .choices import OFF_ROLL, SupervisionState
from .models import (
    Directive,
    FollowUpTask,
    Meeting,
    PartyCell,
    PartyMember,
    Recognition,
    ResidenceFeedback,
    StudyRecord,
    StudySession,
    SupervisionItem,
    SupervisionPlan,
)
from .services import require_committee

OTHER_CELL = _("Đảng viên này không thuộc chi bộ.")
OFF_ROLL_MEMBER = _("Đảng viên này không còn sinh hoạt tại chi bộ.")
NOT_OWN_RECORD = _("Đảng viên chỉ được tự khai kết quả học tập của chính mình.")
FUTURE_DATE = _("Ngày này chưa đến; hãy kiểm tra lại.")
MIN_YEAR = 1990


def _today() -> date:
    return timezone.localdate()


def _require_member_of(cell_id: int, member: PartyMember | None, *, on_roll: bool = True) -> None:
    if member is None:
        return
    if member.cell_id != cell_id:
        raise DomainError(OTHER_CELL, code="other_cell")
    if on_roll and member.status in OFF_ROLL:
        raise DomainError(OFF_ROLL_MEMBER, code="off_roll")


def _not_future(value: date | None, field: str) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: [FUTURE_DATE]})


def _text_limits(instance, *fields: str) -> None:
    """PostgreSQL text columns have no length limit and ``full_clean`` does not check a TextField's
    ``max_length``: the service does, so the limit holds for every caller, not only the forms."""
    errors = {}
    for name in fields:
        limit = type(instance)._meta.get_field(name).max_length
        value = getattr(instance, name) or ""
        if limit and len(value) > limit:
            errors[name] = [_("Tối đa %(limit)s ký tự (đang có %(n)s).") % {"limit": limit, "n": len(value)}]
    if errors:
        raise ValidationError(errors)


def _attach(instance, uploaded) -> None:
    """Check an uploaded file by its content — the one checker of the platform (support attachments: PDF, Word,
    Excel, images; by the bytes, not the name) — and store it in the instance's ``file``."""
    if uploaded is None:
        return
    from hoptac.support.attachments import check_file, sanitize_filename

    extension, _content_type = check_file(uploaded)
    uploaded.seek(0)
    instance.file.save(sanitize_filename(uploaded.name, extension), uploaded, save=False)


def _year(value: int) -> int:
    if not isinstance(value, int) or not MIN_YEAR <= value <= _today().year + 1:
        raise DomainError(
            _("Năm phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": _today().year + 1}, code="year"
        )
    return value


# --------------------------------------------------------------------------------------------- directives

DIRECTIVE_FIELDS = ("kind", "number", "title", "issuing_body", "issued_on", "study_deadline")


def _check_directive(directive: Directive) -> None:
    _not_future(directive.issued_on, "issued_on")
    if directive.study_deadline and directive.issued_on and directive.study_deadline < directive.issued_on:
        raise ValidationError({"study_deadline": [_("Hạn học tập không được trước ngày ban hành.")]})
    directive.full_clean()


def directive_create(*, actor, cell: PartyCell, data: dict, uploaded=None) -> Directive:
    """Record a resolution, directive or conclusion of a superior body the cell must study."""
    require_committee(actor, cell)
    directive = Directive(cell=cell, **{k: data[k] for k in DIRECTIVE_FIELDS if k in data})
    _check_directive(directive)
    with transaction.atomic(), acting_as(actor):
        _attach(directive, uploaded)
        directive.save()
    return directive


def directive_update(
    *, actor, directive: Directive, data: dict, uploaded=None, remove_file: bool = False
) -> Directive:
    require_committee(actor, directive.cell_id)
    with transaction.atomic(), acting_as(actor):
        directive = Directive.objects.select_for_update().get(pk=directive.pk)
        for name in DIRECTIVE_FIELDS:
            if name in data:
                setattr(directive, name, data[name])
        _check_directive(directive)
        if remove_file and not uploaded:
            directive.file = ""
        _attach(directive, uploaded)
        directive.save()
    return directive


# --------------------------------------------------------------------------------------------- study sessions


def _check_session(session: StudySession, cell_id: int) -> None:
    if session.meeting_id is not None:
        meeting = session.meeting
        if meeting.cell_id != cell_id:
            raise DomainError(_("Buổi sinh hoạt này không thuộc chi bộ."), code="other_cell")
        if meeting.state == "cancelled":
            raise ValidationError({"meeting": [_("Buổi sinh hoạt này đã bị hủy.")]})
        if session.held_on is None:
            session.held_on = timezone.localtime(meeting.starts_at).date()
    if session.held_on is None:
        raise ValidationError({"held_on": [_("Hãy nhập ngày học tập hoặc chọn buổi sinh hoạt.")]})
    session.full_clean()


def study_session_create(
    *,
    actor,
    directive: Directive,
    meeting: Meeting | None,
    held_on: date | None,
    presenter: str = "",
    note: str = "",
) -> StudySession:
    """A session where the cell studies ``directive`` — usually part of a meeting (then linked to it)."""
    require_committee(actor, directive.cell_id)
    session = StudySession(
        directive=directive, meeting=meeting, held_on=held_on, presenter=presenter, note=note
    )
    _check_session(session, directive.cell_id)
    with transaction.atomic(), acting_as(actor):
        session.save()
    return session


def study_session_update(
    *,
    actor,
    session: StudySession,
    meeting: Meeting | None,
    held_on: date | None,
    presenter: str = "",
    note: str = "",
) -> StudySession:
    require_committee(actor, session.directive.cell_id)
    with transaction.atomic(), acting_as(actor):
        session = StudySession.objects.select_for_update().select_related("directive").get(pk=session.pk)
        session.meeting, session.held_on, session.presenter, session.note = meeting, held_on, presenter, note
        _check_session(session, session.directive.cell_id)
        session.save()
    return session


def study_session_apply_attendance(*, actor, session: StudySession) -> int:
    """Mark ``attended`` on the study record of everyone present at the session's meeting; returns how many.

    Only ever sets attended (never clears it): a member may have attended another session of the directive.
    """
    require_committee(actor, session.directive.cell_id)
    meeting = session.meeting
    if meeting is None:
        raise DomainError(_("Buổi học tập này không gắn với buổi sinh hoạt nào."), code="no_meeting")
    if meeting.state not in ("held", "closed"):
        raise DomainError(
            _("Buổi sinh hoạt chưa diễn ra nên chưa có điểm danh để ghi nhận."), code="not_held"
        )
    present = list(
        meeting.attendance.filter(presence="present", member__cell_id=session.directive.cell_id).values_list(
            "member_id", flat=True
        )
    )
    with transaction.atomic(), acting_as(actor):
        existing = {
            r.member_id: r
            for r in StudyRecord.objects.select_for_update().filter(
                directive=session.directive, member_id__in=present
            )
        }
        changed = 0
        for member_id in present:
            record = existing.get(member_id)
            if record is None:
                StudyRecord.objects.create(directive=session.directive, member_id=member_id, attended=True)
                changed += 1
            elif not record.attended:
                record.attended = True
                record.save(update_fields=["attended"])
                changed += 1
    return changed


def study_attendance_from_meeting(*, actor, meeting: Meeting) -> int:
    """For the meetings part: after attendance is recorded, mark ``attended`` for every study session linked to
    ``meeting``. Returns how many records changed (0 when the meeting has no study session)."""
    require_committee(actor, meeting.cell_id)
    total = 0
    for session in StudySession.objects.filter(meeting=meeting).select_related("directive", "meeting"):
        total += study_session_apply_attendance(actor=actor, session=session)
    return total


# --------------------------------------------------------------------------------------------- study records


@dataclass(frozen=True)
class StudyRow:
    """One member's line of the committee's grid."""

    member_id: int
    attended: bool = False
    self_study: bool = False
    essay_submitted_on: date | None = None
    essay_assessment: str = ""
    note: str = ""


def _check_record(record: StudyRecord) -> None:
    _not_future(record.essay_submitted_on, "essay_submitted_on")
    if record.essay_assessment and record.essay_submitted_on is None:
        raise ValidationError(
            {"essay_assessment": [_("Chỉ chấm được bài thu hoạch đã nộp: hãy ghi ngày nộp bài.")]}
        )
    record.full_clean(validate_unique=False)


def study_records_save(*, actor, directive: Directive, rows: list[StudyRow]) -> int:
    """The committee's grid: write each listed member's study record of ``directive``; returns rows changed.

    Every member must be on the cell's roll; a row that fails refuses the whole grid (nothing half-saved).
    """
    require_committee(actor, directive.cell_id)
    ids = [row.member_id for row in rows]
    if len(set(ids)) != len(ids):
        raise DomainError(_("Một đảng viên xuất hiện hai lần trong bảng."), code="duplicate")
    members = PartyMember.objects.in_bulk(ids)
    for row in rows:
        member = members.get(row.member_id)
        if member is None:
            raise DomainError(OTHER_CELL, code="other_cell")
        _require_member_of(directive.cell_id, member)
    changed = 0
    with transaction.atomic(), acting_as(actor):
        existing = {
            r.member_id: r
            for r in StudyRecord.objects.select_for_update().filter(directive=directive, member_id__in=ids)
        }
        for row in rows:
            record = existing.get(row.member_id) or StudyRecord(directive=directive, member_id=row.member_id)
            values = {
                "attended": row.attended,
                "self_study": row.self_study,
                "essay_submitted_on": row.essay_submitted_on,
                "essay_assessment": row.essay_assessment or "",
                "note": (row.note or "").strip(),
            }
            if record.pk is not None and all(getattr(record, k) == v for k, v in values.items()):
                continue
            if record.pk is None and not any(values.values()):
                continue  # nothing to say about this member yet: no empty row
            for name, value in values.items():
                setattr(record, name, value)
            try:
                _check_record(record)
            except ValidationError as exc:
                raise DomainError(
                    _("%(member)s: %(error)s")
                    % {"member": members[row.member_id], "error": " ".join(exc.messages)},
                    code="invalid_row",
                ) from exc
            record.save()
            changed += 1
    return changed


def study_self_report(
    *, actor, directive: Directive, member: PartyMember, self_study: bool, essay_submitted_on: date | None
) -> StudyRecord:
    """A member marks their own self-study and the date they handed in their study essay.

    Refused for anyone else's record (the committee fills the grid instead), and the essay date is locked once
    the committee has assessed the essay.
    """
    if member.user_id is None or member.user_id != getattr(actor, "pk", None):
        raise DomainError(NOT_OWN_RECORD, code="not_own")
    _require_member_of(directive.cell_id, member)
    with transaction.atomic(), acting_as(actor):
        record = StudyRecord.objects.select_for_update().filter(directive=directive, member=member).first()
        record = record or StudyRecord(directive=directive, member=member)
        if record.essay_assessment and essay_submitted_on != record.essay_submitted_on:
            raise DomainError(
                _("Bài thu hoạch đã được chi ủy đánh giá nên không sửa được ngày nộp."), code="assessed"
            )
        record.self_study = self_study
        record.essay_submitted_on = essay_submitted_on
        _check_record(record)
        record.save()
    return record


# --------------------------------------------------------------------------------------------- recognitions

RECOGNITION_FIELDS = ("member", "kind", "decided_on", "reason", "decided_by", "document", "self_remedied")


def _check_recognition(recognition: Recognition, cell_id: int) -> None:
    _require_member_of(cell_id, recognition.member, on_roll=False)
    _not_future(recognition.decided_on, "decided_on")
    if recognition.self_remedied and recognition.kind == "commendation":
        recognition.self_remedied = False
    recognition.reason = (recognition.reason or "").strip()
    recognition.full_clean()


def recognition_create(*, actor, cell: PartyCell, data: dict) -> Recognition:
    """Record a commendation, reminder, criticism or discipline of a member (fed into the yearly evaluation)."""
    require_committee(actor, cell)
    recognition = Recognition(recorded_by=actor, **{k: data[k] for k in RECOGNITION_FIELDS if k in data})
    _check_recognition(recognition, cell.pk)
    with transaction.atomic(), acting_as(actor):
        recognition.save()
    return recognition


def recognition_update(*, actor, recognition: Recognition, data: dict) -> Recognition:
    require_committee(actor, recognition.member.cell_id)
    with transaction.atomic(), acting_as(actor):
        recognition = Recognition.objects.select_for_update().select_related("member").get(pk=recognition.pk)
        cell_id = recognition.member.cell_id
        for name in RECOGNITION_FIELDS:
            if name in data:
                setattr(recognition, name, data[name])
        _check_recognition(recognition, cell_id)
        recognition.save()
    return recognition


# --------------------------------------------------------------------------------------------- supervision


def supervision_plan_create(
    *, actor, cell: PartyCell, year: int, title: str, adopted_on: date | None = None, document: str = ""
) -> SupervisionPlan:
    """The cell's inspection and supervision plan of ``year`` (one per year)."""
    require_committee(actor, cell)
    _year(year)
    if SupervisionPlan.objects.filter(cell=cell, year=year).exists():
        raise DomainError(
            _("Chi bộ đã có kế hoạch kiểm tra, giám sát năm %(year)s.") % {"year": year}, code="duplicate"
        )
    plan = SupervisionPlan(
        cell=cell, year=year, title=(title or "").strip(), adopted_on=adopted_on, document=document
    )
    _not_future(adopted_on, "adopted_on")
    plan.full_clean()
    with transaction.atomic(), acting_as(actor):
        plan.save()
    return plan


def supervision_plan_update(
    *, actor, plan: SupervisionPlan, title: str, adopted_on: date | None = None, document: str = ""
) -> SupervisionPlan:
    require_committee(actor, plan.cell_id)
    with transaction.atomic(), acting_as(actor):
        plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
        plan.title, plan.adopted_on, plan.document = (title or "").strip(), adopted_on, document
        _not_future(adopted_on, "adopted_on")
        plan.full_clean()
        plan.save(update_fields=["title", "adopted_on", "document"])
    return plan


ITEM_FIELDS = ("kind", "subject_member", "topic", "starts_on", "ends_on", "responsible")


def _check_item(item: SupervisionItem, cell_id: int) -> None:
    _require_member_of(cell_id, item.subject_member)
    _require_member_of(cell_id, item.responsible)
    if item.subject_member_id and item.responsible_id and item.subject_member_id == item.responsible_id:
        raise ValidationError(
            {"responsible": [_("Người thực hiện không được là chính đảng viên được kiểm tra.")]}
        )
    if item.starts_on and item.ends_on and item.ends_on < item.starts_on:
        raise ValidationError({"ends_on": [_("Ngày kết thúc không được trước ngày bắt đầu.")]})
    item.topic = (item.topic or "").strip()
    _text_limits(item, "findings", "conclusion")
    item.full_clean()


def supervision_item_create(*, actor, plan: SupervisionPlan, data: dict) -> SupervisionItem:
    """An inspection or supervision in the plan: of a member (``subject_member``) or of a topic."""
    require_committee(actor, plan.cell_id)
    item = SupervisionItem(plan=plan, **{k: data.get(k) for k in ITEM_FIELDS})
    _check_item(item, plan.cell_id)
    with transaction.atomic(), acting_as(actor):
        item.save()
    return item


def _locked_item(item: SupervisionItem) -> SupervisionItem:
    return SupervisionItem.objects.select_for_update().select_related("plan").get(pk=item.pk)


def _require_open(item: SupervisionItem) -> None:
    if item.state == SupervisionState.CONCLUDED:
        raise DomainError(_("Cuộc kiểm tra, giám sát này đã kết luận, không sửa được nữa."), code="concluded")


def supervision_item_update(*, actor, item: SupervisionItem, data: dict) -> SupervisionItem:
    """Change an item's details and findings; recording findings puts a planned item in progress."""
    require_committee(actor, item.plan.cell_id)
    with transaction.atomic(), acting_as(actor):
        item = _locked_item(item)
        _require_open(item)
        for name in (*ITEM_FIELDS, "findings"):
            if name in data:
                setattr(item, name, data[name])
        item.findings = (item.findings or "").strip()
        if item.findings and item.state == SupervisionState.PLANNED:
            item.state = SupervisionState.IN_PROGRESS
        _check_item(item, item.plan.cell_id)
        item.save()
    return item


def supervision_item_conclude(
    *, actor, item: SupervisionItem, conclusion: str, concluded_on: date | None
) -> SupervisionItem:
    """Conclude an inspection or supervision: the conclusion's text and date are required."""
    require_committee(actor, item.plan.cell_id)
    conclusion = (conclusion or "").strip()
    errors = {}
    if not conclusion:
        errors["conclusion"] = [_("Hãy ghi nội dung kết luận.")]
    if concluded_on is None:
        errors["concluded_on"] = [_("Hãy ghi ngày kết luận.")]
    if errors:
        raise ValidationError(errors)
    _not_future(concluded_on, "concluded_on")
    with transaction.atomic(), acting_as(actor):
        item = _locked_item(item)
        _require_open(item)
        if item.starts_on and concluded_on < item.starts_on:
            raise ValidationError({"concluded_on": [_("Ngày kết luận không được trước ngày bắt đầu.")]})
        item.conclusion, item.concluded_on, item.state = conclusion, concluded_on, SupervisionState.CONCLUDED
        _text_limits(item, "conclusion")
        item.full_clean()
        item.save(update_fields=["conclusion", "concluded_on", "state"])
    return item


def supervision_task_create(
    *, actor, item: SupervisionItem, title: str, owner: PartyMember, due_on: date
) -> FollowUpTask:
    """A follow-up task from a supervision's findings or conclusion, with its owner and deadline."""
    cell_id = item.plan.cell_id
    require_committee(actor, cell_id)
    _require_member_of(cell_id, owner)
    task = FollowUpTask(
        cell_id=cell_id, supervision=item, title=(title or "").strip(), owner=owner, due_on=due_on
    )
    task.full_clean()
    with transaction.atomic(), acting_as(actor):
        task.save()
    return task


def supervision_task_done(
    *, actor, task: FollowUpTask, done_on: date | None = None, result: str = ""
) -> FollowUpTask:
    """Mark a supervision's follow-up task done (once)."""
    require_committee(actor, task.cell_id)
    if task.supervision_id is None:
        raise DomainError(_("Việc này không thuộc cuộc kiểm tra, giám sát nào."), code="not_supervision")
    done_on = done_on or _today()
    _not_future(done_on, "done_on")
    with transaction.atomic(), acting_as(actor):
        task = FollowUpTask.objects.select_for_update().get(pk=task.pk)
        if task.done_on is not None:
            raise DomainError(_("Việc này đã được đánh dấu hoàn thành."), code="already_done")
        task.done_on, task.result = done_on, (result or "").strip()
        task.full_clean()
        task.save(update_fields=["done_on", "result"])
    return task


# --------------------------------------------------------------------------------------------- residence


def residence_feedback_save(
    *,
    actor,
    member: PartyMember,
    year: int,
    received_on: date,
    organisation: str,
    content: str,
    assessment: str,
    uploaded=None,
) -> ResidenceFeedback:
    """Record (or correct) the written feedback of the member's residence organisation for ``year``.

    Quy định 213-QĐ/TW: the feedback of year N is given at the end of N (or early N+1, before the evaluation).
    """
    require_committee(actor, member.cell_id)
    _require_member_of(member.cell_id, member)
    _year(year)
    _not_future(received_on, "received_on")
    if received_on is not None and received_on.year not in (year, year + 1):
        raise ValidationError(
            {
                "received_on": [
                    _("Nhận xét của năm %(year)s phải nhận trong năm đó hoặc đầu năm sau.") % {"year": year}
                ]
            }
        )
    with transaction.atomic(), acting_as(actor):
        feedback = ResidenceFeedback.objects.select_for_update().filter(member=member, year=year).first()
        feedback = feedback or ResidenceFeedback(member=member, year=year, recorded_by=actor)
        feedback.received_on = received_on
        feedback.organisation = (organisation or "").strip()
        feedback.content = (content or "").strip()
        feedback.assessment = assessment
        _text_limits(feedback, "content")
        feedback.full_clean(exclude=["file"], validate_unique=False)
        _attach(feedback, uploaded)
        feedback.save()
    return feedback


def residence_exempt_set(
    *, actor, member: PartyMember, exempt: bool, reason: str, version: int
) -> PartyMember:
    """Mark or unmark a member as exempt from the yearly residence feedback (Quy định 213-QĐ/TW: barracks,
    long work away, full-time study). Edits only ``residence_exempt`` and its reason; a stale form is refused."""
    require_committee(actor, member.cell_id)
    reason = (reason or "").strip()
    if exempt and not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do miễn nhận xét.")]})
    if len(reason) > PartyMember._meta.get_field("residence_exempt_reason").max_length:
        raise ValidationError({"reason": [_("Lý do quá dài (tối đa 200 ký tự).")]})
    member.residence_exempt = exempt
    member.residence_exempt_reason = reason if exempt else ""
    with acting_as(actor):
        save_if_current(member, version, ["residence_exempt", "residence_exempt_reason"])
    return member
