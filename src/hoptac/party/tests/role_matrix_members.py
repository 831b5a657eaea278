"""Role-matrix entries of the members part: the committee's pages answer the secretary only; "my record" and the
status files answer the cell's party roles (a member only for their own file); everyone else gets 404."""

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
COMMITTEE = ("party_secretary",)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _member(ctx):
    from .factories import make_member

    return make_member(full_name="Phạm Văn Ma Trận")


def _member_pk(ctx):
    return {"pk": _member(ctx).pk}


def _probationary_pk(ctx):
    from datetime import date

    from .factories import make_member

    return {"pk": make_member(full_name="Đỗ Thị Dự Bị", admitted_on=date(2025, 9, 2), full_member_on=None).pk}


def _status_file(ctx):
    """A status decision with its file, of the persona's own record when it has one (else another member's)."""
    from datetime import date

    from django.core.files.base import ContentFile

    from hoptac.party.models import MemberStatusPeriod, PartyMember

    member = PartyMember.objects.filter(user=ctx.user).first() or _member(ctx)
    period = MemberStatusPeriod(member=member, status="exempted", starts_on=date(2024, 1, 1), document="QĐ 1")
    period.file.save("quyet-dinh.pdf", ContentFile(PDF), save=False)
    period.save()
    return {"pk": period.pk}


def _case(ctx):
    from datetime import date

    from hoptac.party.models import AdmissionCase

    from .personas import cell

    return AdmissionCase.objects.create(
        cell=cell(), full_name="Vũ Văn Ưu Tú", date_of_birth=date(2000, 4, 5), gender="male"
    )


def _case_pk(ctx):
    return {"pk": _case(ctx).pk}


def _step_file(ctx):
    from datetime import date

    from django.core.files.base import ContentFile

    from hoptac.party.models import AdmissionStep

    step = AdmissionStep(
        case=_case(ctx), stage="candidate", happened_on=date(2025, 1, 2), recorded_by=ctx.user
    )
    step.file.save("nghi-quyet.pdf", ContentFile(PDF), save=False)
    step.save()
    return {"pk": step.pk}


ROLE_MATRIX = [
    Expect("party:member_list", only(*COMMITTEE)),
    Expect("party:member_create", only(*COMMITTEE)),
    Expect("party:member_detail", only(*COMMITTEE), kwargs=_member_pk),
    Expect("party:member_edit", only(*COMMITTEE), kwargs=_member_pk),
    Expect("party:member_status", only(*COMMITTEE), kwargs=_member_pk),
    Expect("party:member_full", only(*COMMITTEE), kwargs=_probationary_pk),
    Expect("party:member_account", only(*COMMITTEE), kwargs=_member_pk),
    Expect("party:member_follow", only(*COMMITTEE, ok=302), kwargs=_probationary_pk, method="POST"),
    Expect("party:badge_award", only(*COMMITTEE), kwargs=_member_pk),
    Expect("party:status_file", only(*PARTY), kwargs=_status_file, note="own file"),
    Expect("party:my_record", only(*PARTY)),
    Expect("party:badge_list", only(*COMMITTEE)),
    Expect("party:admission_list", only(*COMMITTEE)),
    Expect("party:admission_create", only(*COMMITTEE)),
    Expect("party:admission_detail", only(*COMMITTEE), kwargs=_case_pk),
    Expect(
        "party:admission_step", only(*COMMITTEE), kwargs=_case_pk, method="POST", data={"stage": "training"}
    ),
    Expect("party:admission_step_file", only(*COMMITTEE), kwargs=_step_file),
]
