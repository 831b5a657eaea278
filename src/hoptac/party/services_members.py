"""Writes of the members part: members and their records, status changes, badges, and the admission pipeline.

Every write is ``<entity>_<action>(*, actor, ...)``: the actor must sit on the member's cell committee
(:func:`hoptac.party.services.require_committee`), the rows changing state are locked, the values are checked
with Vietnamese messages on the fields they concern, and the audit triggers record the change with the actor
(:func:`hoptac.core.audit.acting_as`).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current

from . import badges
from .choices import ADMISSION_FINAL, OFF_ROLL, AdmissionStage, FeeBasis, MemberStatus
from .models import (
    AdmissionCase,
    AdmissionStep,
    BadgeAward,
    MemberStatusPeriod,
    PartyCell,
    PartyMember,
)
from .services import member_link_user, member_sync_roles, require_committee, rules_for

MEMBER_FIELDS = (
    "full_name", "card_number", "date_of_birth", "gender", "ethnicity", "education", "theory_level",
    "professional_title", "institute_position", "is_unit_leader", "residence_address", "residence_organisation",
    "residence_exempt", "residence_exempt_reason", "admitted_on", "full_member_on", "review_form", "fee_basis",
    "fee_base_amount", "fee_fixed_amount",
)  # fmt: skip
CASE_FIELDS = ("full_name", "date_of_birth", "gender", "workplace")

# Điều lệ Đảng, Điều 1: a citizen of eighteen years or more may be admitted.
ADMISSION_MIN_AGE = 18
# A candidate who is not recognised as a full member is struck off the roll (Điều lệ Đảng, Điều 5). The status
# list has no "struck off" value yet: the record leaves the roll as transferred out, with the reason in the note.
STRUCK_OFF_STATUS = MemberStatus.REMOVED

CARD_TAKEN = _("Số thẻ đảng viên này đã được dùng cho đảng viên khác.")
OTHER_CELL = _("Đảng viên này không thuộc chi bộ.")
FUTURE = _("Ngày này chưa đến: chỉ ghi những việc đã xảy ra.")

# The step that may follow each stage (Điều lệ Đảng, Điều 4–5; Hướng dẫn 01-HD/TW): training, vetting, the
# admission resolution, then recognition (or not) at the end of the probation. A case may be stopped before
# admission; after admission only the recognition decides.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    AdmissionStage.CANDIDATE: (AdmissionStage.TRAINING, AdmissionStage.WITHDRAWN),
    AdmissionStage.TRAINING: (AdmissionStage.VETTING, AdmissionStage.WITHDRAWN),
    AdmissionStage.VETTING: (AdmissionStage.PROBATIONARY, AdmissionStage.WITHDRAWN),
    AdmissionStage.PROBATIONARY: (AdmissionStage.FULL_MEMBER, AdmissionStage.NOT_RECOGNISED),
}


def _d(value: date) -> str:
    return date_format(value, "d/m/Y")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _same_cell(member: PartyMember, cell: PartyCell | int) -> None:
    cell_id = cell if isinstance(cell, int) else cell.pk
    if member.cell_id != cell_id:
        raise DomainError(OTHER_CELL, code="other_cell")


# ------------------------------------------------------------------------------------------------- files

MAX_FILE_MB = 20


def _store_file(field_file, uploaded: UploadedFile | None) -> None:
    """Check the upload by content (PDF, image, Word, Excel, text) and attach it to ``field_file`` unsaved."""
    if uploaded is None:
        return
    from hoptac.support.attachments import check_file, sanitize_filename

    extension, _content_type = check_file(uploaded)
    uploaded.seek(0)
    field_file.save(sanitize_filename(uploaded.name, extension), uploaded, save=False)


def _discard_file(field_file) -> None:
    if field_file:
        field_file.storage.delete(field_file.name)


def file_content_type(name: str) -> str:
    from hoptac.support.attachments import KINDS, OLE_CONTENT_TYPES

    extension = Path(name).suffix.lower()
    if extension in OLE_CONTENT_TYPES:
        return OLE_CONTENT_TYPES[extension]
    for kind in KINDS:
        if extension in kind.extensions:
            return kind.content_type
    return "application/octet-stream"


# ------------------------------------------------------------------------------------------------ members


def _check_member(member: PartyMember, *, today: date) -> None:
    """The record's own rules, each with its message on its field (the database constraints say the same)."""
    errors: dict[str, list] = {}

    def add(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    born, admitted, full = member.date_of_birth, member.admitted_on, member.full_member_on
    if isinstance(born, date):
        if born > today:
            add("date_of_birth", _("Ngày sinh không được sau hôm nay."))
        elif born.year < 1900:
            add("date_of_birth", _("Ngày sinh phải từ năm 1900 trở đi."))
    if isinstance(admitted, date):
        if admitted > today:
            add("admitted_on", _("Ngày vào Đảng không được sau hôm nay."))
        elif isinstance(born, date) and admitted < badges.add_years(born, ADMISSION_MIN_AGE):
            add(
                "admitted_on",
                _("Ngày vào Đảng phải từ khi đủ %(age)s tuổi (từ %(date)s) — Điều lệ Đảng, Điều 1.")
                % {"age": ADMISSION_MIN_AGE, "date": _d(badges.add_years(born, ADMISSION_MIN_AGE))},
            )
    if isinstance(full, date):
        if full > today:
            add("full_member_on", _("Ngày chính thức không được sau hôm nay."))
        elif isinstance(admitted, date) and full < admitted:
            add("full_member_on", _("Ngày chính thức không được trước ngày vào Đảng."))
    needs_base = member.fee_basis in (FeeBasis.SALARY, FeeBasis.PENSION) and member.status not in OFF_ROLL
    if needs_base and member.fee_base_amount is None:
        add("fee_base_amount", _("Nhập tiền lương (hoặc lương hưu) làm căn cứ tính đảng phí."))
    if member.residence_exempt and not (member.residence_exempt_reason or "").strip():
        add("residence_exempt_reason", _("Ghi lý do miễn nhận xét nơi cư trú."))
    member.card_number = (member.card_number or "").strip()
    if member.card_number:
        taken = PartyMember.objects.filter(card_number__iexact=member.card_number).exclude(pk=member.pk)
        if taken.exists():
            add("card_number", CARD_TAKEN)
    if errors:
        raise ValidationError(errors)
    # Field validators (lengths, choices, amounts ≥ 0) with Django's messages; constraints were checked above.
    member.full_clean(validate_constraints=False)


def _save_new(instance) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        # Checked above, but someone may have taken the card number meanwhile.
        if isinstance(instance, PartyMember) and instance.card_number:
            raise ValidationError({"card_number": [CARD_TAKEN]}) from exc
        raise


def member_create(*, actor, cell: PartyCell, today: date | None = None, **fields: Any) -> PartyMember:
    """Add a member already admitted (e.g. transferred in, or on the roll before the platform).

    The status history starts with "active" from the admission date; new candidates go through
    :func:`admission_advance` instead, which creates the member at admission.
    """
    require_committee(actor, cell)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    member = PartyMember(cell=cell, **fields)
    _check_member(member, today=_today(today))
    with transaction.atomic(), acting_as(actor):
        member.status = MemberStatus.ACTIVE
        member.status_since = member.admitted_on
        _save_new(member)
        MemberStatusPeriod.objects.create(
            member=member,
            status=MemberStatus.ACTIVE,
            starts_on=member.admitted_on,
            note=str(_("Ghi nhận khi lập hồ sơ")),
            recorded_by=actor,
        )
    return member


def member_update(
    *, actor, member: PartyMember, version: int, today: date | None = None, **fields: Any
) -> PartyMember:
    """Save the changed fields if nobody saved the record since ``version`` (else StaleObjectError)."""
    require_committee(actor, member.cell_id)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if getattr(member, name) != value:
            setattr(member, name, value)
            changed.append(name)
    if not changed:
        return member
    _check_member(member, today=_today(today))
    first = member.status_periods.order_by("starts_on", "id").first()
    if "admitted_on" in changed and first is not None and first.starts_on < member.admitted_on:
        raise ValidationError(
            {
                "admitted_on": [
                    _("Tình trạng sinh hoạt đã ghi từ %(date)s, trước ngày vào Đảng mới.")
                    % {"date": _d(first.starts_on)}
                ]
            }
        )
    with acting_as(actor):
        try:
            with transaction.atomic():
                save_if_current(member, version, changed)
        except IntegrityError as exc:
            raise ValidationError({"card_number": [CARD_TAKEN]}) from exc
    return member


def _find_user(identifier: str):
    from django.contrib.auth import get_user_model

    identifier = (identifier or "").strip()
    if not identifier:
        raise ValidationError({"account": [_("Nhập tên đăng nhập hoặc thư điện tử.")]})
    users = get_user_model().objects.all()
    field = "email__iexact" if "@" in identifier else "username__iexact"
    user = users.filter(**{field: identifier}).first()
    if user is None:
        raise ValidationError({"account": [_("Không có tài khoản “%(name)s”.") % {"name": identifier[:100]}]})
    if not user.is_active:
        raise ValidationError({"account": [_("Tài khoản này đã bị khoá.")]})
    return user


def member_link_account(*, actor, member: PartyMember, identifier: str) -> PartyMember:
    """Link the log-in named by its user name or e-mail; refused when it is already linked to a member."""
    require_committee(actor, member.cell_id)
    user = _find_user(identifier)
    if member.user_id == user.pk:
        raise DomainError(_("Tài khoản này đã gắn với đảng viên này."), code="same_user")
    if member.status in OFF_ROLL:
        raise DomainError(_("Đảng viên không còn sinh hoạt tại chi bộ."), code="off_roll")
    if PartyMember.objects.filter(user=user).exclude(pk=member.pk).exists():
        raise DomainError(_("Tài khoản này đã gắn với một đảng viên khác."), code="user_taken")
    with acting_as(actor):
        return member_link_user(actor=actor, member=member, user=user)


def member_unlink_account(*, actor, member: PartyMember) -> PartyMember:
    require_committee(actor, member.cell_id)
    if member.user_id is None:
        raise DomainError(_("Đảng viên này chưa gắn tài khoản."), code="no_user")
    if member.user_id == actor.pk:
        raise DomainError(_("Không tự gỡ tài khoản của chính mình."), code="self")
    with acting_as(actor):
        return member_link_user(actor=actor, member=member, user=None)


def _close_open_period(member: PartyMember, starts_on: date) -> None:
    current = (
        MemberStatusPeriod.objects.select_for_update().filter(member=member, ends_on__isnull=True).first()
    )
    if current is not None:
        if starts_on <= current.starts_on:
            raise ValidationError(
                {
                    "starts_on": [
                        _("Tình trạng hiện tại bắt đầu từ %(date)s; tình trạng mới phải bắt đầu sau ngày đó.")
                        % {"date": _d(current.starts_on)}
                    ]
                }
            )
        current.ends_on = starts_on - timedelta(days=1)
        current.save(update_fields=["ends_on"])


def member_status_change(
    *,
    actor,
    member: PartyMember,
    status: str,
    starts_on: date,
    document: str = "",
    note: str = "",
    file: UploadedFile | None = None,
    today: date | None = None,
) -> MemberStatusPeriod:
    """Open a new status period: the open one ends the day before, the member's status follows, and the party
    roles of a member leaving the roll (transferred out, deceased) end at once."""
    require_committee(actor, member.cell_id)
    today = _today(today)
    if status not in MemberStatus.values:
        raise ValidationError({"status": [_("Chọn một tình trạng trong danh sách.")]})
    if not isinstance(starts_on, date):
        raise ValidationError({"starts_on": [_("Nhập ngày theo dạng ngày/tháng/năm.")]})
    if starts_on > today:
        raise ValidationError({"starts_on": [FUTURE]})
    period = MemberStatusPeriod(
        member=member,
        status=status,
        starts_on=starts_on,
        document=(document or "").strip(),
        note=(note or "").strip(),
        recorded_by=actor,
    )
    period.full_clean(exclude=["file", "member", "recorded_by"], validate_constraints=False)
    _store_file(period.file, file)
    try:
        with transaction.atomic(), acting_as(actor):
            locked = PartyMember.objects.select_for_update().get(pk=member.pk)
            if status == locked.status:
                raise ValidationError(
                    {
                        "status": [
                            _("Đảng viên đang ở tình trạng “%(s)s”.") % {"s": locked.get_status_display()}
                        ]
                    }
                )
            if starts_on < locked.admitted_on:
                raise ValidationError({"starts_on": [_("Ngày bắt đầu không được trước ngày vào Đảng.")]})
            if (
                status not in OFF_ROLL
                and locked.fee_basis in (FeeBasis.SALARY, FeeBasis.PENSION)
                and locked.fee_base_amount is None
            ):
                raise DomainError(
                    _("Hãy nhập tiền lương làm căn cứ đảng phí cho đảng viên trước khi đổi tình trạng."),
                    code="fee_base",
                )
            _close_open_period(locked, starts_on)
            period.member = locked
            period.save()
            locked.status = status
            locked.status_since = starts_on
            locked.save(update_fields=["status", "status_since"])
            member_sync_roles(locked, today=today)
    except BaseException:
        _discard_file(period.file)
        raise
    member.status, member.status_since = locked.status, locked.status_since
    return period


def member_make_full(
    *,
    actor,
    member: PartyMember,
    full_member_on: date,
    document: str = "",
    today: date | None = None,
) -> PartyMember:
    """Record that a probationary member was recognised as a full member (Điều lệ Đảng, Điều 5).

    A member followed by an admission case takes the case's last step as well, so both tell the same story.
    """
    require_committee(actor, member.cell_id)
    case = AdmissionCase.objects.filter(member=member).first()
    if case is not None and case.stage == AdmissionStage.PROBATIONARY:
        admission_advance(
            actor=actor,
            case=case,
            version=case.version,
            stage=AdmissionStage.FULL_MEMBER,
            happened_on=full_member_on,
            document=document,
            today=today,
        )
        member.refresh_from_db()
        return member
    today = _today(today)
    if not member.is_probationary:
        raise DomainError(_("Đảng viên này đã là đảng viên chính thức."), code="already_full")
    if not isinstance(full_member_on, date):
        raise ValidationError({"full_member_on": [_("Nhập ngày theo dạng ngày/tháng/năm.")]})
    due = badges.probation_due(member.admitted_on, rules_for(member.cell).probation_months)
    if full_member_on > today:
        raise ValidationError({"full_member_on": [FUTURE]})
    if full_member_on < due:
        raise ValidationError(
            {"full_member_on": [_("Chưa hết thời gian dự bị: sớm nhất là %(date)s.") % {"date": _d(due)}]}
        )
    with transaction.atomic(), acting_as(actor):
        locked = PartyMember.objects.select_for_update().get(pk=member.pk)
        if not locked.is_probationary:
            raise DomainError(_("Đảng viên này đã là đảng viên chính thức."), code="already_full")
        locked.full_member_on = full_member_on
        locked.version += 1
        locked.save(update_fields=["full_member_on", "version"])
    member.full_member_on, member.version = locked.full_member_on, locked.version
    return member


# ------------------------------------------------------------------------------------------------ badges


def badge_award(
    *,
    actor,
    member: PartyMember,
    years: int,
    awarded_on: date,
    decision: str = "",
    today: date | None = None,
) -> BadgeAward:
    """Record a party badge the superior committee awarded for ``years`` of party age."""
    require_committee(actor, member.cell_id)
    today = _today(today)
    milestones = rules_for(member.cell).milestones()
    if not isinstance(years, int) or years not in milestones:
        raise ValidationError(
            {
                "years": [
                    _("Chọn một mốc trong danh sách: %(list)s năm.")
                    % {"list": ", ".join(map(str, milestones))}
                ]
            }
        )
    if not isinstance(awarded_on, date):
        raise ValidationError({"awarded_on": [_("Nhập ngày theo dạng ngày/tháng/năm.")]})
    if awarded_on > today:
        raise ValidationError({"awarded_on": [FUTURE]})
    reached_on = badges.milestone_date(member.admitted_on, years)
    if awarded_on < reached_on:
        raise ValidationError(
            {
                "awarded_on": [
                    _("Đến ngày trao, đảng viên chưa đủ %(years)s năm tuổi Đảng (đủ từ %(date)s).")
                    % {"years": years, "date": _d(reached_on)}
                ]
            }
        )
    award = BadgeAward(member=member, years=years, awarded_on=awarded_on, decision=(decision or "").strip())
    award.full_clean(validate_constraints=False)
    with transaction.atomic(), acting_as(actor):
        PartyMember.objects.select_for_update().filter(pk=member.pk).values_list("pk").get()
        if BadgeAward.objects.filter(member=member, years=years).exists():
            raise ValidationError(
                {
                    "years": [
                        _("Đã ghi Huy hiệu %(years)s năm tuổi Đảng cho đảng viên này.") % {"years": years}
                    ]
                }
            )
        award.save()
    return award


# -------------------------------------------------------------------------------------------- admission


def admission_create(
    *,
    actor,
    cell: PartyCell,
    full_name: str,
    date_of_birth: date,
    gender: str,
    workplace: str = "",
    happened_on: date,
    responsible: PartyMember | None = None,
    document: str = "",
    note: str = "",
    introducers=(),
    today: date | None = None,
) -> AdmissionCase:
    """Open a case for an outstanding candidate (quần chúng ưu tú), recognised as such on ``happened_on``."""
    require_committee(actor, cell)
    today = _today(today)
    case = AdmissionCase(
        cell=cell,
        full_name=(full_name or "").strip(),
        date_of_birth=date_of_birth,
        gender=gender,
        workplace=(workplace or "").strip(),
        stage=AdmissionStage.CANDIDATE,
    )
    errors: dict[str, list] = {}
    if isinstance(date_of_birth, date) and date_of_birth > today:
        errors["date_of_birth"] = [_("Ngày sinh không được sau hôm nay.")]
    if isinstance(happened_on, date) and happened_on > today:
        errors["happened_on"] = [FUTURE]
    if isinstance(date_of_birth, date) and isinstance(happened_on, date) and happened_on < date_of_birth:
        errors["happened_on"] = [_("Ngày không được trước ngày sinh.")]
    for person in [responsible, *introducers]:
        if person is not None and (person.cell_id != cell.pk or person.status in OFF_ROLL):
            errors.setdefault("responsible", []).append(OTHER_CELL)
            break
    if errors:
        raise ValidationError(errors)
    case.full_clean(exclude=["member", "user"], validate_constraints=False)
    step = AdmissionStep(
        stage=AdmissionStage.CANDIDATE,
        happened_on=happened_on,
        responsible=responsible,
        document=(document or "").strip(),
        note=(note or "").strip(),
        recorded_by=actor,
    )
    step.full_clean(exclude=["case", "file", "responsible", "recorded_by"])
    with transaction.atomic(), acting_as(actor):
        case.save()
        if introducers:
            case.introducers.set(introducers)
        step.case = case
        step.save()
    return case


def allowed_next(case: AdmissionCase) -> tuple[str, ...]:
    return NEXT_STAGES.get(case.stage, ())


def _new_member_from_case(case: AdmissionCase, *, admitted_on: date, fee_base_amount, actor) -> PartyMember:
    member = PartyMember(
        cell_id=case.cell_id,
        full_name=case.full_name,
        date_of_birth=case.date_of_birth,
        gender=case.gender,
        institute_position=case.workplace[:120],
        admitted_on=admitted_on,
        status=MemberStatus.ACTIVE,
        status_since=admitted_on,
        fee_basis=FeeBasis.SALARY if fee_base_amount is not None else FeeBasis.FIXED,
        fee_base_amount=fee_base_amount,
    )
    if case.user_id and not PartyMember.objects.filter(user_id=case.user_id).exists():
        member.user_id = case.user_id
    member.save()
    MemberStatusPeriod.objects.create(
        member=member,
        status=MemberStatus.ACTIVE,
        starts_on=admitted_on,
        note=str(_("Kết nạp, đảng viên dự bị")),
        recorded_by=actor,
    )
    return member


def admission_advance(
    *,
    actor,
    case: AdmissionCase,
    version: int,
    stage: str,
    happened_on: date,
    responsible: PartyMember | None = None,
    document: str = "",
    note: str = "",
    file: UploadedFile | None = None,
    fee_base_amount=None,
    today: date | None = None,
) -> AdmissionStep:
    """Record the next step of a case, in order and never dated before the previous one.

    Admission (probationary) creates the member, admitted on that day, with the probation due
    ``probation_months`` later; recognition sets the member's full-membership date (not before the due date);
    "not recognised" strikes the record off the roll; "withdrawn" closes the case before admission.
    """
    require_committee(actor, case.cell_id)
    today = _today(today)
    if not isinstance(happened_on, date):
        raise ValidationError({"happened_on": [_("Nhập ngày theo dạng ngày/tháng/năm.")]})
    if happened_on > today:
        raise ValidationError({"happened_on": [FUTURE]})
    if responsible is not None and (responsible.cell_id != case.cell_id or responsible.status in OFF_ROLL):
        raise ValidationError({"responsible": [OTHER_CELL]})
    step = AdmissionStep(
        stage=stage,
        happened_on=happened_on,
        responsible=responsible,
        document=(document or "").strip(),
        note=(note or "").strip(),
        recorded_by=actor,
    )
    step.full_clean(exclude=["case", "file", "responsible", "recorded_by"])
    _store_file(step.file, file)
    try:
        with transaction.atomic(), acting_as(actor):
            locked = AdmissionCase.objects.select_for_update().get(pk=case.pk)
            if locked.version != version:
                from hoptac.core.models import STALE_MESSAGE

                raise DomainError(STALE_MESSAGE, code="stale")
            if locked.stage in ADMISSION_FINAL:
                raise DomainError(_("Hồ sơ này đã kết thúc."), code="closed")
            if stage not in NEXT_STAGES.get(locked.stage, ()):
                raise DomainError(
                    _("Bước tiếp theo của hồ sơ ở bước “%(stage)s” chỉ có thể là: %(next)s.")
                    % {
                        "stage": locked.get_stage_display(),
                        "next": ", ".join(
                            str(AdmissionStage(s).label) for s in NEXT_STAGES.get(locked.stage, ())
                        ),
                    },
                    code="order",
                )
            last = locked.steps.order_by("-happened_on", "-id").first()
            if last is not None and happened_on < last.happened_on:
                raise ValidationError(
                    {
                        "happened_on": [
                            _("Bước trước ghi ngày %(date)s; bước sau không được sớm hơn.")
                            % {"date": _d(last.happened_on)}
                        ]
                    }
                )
            fields = ["stage", "version"]
            if stage == AdmissionStage.PROBATIONARY:
                old_enough = badges.add_years(locked.date_of_birth, ADMISSION_MIN_AGE)
                if happened_on < old_enough:
                    raise ValidationError(
                        {
                            "happened_on": [
                                _(
                                    "Người được kết nạp phải đủ %(age)s tuổi (từ %(date)s) — Điều lệ Đảng, Điều 1."
                                )
                                % {"age": ADMISSION_MIN_AGE, "date": _d(old_enough)}
                            ]
                        }
                    )
                months = rules_for(locked.cell).probation_months
                locked.member = _new_member_from_case(
                    locked, admitted_on=happened_on, fee_base_amount=fee_base_amount, actor=actor
                )
                locked.admitted_on = happened_on
                locked.probation_due_on = badges.probation_due(happened_on, months)
                fields += ["member", "admitted_on", "probation_due_on"]
                member_sync_roles(locked.member, today=today)
            elif stage == AdmissionStage.FULL_MEMBER:
                if happened_on < locked.probation_due_on:
                    raise ValidationError(
                        {
                            "happened_on": [
                                _("Chưa hết thời gian dự bị: sớm nhất là %(date)s.")
                                % {"date": _d(locked.probation_due_on)}
                            ]
                        }
                    )
                member = PartyMember.objects.select_for_update().get(pk=locked.member_id)
                member.full_member_on = happened_on
                member.version += 1
                member.save(update_fields=["full_member_on", "version"])
            elif stage == AdmissionStage.NOT_RECOGNISED:
                member = PartyMember.objects.select_for_update().get(pk=locked.member_id)
                if member.status not in OFF_ROLL:
                    _close_open_period(member, happened_on)
                    MemberStatusPeriod.objects.create(
                        member=member,
                        status=STRUCK_OFF_STATUS,
                        starts_on=happened_on,
                        document=step.document,
                        note=str(_("Không được công nhận đảng viên chính thức, xoá tên")),
                        recorded_by=actor,
                    )
                    member.status = STRUCK_OFF_STATUS
                    member.status_since = happened_on
                    member.save(update_fields=["status", "status_since"])
                    member_sync_roles(member, today=today)
            locked.stage = stage
            locked.version += 1
            locked.save(update_fields=fields)
            step.case = locked
            step.save()
    except BaseException:
        _discard_file(step.file)
        raise
    case.refresh_from_db()
    return step


def admission_follow_member(*, actor, member: PartyMember, today: date | None = None) -> AdmissionCase:
    """Follow the probation of a member admitted before the platform: a case at the probationary stage."""
    require_committee(actor, member.cell_id)
    if not member.is_probationary:
        raise DomainError(_("Đảng viên này đã là đảng viên chính thức."), code="already_full")
    if member.status in OFF_ROLL:
        raise DomainError(_("Đảng viên không còn sinh hoạt tại chi bộ."), code="off_roll")
    if AdmissionCase.objects.filter(member=member).exists():
        raise DomainError(_("Đảng viên này đã có hồ sơ phát triển đảng viên."), code="has_case")
    months = rules_for(member.cell).probation_months
    with transaction.atomic(), acting_as(actor):
        case = AdmissionCase.objects.create(
            cell_id=member.cell_id,
            full_name=member.full_name,
            date_of_birth=member.date_of_birth,
            gender=member.gender,
            workplace=member.institute_position,
            user_id=member.user_id,
            stage=AdmissionStage.PROBATIONARY,
            member=member,
            admitted_on=member.admitted_on,
            probation_due_on=badges.probation_due(member.admitted_on, months),
        )
        AdmissionStep.objects.create(
            case=case,
            stage=AdmissionStage.PROBATIONARY,
            happened_on=member.admitted_on,
            note=str(_("Theo dõi từ hồ sơ đảng viên")),
            recorded_by=actor,
        )
    return case
