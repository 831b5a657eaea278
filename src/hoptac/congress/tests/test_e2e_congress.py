"""Browser test of a whole small congress (issue 7, must show): 12 full members summoned, the committee of 3
elected, then the secretary and the deputy from it — through the screens, each ballot typed by the two counters
on the keyboard-first entry screen, each count closed by the head of the counting committee, the results applied
to the new term's committee, and the counting minutes PDF holding every candidate's votes.

The cell, its members and the congress (called, summoned list drawn, roll call) are set up through the services:
that is not what is tested here."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from hoptac.core.testing.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHERS = [
    "Lê Văn Hải",
    "Phạm Thị Hoa",
    "Hoàng Văn Khoa",
    "Vũ Thị Loan",
    "Đặng Văn Minh",
    "Bùi Thị Ngân",
    "Đỗ Văn Phúc",
]


def _squash(text: str) -> str:
    return "".join(text.split())


def _setup(secretary):
    from hoptac.congress import services_congress
    from hoptac.congress.choices import Attendance
    from hoptac.party.models import PartyMember
    from hoptac.party.tests.factories import make_member
    from hoptac.party.tests.personas import cell as test_cell

    cell = test_cell()
    chair = PartyMember.objects.get(user=secretary)
    # two future committee members and the two counters have log-ins; seven more members without
    elect = [make_member(cell=cell, full_name=n, with_user=True) for n in ("Trần Văn Bảo", "Ngô Thị Cúc")]
    counters = [make_member(cell=cell, full_name=n, with_user=True) for n in ("Lý Văn Đức", "Mai Thị Giang")]
    rest = [make_member(cell=cell, full_name=n) for n in OTHERS]
    today = timezone.localdate()
    congress = services_congress.congress_create(
        actor=secretary,
        cell=cell,
        title="Đại hội Chi bộ thử nghiệm nhiệm kỳ 2025–2030",
        held_on=today,
        place="Hội trường Viện",
        term_name="2025–2030",
        term_starts_on=today,
        convening=[chair],
    )
    assert services_congress.summons_refresh(actor=secretary, congress=congress) == 12
    everyone = [chair, *elect, *counters, *rest]
    services_congress.attendance_record(
        actor=secretary, congress=congress, entries={m.pk: (Attendance.PRESENT, "") for m in everyone}
    )
    return congress, chair, elect, counters


def _browser(page, live_server, user):
    other = page.context.browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    other.set_default_timeout(20_000)
    errors: list[str] = []
    other.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    other.console_errors = errors
    log_in(other, user)
    return other


def _approve(page, body: str, members, head, hands: int) -> None:
    section = page.locator(f"[data-testid=body-section][data-body={body}]")
    for member in members:
        section.locator(f"input[name$=members][value='{member.pk}']").check()
    section.locator("select[name$=head]").select_option(value=str(head.pk))
    section.locator("input[name$=votes_for]").fill(str(hands))
    section.get_by_test_id("approve-body").click()
    expect(page.locator(f"[data-testid=body-section][data-body={body}] [data-testid=duty]")).to_have_count(
        len(members)
    )


def _election(page, congress, kind: str, seats: int, names) -> int:
    from hoptac.congress.models import Election

    page.goto(f"/dang/dai-hoi/{congress.pk}/bau-cu/")
    page.locator("select[name=kind]").select_option(kind)
    page.locator("input[name=seats]").fill(str(seats))
    page.get_by_test_id("do-create").click()
    page.wait_for_url(re.compile(r"/bau-cu/\d+/$"))
    for i, name in enumerate(names, start=1):
        page.locator("select[name=member]").select_option(label=name)
        page.get_by_test_id("do-nominate").click()
        expect(page.get_by_test_id("candidate")).to_have_count(i)
    page.get_by_test_id("do-open").click()
    expect(page.get_by_test_id("election-state")).to_have_text("Đang bỏ phiếu, kiểm phiếu")
    return Election.objects.get(congress=congress, kind=kind).pk


def _enter(page, election: int, codes: list[str]) -> None:
    """Type every paper ballot: its number, the agree keys (1 agree, 2 disagree) in ballot order, Enter."""
    page.goto(f"/dang/dai-hoi/kiem-phieu/{election}/")
    for number, code in enumerate(codes, start=1):
        page.locator("#id_number").fill(str(number))
        field = page.locator("[data-count-code]")
        field.fill(code)
        field.press("Enter")
        expect(page.get_by_test_id("saved")).to_contain_text(f"phiếu số {number} ")


def _close(page, election: int, issued: int) -> None:
    page.goto(f"/dang/dai-hoi/kiem-phieu/{election}/ket-thuc/")
    page.locator("input[name=issued]").fill(str(issued))
    page.locator("input[name=not_returned]").fill("0")
    page.locator("input[name=confirm]").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("do-close").click()
    page.get_by_test_id("count-results").wait_for()


def _results_and_apply(page, election: int, elected: int) -> None:
    page.goto(f"/dang/dai-hoi/bau-cu/{election}/ket-qua/")
    expect(page.locator("[data-testid=result][data-status=elected]")).to_have_count(elected)
    page.get_by_test_id("do-apply").click()
    expect(page.get_by_test_id("apply-form")).to_have_count(0)


def test_a_small_congress_elects_its_committee_then_the_secretary_and_the_deputy(
    page, live_server, make_persona
):
    from hoptac.congress.models import Candidate, Election
    from hoptac.party.models import CommitteePosition

    secretary = make_persona("party_secretary")
    congress, chair, elect, counters = _setup(secretary)
    first, second = (m.user for m in counters)

    # the secretary opens the congress, the congress approves its presidium and counting committee
    log_in(page, secretary)
    page.goto(f"/dang/dai-hoi/{congress.pk}/")
    page.get_by_test_id("congress-open").click()
    expect(page.get_by_test_id("congress-state")).to_contain_text("Đang họp")
    page.goto(f"/dang/dai-hoi/{congress.pk}/co-quan-giup-viec/")
    _approve(page, "presidium", [chair], chair, 12)
    _approve(page, "counting", counters, counters[0], 12)

    counter_pages = [_browser(page, live_server, first), _browser(page, live_server, second)]

    def vote(kind: str, seats: int, names, codes: list[str]) -> int:
        election = _election(page, congress, kind, seats, names)
        for counter in counter_pages:  # two readings by two counters: every ballot accepted
            _enter(counter, election, codes)
        _close(counter_pages[0], election, issued=len(codes))
        _results_and_apply(page, election, seats)
        return election

    committee = [chair.full_name, *(m.full_name for m in elect)]
    committee_vote = vote("committee", 3, committee, ["111"] * 10 + ["211", "121"])
    vote("secretary", 1, [chair.full_name], ["1"] * 11 + ["2"])
    vote("deputy_secretary", 1, [elect[0].full_name], ["1"] * 12)

    elected = {
        e.kind: {c.member_id for c in e.candidates.all() if c.elected}
        for e in Election.objects.filter(congress=congress)
    }
    assert elected == {
        "committee": {chair.pk, elect[0].pk, elect[1].pk},
        "secretary": {chair.pk},
        "deputy_secretary": {elect[0].pk},
    }
    held = dict(
        CommitteePosition.objects.filter(term=congress.term, ends_on__isnull=True).values_list(
            "member_id", "position"
        )
    )
    assert held == {chair.pk: "secretary", elect[0].pk: "deputy_secretary", elect[1].pk: "committee_member"}

    # the counting minutes of the committee ballot hold every candidate's votes
    response = page.request.get(f"/dang/dai-hoi/bau-cu/{committee_vote}/bien-ban-kiem-phieu.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _squash("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages))
    votes = {c.member.full_name: c.votes for c in Candidate.objects.filter(election_id=committee_vote)}
    assert sorted(votes.values()) == [11, 11, 12]
    for name, n in votes.items():
        assert _squash(name) + str(n) in text, name

    for counter in counter_pages:
        assert counter.console_errors == []
        counter.context.close()
    assert page.console_errors == []
