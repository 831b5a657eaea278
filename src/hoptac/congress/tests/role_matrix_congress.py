"""Every URL of the congress's preparation × every persona: the cell's party roles see the congress list, its
page and its documents; only the committee (the secretary) calls and prepares it, and only the committee (or the
congress's presidium, not a persona here) runs the roll call, the service bodies and the resolution — a member
gets 404 there, as does everybody outside the party. Actions answer 302 (done, back to the page). Each probe
builds its congress through the services."""

from __future__ import annotations

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
COMMITTEE = ("party_secretary",)
DONE = only(*COMMITTEE, ok=302)


def _secretary(ctx):
    return ctx.make_persona("party_secretary")


def _pk(state: str, **options):
    def make(ctx):
        from .builders_congress import congress

        ctx.congress = congress(_secretary(ctx), state=state, **options)
        return {"pk": ctx.congress.pk}

    return make


def _document(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoptac.congress import services_congress as services

    from .builders_congress import congress

    row = congress(_secretary(ctx))
    doc = services.document_upload(
        actor=_secretary(ctx),
        congress=row,
        kind="political_report",
        file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao"),
    )
    return {"pk": row.pk, "doc": doc.pk}


def _upload(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "kind": "draft_resolution",
        "title": "Dự thảo nghị quyết",
        "note": "Bản đầu",
        "file": SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 du thao"),
    }


def _new_congress(ctx):
    from hoptac.party.models import PartyMember

    from .builders_congress import term_name

    return {
        "term": "",
        "term_name": term_name(),
        "term_starts_on": "19/08/2025",
        "title": "Đại hội Chi bộ nhiệm kỳ 2025–2030",
        "held_on": "19/08/2025",
        "place": "Hội trường Viện",
        "convening": [PartyMember.objects.get(user=_secretary(ctx)).pk],
        "double_entry": "on",
    }


def _edit_data(ctx):
    data = _new_congress(ctx)
    data["version"] = ctx.congress.version
    return data


def _presidium(ctx):
    from .builders_congress import me, present_count

    member = me(_secretary(ctx)).pk
    return {
        "presidium-members": [member],
        "presidium-head": member,
        "presidium-votes_for": present_count(ctx.congress),
        "presidium-votes_against": 0,
        "presidium-votes_other": 0,
    }


def _duty(ctx):
    from hoptac.congress import services_congress as services

    from .builders_congress import congress, me, present_count

    secretary = _secretary(ctx)
    row = congress(secretary, state="in_session")
    services.body_approve(
        actor=secretary,
        congress=row,
        body="secretariat",
        members=[me(secretary)],
        head=me(secretary),
        votes_for=present_count(row),
    )
    return {"pk": row.pk, "duty": row.duties.get().pk}


def _resolution_data(ctx):
    from .builders_congress import present_count

    return {"resolution": "Nhất trí thông qua.", "votes_for": present_count(ctx.congress), "votes_against": 0}


TARGET = {
    "label": "Trên 70% hoàn thành tốt",
    "level": "good",
    "mode": "or_above",
    "comparison": "gt",
    "share": "70",
}


def _target(ctx):
    from hoptac.congress import services_congress as services

    from .builders_congress import congress

    row = congress(_secretary(ctx), state="in_session")
    target = services.resolution_target_add(
        actor=_secretary(ctx), congress=row, label="Trên 70% hoàn thành tốt", level="good", share=70
    )
    return {"pk": row.pk, "target": target.pk}


ROLE_MATRIX = [
    Expect("congress:congress_list", only(*PARTY)),
    Expect("congress:congress_create", only(*COMMITTEE)),
    Expect("congress:congress_create", DONE, method="POST", data=_new_congress, note="POST"),
    Expect("congress:congress_detail", only(*PARTY), kwargs=_pk("preparing")),
    Expect("congress:congress_detail", only(*PARTY), kwargs=_pk("in_session"), note="in session"),
    Expect("congress:congress_edit", only(*COMMITTEE), kwargs=_pk("preparing")),
    Expect(
        "congress:congress_edit", DONE, kwargs=_pk("preparing"), method="POST", data=_edit_data, note="POST"
    ),
    Expect("congress:congress_document_upload", DONE, kwargs=_pk("preparing"), method="POST", data=_upload),
    Expect("congress:congress_document_file", only(*PARTY), kwargs=_document),
    Expect("congress:congress_roll_call", only(*COMMITTEE), kwargs=_pk("preparing", summons=True)),
    Expect(
        "congress:congress_roll_call",
        DONE,
        kwargs=_pk("preparing", summons=True),
        method="POST",
        data=lambda ctx: {f"attendance-{s.member_id}": "present" for s in ctx.congress.summons.all()},
        note="POST",
    ),
    Expect("congress:congress_summons_refresh", DONE, kwargs=_pk("preparing"), method="POST"),
    Expect("congress:congress_open", DONE, kwargs=_pk("preparing", summons=True), method="POST"),
    Expect("congress:congress_close", DONE, kwargs=_pk("in_session"), method="POST"),
    Expect("congress:congress_bodies", only(*COMMITTEE), kwargs=_pk("in_session")),
    Expect(
        "congress:congress_body_approve",
        DONE,
        kwargs=lambda ctx: {**_pk("in_session")(ctx), "body": "presidium"},
        method="POST",
        data=_presidium,
    ),
    Expect("congress:congress_duty_remove", DONE, kwargs=_duty, method="POST"),
    Expect("congress:congress_resolution", only(*COMMITTEE), kwargs=_pk("in_session")),
    Expect(
        "congress:congress_resolution",
        DONE,
        kwargs=_pk("in_session"),
        method="POST",
        data=_resolution_data,
        note="POST",
    ),
    Expect("congress:congress_target_add", DONE, kwargs=_pk("in_session"), method="POST", data=TARGET),
    Expect("congress:congress_target_delete", DONE, kwargs=_target, method="POST"),
]
