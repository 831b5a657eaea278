"""Demo data of the study part: the two resolutions named in the seed article and their study, commendations and
one reminder, the year's inspection and supervision plan, and the year's residence feedback.

Everything goes through the part's services (as the secretary), so the demo obeys the same rules as real work.
Idempotent: a directive is keyed by its title, a plan by its year, a commendation by member, kind and date, a
feedback by member and year — a second run changes nothing. Dates are relative to ``today`` and never in the
future; a session is linked to a thematic meeting the meetings part held, when there is one.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from . import services_study as services
from .choices import OFF_ROLL, FeeBasis, MemberStatus
from .models import Directive, Meeting, PartyMember, Recognition, ResidenceFeedback, SupervisionPlan
from .services_study import StudyRow

# The article's wording: "Nghị quyết Đại hội Đảng lần thứ XIII của Đảng và Nghị quyết Đại hội Đảng lần thứ IX của
# Đảng bộ Liên minh HTX Việt Nam" — recorded under their formal titles.
DIRECTIVES = [
    {
        "kind": "resolution",
        "number": "",
        "title": "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "issuing_body": "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "issued_on": date(2021, 2, 1),
        "presenter": "Đồng chí Bí thư Chi bộ",
    },
    {
        "kind": "resolution",
        "number": "",
        "title": "Nghị quyết Đại hội đại biểu Đảng bộ Liên minh Hợp tác xã Việt Nam lần thứ IX",
        "issuing_body": "Đại hội đại biểu Đảng bộ Liên minh Hợp tác xã Việt Nam lần thứ IX",
        "issued_on": date(2020, 7, 10),
        "presenter": "Đồng chí Phó Bí thư Chi bộ",
    },
]
ESSAY_GRADES = ["good", "excellent", "good", "pass", "good", "good", "excellent", "pass"]


def _clamp(day: date, today: date) -> date:
    return min(day, today)


def load(*, cell, members, secretary_user, today: date) -> None:
    """Add the study part's year to the demo cell (``members``: the cell's members, in the demo's order)."""
    if not members:
        return
    members = list(PartyMember.objects.filter(pk__in=[m.pk for m in members]).order_by("name_sort", "id"))
    on_roll = [m for m in members if m.status not in OFF_ROLL]
    with transaction.atomic():
        _study(cell, on_roll, secretary_user, today)
        _recognitions(cell, on_roll, secretary_user, today)
        _supervision(cell, on_roll, secretary_user, today)
        _residence(on_roll, secretary_user, today)


# --------------------------------------------------------------------------------------------- study


def _thematic_meetings(cell, today: date) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            cell=cell,
            state__in=["held", "closed"],
            kind__in=["thematic", "combined"],
            starts_at__date__lte=today,
        ).order_by("starts_at")
    )


def _study(cell, on_roll, secretary_user, today: date) -> None:
    meetings = _thematic_meetings(cell, today)
    for index, spec in enumerate(DIRECTIVES):
        directive = Directive.objects.filter(cell=cell, title=spec["title"]).first()
        if directive is not None:
            continue
        meeting = meetings[index] if index < len(meetings) else None
        held_on = (
            meeting.starts_at.date() if meeting else _clamp(today - timedelta(days=120 - 40 * index), today)
        )
        deadline = held_on + timedelta(days=30)
        data = {k: spec[k] for k in ("kind", "number", "title", "issuing_body", "issued_on")}
        directive = services.directive_create(
            actor=secretary_user, cell=cell, data={**data, "study_deadline": deadline}
        )
        session = services.study_session_create(
            actor=secretary_user,
            directive=directive,
            meeting=meeting,
            held_on=None if meeting else held_on,
            presenter=spec["presenter"],
            note="Quán triệt, triển khai thực hiện trong chi bộ",
        )
        if meeting is not None:
            services.study_session_apply_attendance(actor=secretary_user, session=session)
        attended = {r.member_id for r in directive.records.all() if r.attended} or {
            m.pk for i, m in enumerate(on_roll) if i % 6 != 5
        }  # no meeting: most attended the session
        rows = []
        for i, member in enumerate(on_roll):
            # Most study on their own too; a few essays are missing (the dashboard shows them).
            self_study = i % 4 != 3
            essay = None if (i + index) % 7 == 4 else _clamp(held_on + timedelta(days=10 + i % 9), today)
            if member.status != MemberStatus.ACTIVE:
                self_study, essay = False, None  # exempted or away: not studied with the cell
            graded = essay is not None and i % 5 != 2 and essay + timedelta(days=7) <= today
            rows.append(
                StudyRow(
                    member_id=member.pk,
                    attended=member.pk in attended,
                    self_study=self_study,
                    essay_submitted_on=essay,
                    essay_assessment=ESSAY_GRADES[(i + index) % len(ESSAY_GRADES)] if graded else "",
                )
            )
        services.study_records_save(actor=secretary_user, directive=directive, rows=rows)


# --------------------------------------------------------------------------------------------- recognitions


def _recognitions(cell, on_roll, secretary_user, today: date) -> None:
    year = today.year
    active = [m for m in on_roll if m.status == MemberStatus.ACTIVE]
    if len(active) < 5:
        return
    plans = [
        (
            active[1],
            "commendation",
            date(year, 2, 3),
            "Có tinh thần học tập, thực hiện Nghị quyết nghiêm túc; bài thu hoạch đạt loại xuất sắc",
            "Chi bộ",
            "Biên bản sinh hoạt chi bộ",
        ),
        (
            active[3],
            "commendation",
            date(year, 5, 19),
            "Hoàn thành xuất sắc đợt chuyển giao công nghệ xử lý chất thải chăn nuôi cho các hợp tác xã",
            "Đảng ủy Liên minh Hợp tác xã Việt Nam",
            "Quyết định khen thưởng của Đảng ủy",
        ),
        (
            active[4],
            "commendation",
            date(year, 9, 2),
            "Gương mẫu, tích cực trong phong trào thi đua của Viện",
            "Chi bộ",
            "",
        ),
        (
            ([m for m in active if m.user_id is None] or active)[-1],
            "reminder",
            date(year, 4, 5),
            "Chậm nộp bài thu hoạch học tập Nghị quyết, thiếu ý thức trong học tập",
            "Chi bộ",
            "Biên bản sinh hoạt chi bộ",
        ),
    ]
    for member, kind, decided_on, reason, decided_by, document in plans:
        decided_on = _clamp(decided_on, today)
        if Recognition.objects.filter(member=member, kind=kind, decided_on=decided_on).exists():
            continue
        services.recognition_create(
            actor=secretary_user,
            cell=cell,
            data={
                "member": member,
                "kind": kind,
                "decided_on": decided_on,
                "reason": reason,
                "decided_by": decided_by,
                "document": document,
                "self_remedied": False,
            },
        )


# --------------------------------------------------------------------------------------------- supervision


def _supervision(cell, on_roll, secretary_user, today: date) -> None:
    year = today.year
    if SupervisionPlan.objects.filter(cell=cell, year=year).exists():
        return
    active = [m for m in on_roll if m.status == MemberStatus.ACTIVE and not m.is_probationary]
    if len(active) < 4:
        return
    plan = services.supervision_plan_create(
        actor=secretary_user,
        cell=cell,
        year=year,
        title=f"Kế hoạch kiểm tra, giám sát năm {year}",
        adopted_on=_clamp(date(year, 1, 15), today),
        document=f"01-KH/CB ({year})",
    )
    responsible = active[1]  # the deputy secretary leads the inspections
    concluded = services.supervision_item_create(
        actor=secretary_user,
        plan=plan,
        data={
            "kind": "supervision",
            "subject_member": active[3],
            "topic": "Việc chấp hành Điều lệ Đảng, thực hiện nhiệm vụ chuyên môn được giao và giữ mối liên hệ với "
            "nơi cư trú",
            "starts_on": _clamp(date(year, 3, 1), today),
            "ends_on": _clamp(date(year, 3, 31), today),
            "responsible": responsible,
        },
    )
    services.supervision_item_update(
        actor=secretary_user,
        item=concluded,
        data={
            "findings": "Đồng chí chấp hành nghiêm Điều lệ Đảng, hoàn thành tốt nhiệm vụ được giao; giữ mối liên hệ "
            "thường xuyên với chi ủy nơi cư trú. Việc nộp bài thu hoạch còn chậm so với thời hạn."
        },
    )
    services.supervision_item_conclude(
        actor=secretary_user,
        item=concluded,
        conclusion="Đồng chí được giám sát thực hiện tốt các quy định của Đảng. Đề nghị khắc phục việc chậm nộp bài "
        "thu hoạch trong các đợt học tập nghị quyết tiếp theo.",
        concluded_on=_clamp(date(year, 4, 10), today),
    )
    task = services.supervision_task_create(
        actor=secretary_user,
        item=concluded,
        title="Báo cáo việc khắc phục hạn chế sau giám sát",
        owner=active[3],
        due_on=date(year, 6, 30),
    )
    if date(year, 6, 20) <= today:
        services.supervision_task_done(
            actor=secretary_user, task=task, done_on=date(year, 6, 20), result="Đã nộp báo cáo khắc phục"
        )
    in_progress = services.supervision_item_create(
        actor=secretary_user,
        plan=plan,
        data={
            "kind": "inspection",
            "subject_member": None,
            "topic": "Việc thu, nộp, quản lý và sử dụng đảng phí của chi bộ",
            "starts_on": _clamp(date(year, 9, 1), today),
            "ends_on": date(year, 12, 15),
            "responsible": active[2],
        },
    )
    services.supervision_item_update(
        actor=secretary_user,
        item=in_progress,
        data={"findings": "Sổ thu đảng phí ghi chép đầy đủ; đang đối chiếu số nộp lên cấp trên."},
    )
    services.supervision_item_create(
        actor=secretary_user,
        plan=plan,
        data={
            "kind": "supervision",
            "subject_member": None,
            "topic": "Việc học tập, quán triệt và thực hiện Nghị quyết Đại hội XIII của Đảng và Nghị quyết Đại hội "
            "IX của Đảng bộ Liên minh Hợp tác xã Việt Nam",
            "starts_on": date(year, 11, 1),
            "ends_on": date(year, 12, 31),
            "responsible": responsible,
        },
    )


# --------------------------------------------------------------------------------------------- residence


def feedback_year(today: date) -> int:
    """The year whose feedback the demo records: this year from October (when feedback arrives), else last year."""
    return today.year if today.month >= 10 else today.year - 1


def _residence(on_roll, secretary_user, today: date) -> None:
    year = feedback_year(today)
    working = [m for m in on_roll if m.status == MemberStatus.ACTIVE and m.fee_basis != FeeBasis.PENSION]
    if len(working) < 4:
        return
    # An ordinary member (no log-in, not on the committee) is the one missing, another the one exempt.
    ordinary = [m for m in working if m.user_id is None] or working
    exempt = ordinary[-1]
    missing = next(m for m in [*ordinary[-3::-1], *working] if m != exempt)
    if not exempt.residence_exempt:
        services.residence_exempt_set(
            actor=secretary_user,
            member=exempt,
            exempt=True,
            reason="Học tập trung dài hạn tại Học viện Chính trị quốc gia Hồ Chí Minh",
            version=exempt.version,
        )
    organisations = [
        "Chi bộ tổ dân phố số 5, phường Cầu Giấy",
        "Chi bộ khu dân cư số 3, phường Đống Đa",
        "Chi bộ tổ dân phố 12, phường Hoàng Mai",
        "Chi bộ thôn Đông, xã Thanh Trì",
    ]
    for i, member in enumerate(working):
        if member in (exempt, missing):
            continue
        if ResidenceFeedback.objects.filter(member=member, year=year).exists():
            continue
        received = date(year, 11, 10) + timedelta(days=i % 20)
        if received > today:
            received = today if today.year in (year, year + 1) else date(year, 12, 31)
        services.residence_feedback_save(
            actor=secretary_user,
            member=member,
            year=year,
            received_on=received,
            organisation=member.residence_organisation or organisations[i % len(organisations)],
            content="Đồng chí gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước và các "
            "quy định của địa phương; tham gia đầy đủ các hoạt động ở nơi cư trú; gia đình gương mẫu.",
            assessment="fair" if i % 6 == 5 else "good",
        )
