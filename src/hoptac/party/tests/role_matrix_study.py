"""Role-matrix entries of the study part (directives and study, commendations, supervision, residence feedback),
and the small builders the study tests share.

Directives, study and commendations open to the cell's party roles (members see their own records); supervision
and residence feedback to the committee only. Everybody else meets 404; anonymous visitors go to log in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
COMMITTEE = ("party_secretary",)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --------------------------------------------------------------------------------------------- builders


def the_cell():
    from .personas import cell

    return cell()


def committee_user():
    """A user on the test cell's committee (for builders that record who did it)."""
    from hoptac.accounts.models import User

    from .factories import make_member

    found = User.objects.filter(username="study.builder").first()
    if found:
        return found
    member = make_member(
        full_name="Phạm Văn Chi Ủy", with_user=True, roles=("cell_secretary", "party_member")
    )
    member.user.username = "study.builder"
    member.user.save(update_fields=["username"])
    return member.user


def make_directive(cell=None, *, with_file: bool = False, **fields):
    from hoptac.party.models import Directive

    fields.setdefault("kind", "resolution")
    fields.setdefault("number", "01-NQ/ĐH")
    fields.setdefault("title", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")
    fields.setdefault("issuing_body", "Ban Chấp hành Trung ương Đảng")
    fields.setdefault("issued_on", date(2021, 2, 1))
    directive = Directive(cell=cell or the_cell(), **fields)
    if with_file:
        directive.file.save("nghi-quyet.pdf", ContentFile(PDF), save=False)
    directive.save()
    return directive


def make_meeting(
    cell=None, *, state: str = "held", when: datetime | None = None, title: str = "Sinh hoạt tháng 3"
):
    from hoptac.party.models import Meeting

    return Meeting.objects.create(
        cell=cell or the_cell(),
        kind="combined",
        title=title,
        starts_at=when or timezone.now() - timedelta(days=3),
        place="Phòng họp tầng 3",
        state=state,
        created_by=committee_user(),
    )


def make_plan(cell=None, year: int | None = None):
    from hoptac.party.models import SupervisionPlan

    year = year or timezone.localdate().year
    plan, _created = SupervisionPlan.objects.get_or_create(
        cell=cell or the_cell(), year=year, defaults={"title": f"Kế hoạch kiểm tra, giám sát năm {year}"}
    )
    return plan


def make_item(plan=None, **fields):
    from hoptac.party.models import SupervisionItem

    fields.setdefault("kind", "supervision")
    fields.setdefault("topic", "Việc thực hiện Nghị quyết của chi bộ về chuyển giao KHCN")
    return SupervisionItem.objects.create(plan=plan or make_plan(), **fields)


def own_member(user):
    from hoptac.party.models import PartyMember

    from .factories import make_member

    return PartyMember.objects.filter(user=user).first() or make_member(full_name="Hoàng Văn Không Liên Quan")


def make_feedback(member, *, year: int | None = None, with_file: bool = False):
    from hoptac.party.models import ResidenceFeedback

    year = year or timezone.localdate().year
    feedback = ResidenceFeedback(
        member=member,
        year=year,
        received_on=date(year, 1, 15) if year < timezone.localdate().year else timezone.localdate(),
        organisation="Chi bộ tổ dân phố 5, phường Cầu Giấy",
        content="Gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước và quy định nơi cư trú.",
        assessment="good",
        recorded_by=committee_user(),
    )
    if with_file:
        feedback.file.save("nhan-xet.pdf", ContentFile(PDF), save=False)
    feedback.save()
    return feedback


# --------------------------------------------------------------------------------------------- matrix


def _directive(ctx, **options):
    return {"pk": make_directive(**options).pk}


def _session(ctx):
    from hoptac.party.models import StudySession

    session = StudySession.objects.create(directive=make_directive(), held_on=date(2021, 4, 2))
    return {"pk": session.pk}


def _recognition(ctx):
    from hoptac.party.models import Recognition

    from .factories import make_member

    member = make_member(full_name="Vũ Thị Được Khen")
    row = Recognition.objects.create(
        member=member,
        kind="commendation",
        decided_on=date(2025, 12, 20),
        reason="Hoàn thành xuất sắc nhiệm vụ",
        recorded_by=committee_user(),
    )
    return {"pk": row.pk}


def _plan(ctx):
    return {"pk": make_plan().pk}


def _item(ctx):
    return {"pk": make_item().pk}


def _task_item(ctx):
    from .factories import make_member

    ctx.owner_pk = make_member(full_name="Đỗ Văn Phụ Trách").pk
    return {"pk": make_item().pk}


def _task(ctx):
    from hoptac.party.models import FollowUpTask

    from .factories import make_member

    item = make_item()
    task = FollowUpTask.objects.create(
        cell=item.plan.cell,
        supervision=item,
        title="Bổ sung hồ sơ",
        owner=make_member(),
        due_on=date(2026, 12, 1),
    )
    return {"pk": task.pk}


def _member(ctx):
    from .factories import make_member

    return {"member_pk": make_member(full_name="Ngô Thị Cư Trú").pk}


def _residence(ctx):
    return {"year": timezone.localdate().year, **_member(ctx)}


def _residence_file(ctx):
    return {"pk": make_feedback(own_member(ctx.user), with_file=True).pk}


ROLE_MATRIX = [
    Expect("party:directive_list", only(*PARTY)),
    Expect("party:directive_create", only(*COMMITTEE)),
    Expect("party:directive_detail", only(*PARTY), kwargs=_directive),
    Expect("party:directive_edit", only(*COMMITTEE), kwargs=_directive),
    Expect("party:directive_file", only(*PARTY), kwargs=lambda ctx: _directive(ctx, with_file=True)),
    Expect("party:study_record_grid", only(*COMMITTEE), kwargs=_directive),
    Expect(
        "party:study_self_report",
        only(*PARTY, ok=302),
        kwargs=_directive,
        method="POST",
        data={"self_study": "on"},
        note="a member marks their own self-study",
    ),
    Expect("party:study_session_create", only(*COMMITTEE), kwargs=_directive),
    Expect("party:study_session_edit", only(*COMMITTEE), kwargs=_session),
    Expect("party:study_session_attendance", only(*COMMITTEE, ok=302), kwargs=_session, method="POST"),
    Expect("party:recognition_list", only(*PARTY)),
    Expect("party:recognition_create", only(*COMMITTEE)),
    Expect("party:recognition_edit", only(*COMMITTEE), kwargs=_recognition),
    Expect("party:supervision_list", only(*COMMITTEE)),
    Expect("party:supervision_plan_create", only(*COMMITTEE)),
    Expect("party:supervision_plan_edit", only(*COMMITTEE), kwargs=_plan),
    Expect("party:supervision_item_create", only(*COMMITTEE), kwargs=_plan),
    Expect("party:supervision_item", only(*COMMITTEE), kwargs=_item),
    Expect("party:supervision_item_edit", only(*COMMITTEE), kwargs=_item),
    Expect(
        "party:supervision_item_conclude",
        only(*COMMITTEE, ok=302),
        kwargs=_item,
        method="POST",
        data={"conclusion": "Đảng viên chấp hành tốt Điều lệ Đảng.", "concluded_on": "01/02/2026"},
    ),
    Expect(
        "party:supervision_task_create",
        only(*COMMITTEE, ok=302),
        kwargs=_task_item,
        method="POST",
        data=lambda ctx: {"title": "Báo cáo khắc phục", "owner": ctx.owner_pk, "due_on": "31/12/2026"},
    ),
    Expect("party:supervision_task_done", only(*COMMITTEE, ok=302), kwargs=_task, method="POST", data={}),
    Expect("party:residence_list", only(*COMMITTEE)),
    Expect("party:residence_edit", only(*COMMITTEE), kwargs=_residence),
    Expect("party:residence_exempt", only(*COMMITTEE), kwargs=_member),
    Expect("party:residence_file", only(*PARTY), kwargs=_residence_file, note="the member's own feedback"),
]
