"""Demo data of the members part (called by the party module's demo, before the other parts).

Every member gets a status history starting at admission; then one member is exempted for health, one is
temporarily transferred for full-time study, one transferred out last year; the longest-serving members receive
the badges they reached (on the usual occasions: 3/2, 19/5, 2/9, 7/11), except a milestone reached within the
last year, left for the committee to record; and two admission cases: a candidate in political training, and
the probation of the member admitted about ten months ago. Safe to run twice: each step looks for what it
would create.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from . import badges
from .choices import OFF_ROLL, AdmissionStage, MemberStatus
from .models import (
    AdmissionCase,
    AdmissionStep,
    BadgeAward,
    CommitteePosition,
    MemberStatusPeriod,
    PartyMember,
)
from .services import rules_for
from .services_members import admission_advance, admission_create, member_status_change

OCCASIONS = ((2, 3), (5, 19), (9, 2), (11, 7))  # (month, day) of the ceremonies where badges are presented
CANDIDATE = "Nguyễn Thanh Tùng"


def _first_occasion(on_or_after: date) -> date:
    for year in (on_or_after.year, on_or_after.year + 1):
        for month, day in OCCASIONS:
            candidate = date(year, month, day)
            if candidate >= on_or_after:
                return candidate
    raise AssertionError("unreachable")


def _open_history(members: list[PartyMember], secretary_user) -> None:
    """Members entered without a history get one period: active since admission."""
    with_history = set(
        MemberStatusPeriod.objects.filter(member__in=members).values_list("member_id", flat=True).distinct()
    )
    for member in members:
        if member.pk in with_history:
            continue
        MemberStatusPeriod.objects.create(
            member=member,
            status=MemberStatus.ACTIVE,
            starts_on=member.admitted_on,
            document="Quyết định kết nạp đảng viên",
            recorded_by=secretary_user,
        )
        if member.status_since is None:
            member.status_since = member.admitted_on
            PartyMember.objects.filter(pk=member.pk).update(status_since=member.admitted_on)


def _pick(members, *, exclude: set[int], key, full: bool = True) -> PartyMember | None:
    on_committee = set(
        CommitteePosition.objects.filter(member__in=members).values_list("member_id", flat=True)
    )
    candidates = [
        m
        for m in members
        if m.pk not in exclude
        and m.pk not in on_committee
        and m.user_id is None
        and m.on_roll
        and (m.full_member_on is not None) == full
    ]
    return min(candidates, key=key) if candidates else None


def _statuses(members: list[PartyMember], secretary_user, today: date) -> None:
    if MemberStatusPeriod.objects.filter(member__in=members, ends_on__isnull=False).exists():
        return  # already told
    chosen: set[int] = set()
    plans = [
        # the oldest: exempted for health
        (
            lambda m: m.date_of_birth,
            MemberStatus.EXEMPTED,
            today - timedelta(days=240),
            "Quyết định số 21-QĐ/CB của Chi bộ về miễn sinh hoạt đảng",
            "Miễn công tác và sinh hoạt đảng do sức khoẻ yếu, điều trị dài ngày",
        ),
        # the youngest: full-time study
        (
            lambda m: -m.date_of_birth.toordinal(),
            MemberStatus.TEMPORARILY_TRANSFERRED,
            today - timedelta(days=75),
            "Giấy giới thiệu sinh hoạt đảng tạm thời số 112-GGT/ĐU",
            "Học cao cấp lý luận chính trị tập trung tại Học viện Chính trị quốc gia Hồ Chí Minh",
        ),
        # the next youngest: moved to a provincial alliance last year
        (
            lambda m: -m.date_of_birth.toordinal(),
            MemberStatus.TRANSFERRED_OUT,
            date(today.year - 1, 10, 1),
            "Quyết định số 87-QĐ/ĐU của Đảng ủy Liên minh HTX Việt Nam về chuyển sinh hoạt đảng chính thức",
            "Chuyển công tác về Liên minh Hợp tác xã tỉnh Ninh Bình",
        ),
    ]
    for key, status, starts_on, document, note in plans:
        member = _pick(members, exclude=chosen, key=key)
        if member is None:
            continue
        chosen.add(member.pk)
        member_status_change(
            actor=secretary_user,
            member=member,
            status=status,
            starts_on=starts_on,
            document=document,
            note=note,
            today=today,
        )


def _badges(members: list[PartyMember], rules, today: date) -> None:
    milestones = rules.milestones()
    number = 300
    for member in sorted(members, key=lambda m: m.admitted_on):
        if member.full_member_on is None or member.status == MemberStatus.DECEASED:
            continue
        status = badges.badge_status(member.admitted_on, today, milestones)
        for milestone in status.reached:
            awarded_on = _first_occasion(milestone.due_on)
            if awarded_on > today or milestone.due_on > today - timedelta(days=365):
                continue  # reached lately: the committee records it when the decision comes
            number += 7
            BadgeAward.objects.get_or_create(
                member=member,
                years=milestone.years,
                defaults={
                    "awarded_on": awarded_on,
                    "decision": f"Quyết định số {number}-QĐ/ĐU của Đảng ủy Liên minh HTX Việt Nam",
                },
            )


def _candidate(cell, members, secretary_user, today: date) -> None:
    if AdmissionCase.objects.filter(cell=cell, full_name=CANDIDATE).exists():
        return
    helpers = [m for m in members if m.full_member_on is not None and m.on_roll]
    helper = helpers[3 % len(helpers)] if helpers else None
    case = admission_create(
        actor=secretary_user,
        cell=cell,
        full_name=CANDIDATE,
        date_of_birth=date(1998, 10, 14),
        gender="male",
        workplace="Phòng Tư vấn và Chuyển giao công nghệ, chuyên viên",
        happened_on=today - timedelta(days=150),
        responsible=helper,
        document="Nghị quyết của Chi bộ giới thiệu quần chúng ưu tú",
        note="Đoàn viên ưu tú do Chi đoàn Viện giới thiệu.",
        today=today,
    )
    admission_advance(
        actor=secretary_user,
        case=case,
        version=case.version,
        stage=AdmissionStage.TRAINING,
        happened_on=today - timedelta(days=60),
        responsible=helper,
        document="Giấy chứng nhận hoàn thành lớp bồi dưỡng nhận thức về Đảng",
        note="Lớp do Đảng ủy Liên minh HTX Việt Nam tổ chức, kết quả loại khá.",
        today=today,
    )


def _probation(cell, members, secretary_user, rules, today: date) -> None:
    """The probation of the member admitted closest to ten months ago who has no case yet."""
    if AdmissionCase.objects.filter(cell=cell, member__in=members).exists():
        return  # already followed (by an earlier run, or admitted through the pipeline)
    probationary = [m for m in members if m.full_member_on is None and m.status not in OFF_ROLL]
    if not probationary:
        return
    target = today - timedelta(days=304)
    member = min(probationary, key=lambda m: abs((m.admitted_on - target).days))
    helpers = [m for m in members if m.full_member_on is not None and m.on_roll and m.pk != member.pk]
    admitted = member.admitted_on
    case = AdmissionCase.objects.create(
        cell=cell,
        full_name=member.full_name,
        date_of_birth=member.date_of_birth,
        gender=member.gender,
        workplace=member.institute_position,
        user_id=member.user_id,
        stage=AdmissionStage.PROBATIONARY,
        member=member,
        admitted_on=admitted,
        probation_due_on=badges.probation_due(admitted, rules.probation_months),
    )
    if len(helpers) >= 2:
        case.introducers.set(helpers[1:3])
    steps = [
        (
            AdmissionStage.CANDIDATE,
            admitted - timedelta(days=420),
            "Nghị quyết của Chi bộ giới thiệu quần chúng ưu tú",
        ),
        (
            AdmissionStage.TRAINING,
            admitted - timedelta(days=270),
            "Giấy chứng nhận hoàn thành lớp bồi dưỡng nhận thức về Đảng",
        ),
        (
            AdmissionStage.VETTING,
            admitted - timedelta(days=90),
            "Biên bản thẩm tra lý lịch; hai đảng viên giới thiệu",
        ),
        (
            AdmissionStage.PROBATIONARY,
            admitted,
            "Quyết định kết nạp đảng viên của Đảng ủy Liên minh HTX Việt Nam",
        ),
    ]
    for stage, day, document in steps:
        AdmissionStep.objects.create(
            case=case,
            stage=stage,
            happened_on=day,
            responsible=helpers[0] if helpers else None,
            document=document,
            recorded_by=secretary_user,
        )


@transaction.atomic
def load(*, cell, members, secretary_user, today: date) -> None:
    members = list(members)
    rules = rules_for(cell)
    _open_history(members, secretary_user)
    _statuses(members, secretary_user, today)
    for member in members:
        member.refresh_from_db()
    _badges(members, rules, today)
    _candidate(cell, members, secretary_user, today)
    _probation(cell, members, secretary_user, rules, today)
