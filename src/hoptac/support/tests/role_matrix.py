"""Every support URL × every persona, with requests of the representative's own cooperative (Đắk Lắk) and of
another province (Cà Mau). Each probe builds its own request, so one persona's action never changes what the
next one finds."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core.testing.matrix import Expect, only

READ_ALL = ("system_admin", "institute_leader", "alliance_planner", "alliance_viewer")
LAB = ("lab_analyst", "lab_reviewer", "lab_manager")
LIST_ROLES = (
    *READ_ALL,
    "institute_expert",
    *LAB,
    "coordinator_daklak",
    "coordinator_camau",
    "cooperative_rep",
)
CREATORS = (
    "institute_leader",
    "institute_expert",
    "coordinator_daklak",
    "coordinator_camau",
    "cooperative_rep",
)
SEE_DAKLAK = (*READ_ALL, "coordinator_daklak", "cooperative_rep")
WRITE_DAKLAK = ("institute_leader", "coordinator_daklak", "cooperative_rep")
PDF = b"%PDF-1.4\n% hoptac\n"


def _request(ctx, state="submitted", *, camau=False, **extra):
    from hoptac.support.choices import State

    from .builders import camau_cooperative, make_request

    if camau:
        return make_request(
            created_by=ctx.make_persona("coordinator_camau"),
            coop=camau_cooperative(),
            state=State(state),
            **extra,
        )
    return make_request(created_by=ctx.make_persona("cooperative_rep"), state=State(state), **extra)


def _pk(**options):
    return lambda ctx: {"pk": _request(ctx, **options).pk}


def _assigned(ctx):
    return {"pk": _request(ctx, "assigned", assignee=ctx.make_persona("institute_expert")).pk}


def _transition(action, **options):
    return lambda ctx: {"pk": _request(ctx, **options).pk, "action": action}


def _resolved(ctx):
    leader = ctx.make_persona("institute_leader")
    return {"pk": _request(ctx, "resolved", assignee=leader).pk, "action": "danh-gia"}


def _attachment(*, internal):
    def build(ctx):
        from hoptac.support.models import Attachment

        request = _request(ctx)
        stored = f"support/{uuid.uuid4().hex}.pdf"
        path = Path(settings.MEDIA_ROOT) / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PDF)
        attachment = Attachment.objects.create(
            request=request,
            uploaded_by=ctx.make_persona("coordinator_daklak"),
            filename="bien-ban.pdf",
            stored_file=stored,
            content_type="application/pdf",
            size=len(PDF),
            internal=internal,
        )
        return {"pk": request.pk, "file_pk": attachment.pk}

    return build


def _work(ctx):
    from django.utils import timezone

    return {"kind": "consultation", "date": timezone.localdate().strftime("%d/%m/%Y"), "hours": "1,5",
            "description": "Tư vấn qua điện thoại."}  # fmt: skip


ROLE_MATRIX = [
    Expect("support:request_list", only(*LIST_ROLES)),
    Expect(
        "support:statistics",
        only(
            "system_admin",
            "institute_leader",
            "alliance_planner",
            "alliance_viewer",
            "coordinator_daklak",
            "coordinator_camau",
        ),
        data={"tu": "01/01/2026", "den": "31/12/2026"},
    ),
    Expect("support:request_export_csv", only(*LIST_ROLES), data={"xem": "tat-ca"}),
    Expect("support:request_export_xlsx", only(*LIST_ROLES), data={"xem": "tat-ca"}),
    Expect("support:request_create", only(*CREATORS)),
    Expect("support:cooperative_search", only(*CREATORS), data={"cooperative_text": "Ea Tu"}),
    Expect(
        "support:request_detail", only(*SEE_DAKLAK), kwargs=_pk(), note="Đắk Lắk, the representative's own"
    ),
    Expect(
        "support:request_detail", only(*READ_ALL, "coordinator_camau"), kwargs=_pk(camau=True), note="Cà Mau"
    ),
    Expect(
        "support:request_detail",
        only(*SEE_DAKLAK, "institute_expert"),
        kwargs=_assigned,
        note="assigned to the expert",
    ),
    Expect("support:request_detail", only("cooperative_rep"), kwargs=_pk(state="draft"), note="a draft"),
    Expect("support:request_edit", only("cooperative_rep"), kwargs=_pk(state="draft"), note="a draft"),
    Expect("support:request_edit", only("cooperative_rep"), kwargs=_pk(state="returned"), note="returned"),
    Expect(
        "support:request_transition",
        {**only(*SEE_DAKLAK, ok=403), "coordinator_daklak": 200},
        kwargs=_transition("tra-lai"),
        method="POST",
        note="return without a reason: the coordinator is asked for one, others may not",
    ),
    Expect(
        "support:request_transition",
        {**only(*SEE_DAKLAK, ok=403), "cooperative_rep": 302},
        kwargs=_resolved,
        data={"rating": "5"},
        method="POST",
        note="confirm and rate",
    ),
    Expect(
        "support:work_log_add",
        {**only(*SEE_DAKLAK, "institute_expert", ok=403), "institute_expert": 302, "institute_leader": 302},
        kwargs=_assigned,
        data=_work,
        method="POST",
    ),
    Expect(
        "support:comment_add",
        # Read-only roles see the request but do not write to it (403: they know it exists).
        {**only(*SEE_DAKLAK, ok=403), **dict.fromkeys(WRITE_DAKLAK, 302)},
        kwargs=_pk(),
        data={"body": "Xin chào"},
        method="POST",
    ),
    Expect(
        "support:attachment_upload",
        # Read-only roles see the request but do not write to it (403: they know it exists).
        {**only(*SEE_DAKLAK, ok=403), **dict.fromkeys(WRITE_DAKLAK, 302)},
        kwargs=_pk(),
        data=lambda ctx: {"file": SimpleUploadedFile("ho-so.pdf", PDF, "application/pdf")},
        method="POST",
    ),
    Expect(
        "support:attachment_download",
        only(*SEE_DAKLAK),
        kwargs=_attachment(internal=False),
        note="shared file",
    ),
    Expect(
        "support:attachment_download",
        only(*READ_ALL, "coordinator_daklak"),
        kwargs=_attachment(internal=True),
        note="internal file: not the cooperative",
    ),
    Expect("support:sla_settings", only("system_admin", "institute_leader"), note="SLA settings"),
    Expect(
        "support:sla_settings",
        only("system_admin", "institute_leader", ok=200),
        method="POST",
        data={"all__endorsement": "abc"},
        note="a bad value is shown back, nothing saved",
    ),
]
