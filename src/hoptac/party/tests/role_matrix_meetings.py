"""Every meetings and notices URL × every persona: the cell's party roles see the meetings, notices, published
documents and closed minutes; only the committee (the secretary) schedules, notifies, records and closes — a
member gets 404 there, as does everybody outside the party (the administrator and the institute's leader
included). Actions answer 302 (done, back to the page). Each probe builds its meeting through the services."""

from __future__ import annotations

from datetime import timedelta

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
COMMITTEE = ("party_secretary",)
DONE = only(*COMMITTEE, ok=302)


def _secretary(ctx):
    return ctx.make_persona("party_secretary")


def _meeting(state: str, **options):
    def make(ctx):
        from .builders_meetings import meeting

        return meeting(_secretary(ctx), state=state, **options)

    return make


def _pk(state: str, **options):
    return lambda ctx: {"pk": _meeting(state, **options)(ctx).pk}


def _document(*, published: bool):
    def make(ctx):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from hoptac.party import services_meetings as services

        secretary = _secretary(ctx)
        m = _meeting("notified", starts_at=timezone.now() + timedelta(days=3))(ctx)
        doc = services.document_upload(
            actor=secretary,
            meeting=m,
            title="Dự thảo nghị quyết",
            file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 du thao"),
        )
        if published:
            services.document_publish(actor=secretary, document=doc)
        return {"pk": m.pk, "doc": doc.pk}

    return make


def _conclusion(ctx):
    from hoptac.party import services_meetings as services

    m = _meeting("held")(ctx)
    row = services.conclusion_add(actor=_secretary(ctx), meeting=m, text="Nhất trí với báo cáo")
    return {"pk": m.pk, "conclusion": row.pk}


def _task(ctx):
    from django.utils import timezone

    from hoptac.party import services_meetings as services
    from hoptac.party.models import PartyMember

    secretary = _secretary(ctx)
    m = _meeting("held")(ctx)
    task = services.task_add(
        actor=secretary,
        meeting=m,
        title="Nộp báo cáo",
        owner=PartyMember.objects.get(user=secretary),
        due_on=timezone.localdate(m.starts_at) + timedelta(days=7),
    )
    return {"pk": m.pk, "task": task.pk}


def _ready_to_close(ctx):
    from hoptac.party import services_meetings as services
    from hoptac.party.models import PartyMember

    secretary = _secretary(ctx)
    m = _meeting("held")(ctx)
    me = PartyMember.objects.get(user=secretary)
    services.minutes_update(
        actor=secretary,
        meeting=m,
        version=m.version,
        chair=me,
        minute_taker=me,
        ends_at=m.starts_at + timedelta(hours=2),
    )
    return {"pk": m.pk}


def _owner_data(ctx):
    from django.utils import timezone

    from hoptac.party.models import PartyMember

    return {
        "title": "Rà soát hồ sơ đảng viên",
        "owner": PartyMember.objects.get(user=_secretary(ctx)).pk,
        "due_on": (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y"),
    }


def _upload(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"title": "Báo cáo tháng", "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4")}


def _today(ctx):
    from django.utils import timezone

    return {"done_on": timezone.localdate().strftime("%d/%m/%Y"), "result": "Đã xong"}


NEW_MEETING = {
    "kind": "regular",
    "title": "Sinh hoạt thường kỳ tháng 12/2026",
    "starts_at": "05/12/2026 14:00",
    "ends_at": "05/12/2026 16:00",
    "place": "Phòng họp tầng 3",
    "agenda": "Kiểm điểm tháng 11\nPhương hướng tháng 12",
}

ROLE_MATRIX = [
    Expect("party:meeting_list", only(*PARTY)),
    Expect("party:meeting_create", only(*COMMITTEE)),
    Expect("party:meeting_create", DONE, method="POST", data=NEW_MEETING, note="POST"),
    Expect("party:meeting_detail", only(*PARTY), kwargs=_pk("notified")),
    Expect("party:meeting_detail", only(*COMMITTEE), kwargs=_pk("planned"), note="planned"),
    Expect("party:meeting_edit", only(*COMMITTEE), kwargs=_pk("planned")),
    Expect("party:meeting_notify", DONE, kwargs=_pk("planned"), method="POST", data={"message": ""}),
    Expect("party:meeting_cancel", DONE, kwargs=_pk("planned"), method="POST", data={"reason": "Trùng lịch"}),
    Expect("party:meeting_document_upload", DONE, kwargs=_pk("notified"), method="POST", data=_upload),
    Expect("party:meeting_document_publish", DONE, kwargs=_document(published=False), method="POST"),
    Expect("party:meeting_document_delete", DONE, kwargs=_document(published=False), method="POST"),
    Expect("party:meeting_document_file", only(*PARTY), kwargs=_document(published=True)),
    Expect(
        "party:meeting_document_file", only(*COMMITTEE), kwargs=_document(published=False), note="unpublished"
    ),
    Expect("party:meeting_attendance", only(*COMMITTEE), kwargs=_pk("notified")),
    Expect("party:meeting_minutes", only(*COMMITTEE), kwargs=_pk("held")),
    Expect(
        "party:meeting_agenda_add", DONE, kwargs=_pk("held"), method="POST", data={"title": "Việc phát sinh"}
    ),
    Expect(
        "party:meeting_conclusion_add",
        DONE,
        kwargs=_pk("held"),
        method="POST",
        data={"kind": "conclusion", "text": "Nhất trí với báo cáo"},
    ),
    Expect("party:meeting_conclusion_delete", DONE, kwargs=_conclusion, method="POST"),
    Expect("party:meeting_task_add", DONE, kwargs=_pk("held"), method="POST", data=_owner_data),
    Expect("party:meeting_task_done", DONE, kwargs=_task, method="POST", data=_today),
    Expect("party:meeting_close", DONE, kwargs=_ready_to_close, method="POST"),
    Expect(
        "party:meeting_reopen", DONE, kwargs=_pk("closed"), method="POST", data={"reason": "Ghi thiếu ý kiến"}
    ),
    Expect("party:meeting_minutes_docx", only(*PARTY), kwargs=_pk("closed")),
    Expect("party:meeting_minutes_pdf", only(*PARTY), kwargs=_pk("closed")),
    Expect("party:notice_list", only(*PARTY)),
    Expect("party:notice_create", DONE, method="POST", data={"title": "Nộp đảng phí quý IV", "body": ""}),
]
