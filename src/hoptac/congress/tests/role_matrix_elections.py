"""Every elections URL × every persona: the cell's party roles see a congress's ballots, the lists, the ballot
paper once the vote is open, and the results and counting minutes once the count is closed; the actions are
for the presidium of the congress (the secretary persona is put on it) or, before the congress opens, the cell
committee — a member gets 404 there, as does everybody outside the party (the administrator included).
Actions answer 302 (done, back to a page). Each probe builds its congress with the elections tests' builders."""

from __future__ import annotations

from hoptac.core.testing.matrix import Expect, only

PARTY = ("party_secretary", "party_member")
DONE = only("party_secretary", ok=302)


def _secretary(ctx):
    return ctx.make_persona("party_secretary")


def _congress(state: str):
    def make(ctx):
        from .builders_elections import congress

        return congress(_secretary(ctx), state=state)

    return make


def _election(state: str = "in_session", *, outcome: str = "", round: int = 1, kind: str = "secretary"):
    """An election of a congress in ``state``: nominating with one name; or voting; or closed with ``outcome``
    ("elected": one seat filled; "short": nobody passed)."""

    def make(ctx):
        from .builders_elections import close_count, election, open_vote, people

        c = _congress(state)(ctx)
        names = ["Ứng Cử Một", "Ứng Cử Hai"]
        e = election(c, kind, seats=1, members=people(names), round=round)
        if outcome == "voting":
            open_vote(e)
        elif outcome == "elected":
            close_count(e, {"Ứng Cử Một": 9, "Ứng Cử Hai": 2}, summoned=12)
        elif outcome == "short":
            close_count(e, {"Ứng Cử Một": 6, "Ứng Cử Hai": 5}, summoned=12)
        return e

    return make


def _pk(maker):
    return lambda ctx: {"pk": maker(ctx).pk}


def _candidate(ctx):
    e = _election("preparing")(ctx)
    return {"pk": e.pk, "candidate": e.candidates.first().pk}


def _new_member(ctx):
    from hoptac.party.tests.factories import make_member

    return {
        "member": make_member(full_name="Người Được Giới Thiệu").pk,
        "source": "convening",
        "list_decision": "Đại hội chấp thuận danh sách.",
    }


DECISION = {"decision": "Đại hội biểu quyết tán thành 12/12."}

ROLE_MATRIX = [
    Expect("congress:congress_elections", only(*PARTY), kwargs=_pk(_congress("in_session"))),
    Expect(
        "congress:election_create",
        DONE,
        kwargs=_pk(_congress("preparing")),
        method="POST",
        data={"kind": "secretary", "seats": "1"},
    ),
    Expect("congress:election_detail", only(*PARTY), kwargs=_pk(_election())),
    Expect(
        "congress:candidate_nominate",
        DONE,
        kwargs=_pk(_election("preparing", kind="delegates")),  # delegates: any full member may stand
        method="POST",
        data=_new_member,
    ),
    Expect("congress:candidate_withdraw", DONE, kwargs=_candidate, method="POST", data=DECISION),
    Expect(
        "congress:election_open",
        DONE,
        kwargs=_pk(
            _election(kind="delegates")
        ),  # the personas make 9 or more: no secretary outside the committee
        method="POST",
        data={"ordering": "given", "list_decision": "Đại hội chấp thuận danh sách."},
    ),
    Expect("congress:ballot_pdf", only(*PARTY), kwargs=_pk(_election(outcome="voting"))),
    Expect("congress:election_results", only(*PARTY), kwargs=_pk(_election(outcome="elected"))),
    Expect("congress:election_results", only(*PARTY), kwargs=_pk(_election()), note="not closed"),
    Expect(
        "congress:election_next_round",
        DONE,
        kwargs=_pk(_election(outcome="short", kind="delegates")),
        method="POST",
        data=DECISION,
    ),
    Expect(
        "congress:election_appoint",
        DONE,
        kwargs=_pk(_election(outcome="short", round=3)),
        method="POST",
        data=DECISION,
    ),
    Expect("congress:election_apply", DONE, kwargs=_pk(_election(outcome="elected")), method="POST"),
    Expect("congress:counting_minutes_docx", only(*PARTY), kwargs=_pk(_election(outcome="elected"))),
    Expect("congress:counting_minutes_pdf", only(*PARTY), kwargs=_pk(_election(outcome="elected"))),
]
