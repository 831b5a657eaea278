"""Demo data of the cell's meetings: a year of monthly regular meetings and a thematic meeting each quarter, with
attendance, minutes, conclusions and resolutions with votes, follow-up tasks — and the next meeting, notified
with its draft resolution published to members.

Called by the module's ``party/demo.py``: ``load(cell=…, members=[…], secretary_user=…, today=…)``. Safe to run
twice: a meeting already at its time is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hoptac.core.audit import acting_as

from . import services_meetings as services
from .choices import ConclusionKind, MeetingKind, MeetingState, MemberStatus, Presence
from .models import AgendaItem, Attendance, Conclusion, FollowUpTask, Meeting, MeetingDocument, Notice

PLACE = "Phòng họp tầng 3, Viện Khoa học, Công nghệ và Môi trường"

# Thematic topics of an institute's cell (Hướng dẫn 12-HD/BTCTW: at least one a quarter), in turn.
THEMATIC = [
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách nhiệm của người "
        "đảng viên làm công tác khoa học",
        ["Báo cáo chuyên đề", "Liên hệ trách nhiệm của từng đảng viên", "Đăng ký việc làm theo gương Bác"],
    ),
    (
        "Chuyển đổi số trong hỗ trợ hợp tác xã ứng dụng khoa học, công nghệ",
        ["Báo cáo chuyên đề", "Thảo luận giải pháp số hóa dịch vụ tư vấn cho hợp tác xã", "Kết luận"],
    ),
    (
        "Nâng cao năng lực Trung tâm Môi trường và Kiểm nghiệm chất lượng phục vụ hợp tác xã",
        ["Báo cáo chuyên đề", "Thảo luận về đầu tư thiết bị và đào tạo kiểm nghiệm viên", "Kết luận"],
    ),
    (
        "Thực hiện Nghị quyết số 20-NQ/TW về tiếp tục đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể",
        ["Báo cáo chuyên đề", "Vai trò của Viện trong chuyển giao công nghệ cho hợp tác xã", "Kết luận"],
    ),
]

MONTHLY_EXTRA = [
    "Thông tin thời sự trong nước và quốc tế",
    "Kiểm điểm việc đóng đảng phí",
    "Tình hình tư tưởng của đảng viên và người lao động",
    "Công tác phát triển đảng viên",
    "Chuẩn bị đánh giá, xếp loại chất lượng cuối năm",
    "Phối hợp với Công đoàn và Đoàn Thanh niên của Viện",
]

ABSENCE_REASONS = [
    "Đi công tác tại tỉnh Sơn La",
    "Ốm, có giấy của cơ sở y tế",
    "Tập huấn kiểm nghiệm tại Đà Nẵng",
    "Nghỉ phép năm",
    "Hướng dẫn chuyển giao công nghệ cho Hợp tác xã Ea Tu, Đắk Lắk",
]

TASKS = [
    "Hoàn thiện báo cáo kết quả chuyển giao công nghệ cho hợp tác xã",
    "Rà soát hồ sơ đảng viên, cập nhật lý lịch",
    "Chuẩn bị nội dung sinh hoạt chuyên đề quý tới",
    "Đôn đốc đảng viên nộp bài thu hoạch học tập nghị quyết",
    "Phối hợp Công đoàn tổ chức hoạt động thiện nguyện",
]


def _at(day: date, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _months(today: date, count: int = 12) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(count):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


def _thematic_months(months: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The month of each quarter's thematic meeting: the quarter's middle month, or its first month in the
    window when the window cuts the quarter."""
    by_quarter: dict[tuple[int, int], list[int]] = {}
    for year, month in months:
        by_quarter.setdefault((year, (month - 1) // 3), []).append(month)
    chosen = set()
    for (year, quarter), in_window in by_quarter.items():
        middle = quarter * 3 + 2
        chosen.add((year, middle if middle in in_window else in_window[0]))
    return chosen


def _required(member) -> bool:
    return member.status not in services.NOT_REQUIRED


def _hold(meeting: Meeting, members, chair, taker, rng: random.Random, *, index: int, minutes: int) -> None:
    """Attendance, minutes, conclusions and a task of a past meeting; closed with its totals frozen."""
    day = timezone.localdate(meeting.starts_at)
    on_roll = [m for m in members if m.admitted_on <= day and m.status not in {"transferred_out", "deceased"}]
    candidates = [m for m in on_roll if _required(m) and m not in (chair, taker)]
    absentees = rng.sample(candidates, k=min(len(candidates), rng.choice((0, 1, 1, 2))))
    truant = absentees[0] if absentees and index % 5 == 4 else None
    rows = []
    for member in on_roll:
        if not _required(member):
            continue
        if member == truant:
            rows.append(Attendance(meeting=meeting, member=member, presence=Presence.ABSENT_WITHOUT_REASON))
        elif member in absentees:
            rows.append(
                Attendance(
                    meeting=meeting,
                    member=member,
                    presence=Presence.ABSENT_WITH_REASON,
                    reason=rng.choice(ABSENCE_REASONS),
                )
            )
        else:
            rows.append(Attendance(meeting=meeting, member=member, presence=Presence.PRESENT))
    Attendance.objects.bulk_create(rows)
    present = sum(1 for r in rows if r.presence == Presence.PRESENT)
    items = list(meeting.agenda.all())
    speakers = [m for m in on_roll if m not in absentees][:6]
    for item in items:
        a, b = rng.sample(speakers, k=2) if len(speakers) >= 2 else (chair, chair)
        item.presenter = chair.full_name if item.position == 1 else ""
        item.discussion = (
            f"Đồng chí {a.full_name}: nhất trí với nội dung báo cáo, đề nghị làm rõ tiến độ từng nhiệm vụ.\n"
            f"Đồng chí {b.full_name}: đề xuất tăng cường phối hợp với các Liên minh HTX tỉnh trong triển khai."
        )
    AgendaItem.objects.bulk_update(items, ["presenter", "discussion"])
    Conclusion.objects.bulk_create(
        [
            Conclusion(
                meeting=meeting,
                kind=ConclusionKind.CONCLUSION,
                position=1,
                text=(
                    "Chi bộ đánh giá các đảng viên đã hoàn thành tốt nhiệm vụ chuyên môn; Viện triển khai đúng "
                    "tiến độ các hợp đồng tư vấn, chuyển giao công nghệ cho hợp tác xã."
                ),
            ),
            Conclusion(
                meeting=meeting,
                kind=ConclusionKind.RESOLUTION,
                position=2,
                text=f"Thông qua Nghị quyết chi bộ tháng {day.month}/{day.year}.",
                votes_for=present if index % 4 else present - 1,
                votes_against=0,
                votes_abstain=0 if index % 4 else 1,
            ),
        ]
    )
    owner = speakers[index % len(speakers)] if speakers else chair
    due = day + timedelta(days=25)
    FollowUpTask.objects.create(
        cell_id=meeting.cell_id,
        meeting=meeting,
        title=TASKS[index % len(TASKS)],
        owner=owner,
        due_on=due,
        done_on=due - timedelta(days=3) if due < timezone.localdate() else None,
        result="Đã hoàn thành, báo cáo chi ủy" if due < timezone.localdate() else "",
    )
    totals = services.roll_totals(on_roll)
    meeting.chair, meeting.minute_taker = chair, taker
    meeting.ends_at = meeting.starts_at + timedelta(minutes=minutes)
    meeting.guests = "" if index % 3 else "Đồng chí đại diện Đảng ủy Cơ quan Liên minh Hợp tác xã Việt Nam"
    meeting.summary = "Đồng chí Bí thư chi bộ khai mạc, nêu mục đích, yêu cầu của buổi sinh hoạt."
    meeting.quality = "good" if index % 6 else "fair"
    meeting.minutes_read_out = True
    meeting.state = MeetingState.CLOSED
    meeting.notified_at = meeting.starts_at - timedelta(days=4)
    meeting.closed_at = meeting.ends_at + timedelta(hours=1)
    meeting.total_full, meeting.total_probationary = totals["full"], totals["probationary"]
    meeting.total_exempted, meeting.total_transferred = totals["exempted"], totals["transferred"]
    meeting.save()


def _new(cell, secretary_user, *, kind, title, starts_at, agenda) -> Meeting | None:
    if Meeting.objects.filter(cell=cell, starts_at=starts_at).exists():
        return None
    meeting = Meeting.objects.create(
        cell=cell, kind=kind, title=title, starts_at=starts_at, place=PLACE, created_by=secretary_user
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=t) for i, t in enumerate(agenda, start=1)
    )
    return meeting


def _draft_resolution(cell, month: int, year: int) -> bytes:
    from hoptac.documents import formats
    from hoptac.documents.engine import Document, Paragraph, Signature, render_docx

    return render_docx(
        Document(
            format=formats.PARTY,
            issuer=(cell.superior_committee, cell.name),
            place="Hà Nội",
            date=timezone.localdate(),
            title="Dự thảo nghị quyết",
            summary=f"Nghị quyết chi bộ tháng {month}/{year}",
            blocks=[
                Paragraph(
                    "1. Lãnh đạo hoàn thành các hợp đồng tư vấn, chuyển giao công nghệ cho hợp tác xã."
                ),
                Paragraph("2. Đẩy mạnh học tập, quán triệt nghị quyết của Đảng ủy cấp trên."),
                Paragraph("3. Chuẩn bị đánh giá, xếp loại chất lượng đảng viên cuối năm."),
            ],
            signature=Signature(title_lines=("T/M Chi ủy", "Bí thư"), name="Dự thảo"),
        )
    )


def load(*, cell, members, secretary_user, today: date) -> None:
    members = list(members)
    if not members:
        return
    rng = random.Random(2026)  # noqa: S311  (demo data, repeatable)
    chair = next((m for m in members if m.user_id == secretary_user.pk), members[0])
    taker = next(
        (m for m in members if m != chair and not m.is_probationary and m.status == MemberStatus.ACTIVE),
        chair,
    )
    now = timezone.now()
    upcoming = None
    with acting_as(secretary_user, command="demo_data"), transaction.atomic():
        months = _months(today)
        thematic_months = _thematic_months(months)
        for index, (year, month) in enumerate(months):
            regular_at = _at(date(year, month, 5))
            title = f"Sinh hoạt thường kỳ tháng {month}/{year}"
            agenda = [
                f"Đánh giá kết quả thực hiện nhiệm vụ tháng {month}/{year}",
                "Phương hướng, nhiệm vụ tháng tới",
                MONTHLY_EXTRA[index % len(MONTHLY_EXTRA)],
            ]
            if regular_at < now - timedelta(days=1):
                meeting = _new(
                    cell,
                    secretary_user,
                    kind=MeetingKind.REGULAR,
                    title=title,
                    starts_at=regular_at,
                    agenda=agenda,
                )
                if meeting is not None:
                    _hold(meeting, members, chair, taker, rng, index=index, minutes=120 if index % 7 else 80)
            else:
                upcoming = (regular_at, title, agenda, month, year)
            if (year, month) in thematic_months:  # one thematic meeting in every quarter of the year
                topic, topic_agenda = THEMATIC[(month // 3) % len(THEMATIC)]
                thematic_at = _at(date(year, month, 20), 8)
                meeting = _new(
                    cell,
                    secretary_user,
                    kind=MeetingKind.THEMATIC,
                    title=f"Chuyên đề: {topic}",
                    starts_at=thematic_at,
                    agenda=topic_agenda,
                )
                if meeting is not None and thematic_at < now - timedelta(days=1):
                    _hold(meeting, members, chair, taker, rng, index=index + 1, minutes=150)
        if upcoming is None:
            year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
            upcoming = (
                _at(date(year, month, 5)),
                f"Sinh hoạt thường kỳ tháng {month}/{year}",
                [
                    f"Đánh giá kết quả thực hiện nhiệm vụ tháng {today.month}/{today.year}",
                    "Phương hướng, nhiệm vụ tháng tới",
                    "Chuẩn bị đánh giá, xếp loại chất lượng cuối năm",
                ],
                month,
                year,
            )
        starts_at, title, agenda, month, year = upcoming
        if starts_at < now + timedelta(days=2):
            starts_at = _at(today + timedelta(days=4))
        meeting = _new(
            cell, secretary_user, kind=MeetingKind.REGULAR, title=title, starts_at=starts_at, agenda=agenda
        )
        if meeting is not None:
            services.meeting_notify(
                actor=secretary_user,
                meeting=meeting,
                message="Đề nghị các đồng chí nghiên cứu trước dự thảo nghị quyết.",
            )
            document = MeetingDocument(
                meeting=meeting,
                title=f"Dự thảo Nghị quyết chi bộ tháng {month}/{year}",
                uploaded_by=secretary_user,
            )
            document.file.save(
                "du-thao-nghi-quyet.docx", ContentFile(_draft_resolution(cell, month, year)), save=False
            )
            document.save()
            services.document_publish(actor=secretary_user, document=document)
        if not Notice.objects.filter(
            cell=cell, meeting__isnull=True, title__startswith="Thu đảng phí"
        ).exists():
            Notice.objects.create(
                cell=cell,
                title=f"Thu đảng phí tháng {today.month}/{today.year}",
                body="Đề nghị các đồng chí đảng viên nộp đảng phí trước ngày 10 hằng tháng cho đồng chí Chi ủy viên phụ trách.",
                published_at=now - timedelta(days=2),
                published_by=secretary_user,
            )
