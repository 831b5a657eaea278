"""The preparation part's services: good and bad cases (who may act, states, bad input), the summoned list from
the members' statuses on the congress date, the roll call, the service bodies and their roles, the resolution and
its term targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.accounts import roles
from hoptac.congress import selectors_congress as selectors
from hoptac.congress import services_congress as services
from hoptac.congress.models import Candidate, Election, Summons
from hoptac.core.errors import DomainError
from hoptac.party.models import MemberStatusPeriod, TermTarget
from hoptac.party.tests.factories import make_member, make_position, make_term, other_cell

from .builders_congress import HELD_ON, congress, me
from .factories import make_congress, make_members

pytestmark = pytest.mark.django_db


def _create(actor, cell, **overrides):
    data = {
        "actor": actor,
        "cell": cell,
        "title": "Đại hội Chi bộ nhiệm kỳ 2025–2030",
        "held_on": HELD_ON,
        "place": "Hội trường Viện",
        "term_name": "2025–2030",
        "term_starts_on": HELD_ON,
        "convening": [me(actor)],
    }
    data.update(overrides)
    return services.congress_create(**data)


def _pdf(name="bao-cao.pdf", body=b"%PDF-1.4 noi dung"):
    return SimpleUploadedFile(name, body)


def _codes(exc_info):
    return exc_info.value.code


# --- calling and changing the congress --------------------------------------------------------------------


def test_create_with_a_new_term_and_the_current_committee_by_default(secretary, cell):
    deputy = make_member(cell=cell, full_name="Phạm Thị Phó")
    make_position(
        deputy, "deputy_secretary", term=make_term(cell, name="2020–2025", starts_on=date(2020, 8, 1))
    )
    row = _create(secretary, cell, convening=None)
    assert row.state == "preparing" and row.term.name == "2025–2030" and row.term.starts_on == HELD_ON
    assert list(row.convening_committee.all()) == [deputy]
    assert row.double_entry and row.deputy_needed and row.created_by == secretary


def test_create_on_an_existing_free_term(secretary, cell):
    term = make_term(cell, name="2025–2030")
    row = _create(secretary, cell, term=term, term_name="", term_starts_on=None)
    assert row.term == term
    with pytest.raises(ValidationError) as exc:
        _create(secretary, cell, term=term)
    assert "term" in exc.value.message_dict


def test_create_refuses_an_existing_term_name_another_cells_term_and_a_member(secretary, member_user, cell):
    make_term(cell, name="2025–2030")
    with pytest.raises(ValidationError) as exc:
        _create(secretary, cell)
    assert "term_name" in exc.value.message_dict
    with pytest.raises(DomainError) as refused:
        _create(secretary, cell, term=make_term(other_cell(), name="2025–2030"))
    assert _codes(refused) == "other_cell"
    with pytest.raises(DomainError) as refused:
        _create(member_user, cell, term_name="2030–2035")
    assert _codes(refused) == "not_committee"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 256),
        ("title", 12),
        ("place", "   "),
        ("place", "p" * 201),
        ("held_on", "19/08/2025"),
        ("held_on", None),
        ("double_entry", "yes"),
        ("term_name", "n" * 51),
        ("term_starts_on", "2025-08-19"),
        ("convening", []),
    ],
)
def test_create_refuses_bad_input(secretary, cell, field, value):
    with pytest.raises(ValidationError) as exc:
        _create(secretary, cell, **{field: value})
    assert field in exc.value.message_dict


def test_convening_committee_is_full_members_of_the_cell(secretary, cell):
    probationary = make_member(cell=cell, full_member_on=None, admitted_on=date(2025, 1, 6))
    stranger = make_member(cell=other_cell())
    for pick in (probationary, stranger):
        with pytest.raises(ValidationError):
            _create(secretary, cell, convening=[me(secretary), pick])


def test_update_while_preparing_then_refused_once_open(secretary, cell):
    row = congress(secretary)
    done = services.congress_update(
        actor=secretary,
        congress=row,
        version=row.version,
        title="Đại hội Chi bộ (sửa)",
        held_on=date(2025, 8, 20),
        place="Phòng họp tầng 3",
        convening=[me(secretary)],
        double_entry=False,
        deputy_needed=False,
    )
    assert done.title == "Đại hội Chi bộ (sửa)" and not done.double_entry and done.version == row.version + 1
    with pytest.raises(DomainError) as stale:
        services.congress_update(
            actor=secretary,
            congress=row,
            version=row.version,
            title="Cũ",
            held_on=HELD_ON,
            place="x",
            convening=[me(secretary)],
            double_entry=True,
            deputy_needed=True,
        )
    assert _codes(stale) == "stale"
    services.summons_refresh(actor=secretary, congress=row)
    services.congress_open(actor=secretary, congress=row)
    with pytest.raises(DomainError) as refused:
        services.congress_update(
            actor=secretary,
            congress=row,
            version=done.version + 1,
            title="Muộn",
            held_on=HELD_ON,
            place="x",
            convening=[me(secretary)],
            double_entry=True,
            deputy_needed=True,
        )
    assert _codes(refused) == "wrong_state"


def test_other_cells_congress_is_refused(secretary, member_user):
    foreign = make_congress(cell=other_cell(), created_by=member_user)
    with pytest.raises(DomainError):
        services.summons_refresh(actor=secretary, congress=foreign)
    with pytest.raises(DomainError):
        services.document_upload(actor=secretary, congress=foreign, kind="other", file=_pdf())


# --- documents --------------------------------------------------------------------------------------------


def test_documents_are_versioned_per_kind(secretary):
    row = congress(secretary)
    first = services.document_upload(actor=secretary, congress=row, kind="political_report", file=_pdf())
    second = services.document_upload(
        actor=secretary, congress=row, kind="political_report", file=_pdf(), note="Bổ sung ý kiến góp ý"
    )
    other = services.document_upload(
        actor=secretary, congress=row, kind="draft_resolution", file=_pdf("du-thao.pdf"), title="Dự thảo NQ"
    )
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.title == "Báo cáo chính trị" and second.note == "Bổ sung ý kiến góp ý"
    groups = selectors.documents(user=secretary, congress=row)
    assert [g.kind for g in groups] == ["political_report", "draft_resolution"]
    assert [d.version for d in groups[0].versions] == [2, 1]


def test_documents_are_checked_by_content_and_by_whom(secretary, member_user):
    row = congress(secretary)
    with pytest.raises(ValidationError) as exc:
        services.document_upload(
            actor=secretary, congress=row, kind="other", file=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")
        )
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.document_upload(actor=secretary, congress=row, kind="minutes", file=_pdf())
    with pytest.raises(ValidationError):
        services.document_upload(actor=secretary, congress=row, kind="other", file=_pdf(), note="n" * 501)
    with pytest.raises(DomainError):
        services.document_upload(actor=member_user, congress=row, kind="other", file=_pdf())
    closed = congress(secretary, state="closed")
    with pytest.raises(DomainError) as refused:
        services.document_upload(actor=secretary, congress=closed, kind="other", file=_pdf())
    assert _codes(refused) == "wrong_state"


# --- the summoned list ------------------------------------------------------------------------------------


def _period(member, status, starts_on, *, ends_on=None, document=""):
    MemberStatusPeriod.objects.create(
        member=member, status=status, starts_on=starts_on, ends_on=ends_on, document=document
    )
    if ends_on is None:
        member.status, member.status_since = status, starts_on
        member.save(update_fields=["status", "status_since"])


def test_summons_follow_the_statuses_on_the_congress_date(secretary, cell):
    row = congress(secretary)
    active = make_member(cell=cell, full_name="Nguyễn Văn Thường")
    exempted = make_member(cell=cell, full_name="Lê Văn Miễn")
    _period(exempted, "exempted", date(2024, 1, 1))
    moved = make_member(cell=cell, full_name="Trần Văn Tạm")
    _period(moved, "temporarily_transferred", date(2025, 3, 1), document="QĐ 12-QĐ/ĐU")
    suspended = make_member(cell=cell, full_name="Đỗ Văn Đình")
    _period(suspended, "suspended", date(2025, 5, 1))
    probationary = make_member(
        cell=cell, full_name="Vũ Thị Dự", full_member_on=None, admitted_on=date(2025, 1, 6)
    )
    full_later = make_member(
        cell=cell, full_name="Hồ Văn Sau", admitted_on=date(2024, 10, 1), full_member_on=date(2025, 10, 1)
    )
    left = make_member(cell=cell, full_name="Phan Văn Đi")
    _period(left, "transferred_out", date(2025, 6, 1))
    dead = make_member(cell=cell, full_name="Ngô Văn Mất")
    _period(dead, "deceased", date(2025, 2, 1))
    struck = make_member(cell=cell, full_name="Mai Văn Xóa")
    _period(struck, "removed", date(2025, 4, 1))
    admitted_later = make_member(
        cell=cell, full_name="Tô Văn Mới", admitted_on=date(2025, 9, 1), full_member_on=None
    )
    # Suspended only after the congress date: active on the day.
    later = make_member(cell=cell, full_name="Cao Văn Muộn")
    _period(later, "active", date(2011, 3, 3), ends_on=date(2025, 8, 31))
    _period(later, "suspended", date(2025, 9, 1))
    # Back from a temporary transfer before the day.
    back = make_member(cell=cell, full_name="Lý Văn Về")
    _period(back, "temporarily_transferred", date(2024, 1, 1), ends_on=date(2025, 1, 31))
    _period(back, "active", date(2025, 2, 1))

    count = services.summons_refresh(actor=secretary, congress=row)
    lines = {s.member_id: s for s in Summons.objects.filter(congress=row)}
    status = {member_id: line.status for member_id, line in lines.items()}
    assert status == {
        me(secretary).pk: "summoned",
        active.pk: "summoned",
        exempted.pk: "summoned",
        moved.pk: "temporarily_transferred",
        suspended.pk: "suspended",
        probationary.pk: "probationary",
        full_later.pk: "probationary",
        later.pk: "summoned",
        back.pk: "summoned",
    }
    assert not {left.pk, dead.pk, struck.pk, admitted_later.pk} & set(lines)
    assert count == selectors.summoned_count(row) == 5
    assert lines[moved.pk].reason == "Chuyển sinh hoạt tạm thời từ ngày 01/03/2025 (QĐ 12-QĐ/ĐU)"
    assert lines[suspended.pk].reason.startswith("Đình chỉ sinh hoạt / bị truy tố từ ngày 01/05/2025")
    assert lines[probationary.pk].reason == "Đảng viên dự bị, vào Đảng ngày 06/01/2025"

    # The roll call moves the exempted absent and the approved absence out of the count.
    entries = dict.fromkeys(lines, ("present", ""))
    entries[exempted.pk] = ("absent", "")
    entries[active.pk] = ("absent_with_reason", "Đi công tác tỉnh")
    entries[back.pk] = ("absent", "")
    services.attendance_record(actor=secretary, congress=row, entries=entries)
    lines = {s.member_id: s for s in Summons.objects.filter(congress=row)}
    assert lines[exempted.pk].status == "exempted_absent"
    assert lines[active.pk].status == "absent_with_reason"
    assert lines[active.pk].reason == "Vắng mặt có lý do được chấp thuận: Đi công tác tỉnh"
    assert lines[back.pk].status == "summoned"  # absent without reason: still counted
    assert selectors.summoned_count(row) == 3
    summary = selectors.summary(row)
    assert (summary.summoned, summary.present, summary.present_voters, summary.probationary) == (3, 6, 2, 2)
    assert {s: n for s, _label, n in summary.excluded} == {
        "temporarily_transferred": 1,
        "exempted_absent": 1,
        "suspended": 1,
        "absent_with_reason": 1,
    }

    # A refresh keeps the roll call; a member leaving the roll leaves the list.
    MemberStatusPeriod.objects.filter(member=later, status="suspended").delete()
    MemberStatusPeriod.objects.filter(member=later, status="active").update(ends_on=date(2025, 7, 31))
    _period(later, "transferred_out", date(2025, 8, 1))  # recorded late, effective before the day
    services.summons_refresh(actor=secretary, congress=row)
    lines = {s.member_id: s for s in Summons.objects.filter(congress=row)}
    assert later.pk not in lines
    assert lines[active.pk].attendance == "absent_with_reason"


def test_roll_call_refusals(secretary, member_user, cell):
    row = congress(secretary, members=2, summons=True)
    ids = list(row.summons.values_list("member_id", flat=True))
    cases = [
        ({ids[0]: ("absent_with_reason", "  ")}, "reason_required"),
        ({ids[0]: ("absent_with_reason", "x" * 256)}, "reason_too_long"),
        ({ids[0]: ("late", "")}, "bad_attendance"),
        ({ids[0]: (1, "")}, "bad_attendance"),
        ({make_member(cell=cell).pk: ("present", "")}, "not_summoned"),
    ]
    for entries, code in cases:
        with pytest.raises(DomainError) as refused:
            services.attendance_record(actor=secretary, congress=row, entries=entries)
        assert _codes(refused) == code
    with pytest.raises(DomainError) as refused:
        services.attendance_record(actor=member_user, congress=row, entries={ids[0]: ("present", "")})
    assert _codes(refused) == "not_manager"


def test_open_needs_the_list_and_close_needs_every_election_closed(secretary):
    row = congress(secretary)
    with pytest.raises(DomainError) as refused:
        services.congress_open(actor=secretary, congress=row)
    assert _codes(refused) == "no_summons"
    services.summons_refresh(actor=secretary, congress=row)
    opened = services.congress_open(actor=secretary, congress=row)
    assert opened.state == "in_session" and opened.opened_at is not None
    with pytest.raises(DomainError):
        services.congress_open(actor=secretary, congress=row)
    Election.objects.create(congress=row, kind="secretary", seats=1)
    with pytest.raises(DomainError) as refused:
        services.congress_close(actor=secretary, congress=row)
    assert _codes(refused) == "elections_open"
    Election.objects.filter(congress=row).delete()
    closed = services.congress_close(actor=secretary, congress=row)
    assert closed.state == "closed" and closed.closed_at is not None


def test_a_closed_congress_is_frozen(secretary):
    row = congress(secretary, state="closed")
    member_id = row.summons.values_list("member_id", flat=True)[0]
    calls = [
        lambda: services.summons_refresh(actor=secretary, congress=row),
        lambda: services.attendance_record(
            actor=secretary, congress=row, entries={member_id: ("absent", "")}
        ),
        lambda: services.congress_close(actor=secretary, congress=row),
        lambda: services.resolution_adopt(actor=secretary, congress=row, text="Muộn", votes_for=1),
        lambda: services.body_approve(
            actor=secretary,
            congress=row,
            body="presidium",
            members=[me(secretary)],
            head=me(secretary),
            votes_for=1,
        ),
        lambda: services.resolution_target_add(
            actor=secretary, congress=row, label="X", level="good", share=70
        ),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert _codes(refused) == "wrong_state"


# --- service bodies ---------------------------------------------------------------------------------------


def _sitting(secretary, members=4, **options):
    """In session with the secretary and ``members`` members with log-ins, all present."""
    make_members(members, with_user=True)
    return congress(secretary, state="in_session", **options)


def _people(row):
    return [s.member for s in row.summons.select_related("member__user").order_by("member__name_sort")]


def test_body_approved_by_show_of_hands_gives_congress_roles(secretary):
    row = _sitting(secretary)
    people = _people(row)
    assert selectors.present_voters(row) == 5
    vote = services.body_approve(
        actor=secretary,
        congress=row,
        body="counting",
        members=people[1:3],
        head=people[1],
        votes_for=3,
        votes_against=1,
        votes_other=1,
    )
    assert (vote.votes_for, vote.votes_against, vote.votes_other) == (3, 1, 1)
    assert selectors.counters_of(row) == {people[1].pk, people[2].pk}
    counter = people[1].user
    counter.forget_roles()
    assert row.pk in counter.scope_ids(roles.CONGRESS_COUNTER)
    assert [d.is_head for d in row.duties.order_by("-is_head")] == [True, False]

    # Approved again without people[2]: their duty and role go.
    services.body_approve(
        actor=secretary,
        congress=row,
        body="counting",
        members=[people[1], people[3]],
        head=people[3],
        votes_for=5,
    )
    assert selectors.counters_of(row) == {people[1].pk, people[3].pk}
    people[2].user.forget_roles()
    assert row.pk not in people[2].user.scope_ids(roles.CONGRESS_COUNTER)

    # Removing one duty removes the role; closing keeps the others' roles.
    duty = row.duties.get(member=people[3])
    services.duty_remove(actor=secretary, duty=duty)
    people[3].user.forget_roles()
    assert row.pk not in people[3].user.scope_ids(roles.CONGRESS_COUNTER)
    services.congress_close(actor=secretary, congress=row)
    people[1].user.forget_roles()
    assert row.pk in people[1].user.scope_ids(roles.CONGRESS_COUNTER)


@pytest.mark.parametrize(
    ("votes", "code"),
    [
        ((3, 2, 1), "votes_over_present"),  # 6 hands, 5 present
        ((2, 2, 1), "not_majority"),
        ((2, 0, 0), "not_majority"),
    ],
)
def test_body_vote_counts_are_checked(secretary, votes, code):
    row = _sitting(secretary)
    people = _people(row)
    with pytest.raises(DomainError) as refused:
        services.body_approve(
            actor=secretary,
            congress=row,
            body="presidium",
            members=people[:1],
            head=people[0],
            votes_for=votes[0],
            votes_against=votes[1],
            votes_other=votes[2],
        )
    assert _codes(refused) == code


def test_exactly_half_is_not_a_majority(secretary):
    row = _sitting(secretary, members=3)  # 4 present
    people = _people(row)
    with pytest.raises(DomainError) as refused:
        services.body_approve(
            actor=secretary, congress=row, body="secretariat", members=people[:1], head=people[0], votes_for=2
        )
    assert "cần ít nhất 3" in str(refused.value.message)
    services.body_approve(
        actor=secretary, congress=row, body="secretariat", members=people[:1], head=people[0], votes_for=3
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("votes_for", -1),
        ("votes_for", "5"),
        ("votes_for", True),
        ("votes_against", 1.5),
        ("votes_other", 10_000),
    ],
)
def test_body_vote_refuses_bad_counts(secretary, field, value):
    row = _sitting(secretary)
    people = _people(row)
    data = {"votes_for": 5, "votes_against": 0, "votes_other": 0, field: value}
    with pytest.raises(ValidationError) as exc:
        services.body_approve(
            actor=secretary, congress=row, body="presidium", members=people[:1], head=people[0], **data
        )
    assert field in exc.value.message_dict


def test_body_members_head_and_counting_rules(secretary, cell):
    row = _sitting(secretary)
    people = _people(row)
    approve = lambda **kw: services.body_approve(  # noqa: E731
        actor=secretary, congress=row, **{"body": "presidium", "votes_for": 5, **kw}
    )
    with pytest.raises(ValidationError):
        approve(members=[], head=None)
    with pytest.raises(ValidationError):
        approve(members=people[:2], head=people[3])
    with pytest.raises(ValidationError):
        approve(members=people[:1], head=None)
    with pytest.raises(ValidationError):
        approve(members=people[:2], head=people[0], body="choir")
    services.attendance_record(actor=secretary, congress=row, entries={people[4].pk: ("absent", "")})
    with pytest.raises(DomainError) as refused:
        approve(members=[people[4]], head=people[4], votes_for=4)
    assert _codes(refused) == "not_present"
    with pytest.raises(DomainError) as refused:
        approve(members=[people[0]], head=people[0], body="counting", votes_for=4)
    assert _codes(refused) == "counting_too_small"
    # A candidate of an open election cannot count.
    election = Election.objects.create(congress=row, kind="secretary", seats=1)
    Candidate.objects.create(election=election, member=people[1], source="convening")
    with pytest.raises(DomainError) as refused:
        approve(members=people[1:3], head=people[2], body="counting", votes_for=4)
    assert _codes(refused) == "counter_is_candidate"
    # Nor one a further round of a closed election would list (seats left, no next round yet).
    Candidate.objects.filter(election=election).update(votes=1)
    Election.objects.filter(pk=election.pk).update(
        state="closed", summoned=5, issued=1, valid=1, invalid=0, not_returned=0
    )
    with pytest.raises(DomainError) as refused:
        approve(members=people[1:3], head=people[2], body="counting", votes_for=4)
    assert _codes(refused) == "counter_is_candidate"
    election = Election.objects.create(congress=row, kind="deputy_secretary", seats=1)
    # While a ballot is being counted the counting committee does not change.
    approve(members=people[2:4], head=people[2], body="counting", votes_for=4)
    Election.objects.filter(pk=election.pk).update(state="voting")
    with pytest.raises(DomainError) as refused:
        services.duty_remove(actor=secretary, duty=row.duties.filter(body="counting").first())
    assert _codes(refused) == "counting_busy"


def test_a_probationary_member_present_may_sit_on_the_secretariat_not_count(secretary, cell):
    make_member(cell=cell, full_name="Vũ Thị Dự", full_member_on=None, admitted_on=date(2025, 1, 6))
    row = _sitting(secretary, members=2)
    probationary = row.summons.get(status="probationary").member
    helper = me(secretary)
    services.body_approve(
        actor=secretary,
        congress=row,
        body="secretariat",
        members=[probationary],
        head=probationary,
        votes_for=2,
    )
    with pytest.raises(DomainError) as refused:
        services.body_approve(
            actor=secretary,
            congress=row,
            body="counting",
            members=[probationary, helper],
            head=helper,
            votes_for=2,
        )
    assert _codes(refused) == "counter_not_full"


def test_the_presidium_runs_the_sitting_congress_a_member_does_not(secretary, member_user):
    row = _sitting(secretary, members=2)
    chair = me(member_user)
    with pytest.raises(DomainError) as refused:
        services.resolution_adopt(actor=member_user, congress=row, text="NQ", votes_for=3)
    assert _codes(refused) == "not_manager"
    services.body_approve(
        actor=secretary, congress=row, body="presidium", members=[chair], head=chair, votes_for=3
    )
    member_user.forget_roles()
    assert services.may_manage(member_user, row)
    services.attendance_record(actor=member_user, congress=row, entries={chair.pk: ("present", "")})
    services.resolution_adopt(actor=member_user, congress=row, text="Nghị quyết", votes_for=3)
    # …but not another congress, nor the preparation of one.
    other = congress(secretary)
    assert not services.may_manage(member_user, other)


# --- resolution and term targets --------------------------------------------------------------------------


def test_resolution_adopted_by_show_of_hands(secretary):
    row = _sitting(secretary, members=2)  # 3 present
    with pytest.raises(DomainError) as refused:
        services.resolution_adopt(actor=secretary, congress=row, text="NQ", votes_for=3, votes_against=1)
    assert _codes(refused) == "votes_over_present"
    for text, votes, field in (
        ("", 3, "resolution"),
        ("x" * 20001, 3, "resolution"),
        ("NQ", "3", "votes_for"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.resolution_adopt(actor=secretary, congress=row, text=text, votes_for=votes)
        assert field in exc.value.message_dict
    done = services.resolution_adopt(actor=secretary, congress=row, text=" Nghị quyết Đại hội ", votes_for=2)
    assert done.resolution == "Nghị quyết Đại hội" and done.resolution_votes_for == 2
    assert done.resolution_adopted_at is not None


def test_resolution_targets_go_to_the_party_term_targets_with_their_conflicts(secretary):
    from hoptac.party import services_evaluation

    row = _sitting(secretary, members=2)
    good = services.resolution_target_add(
        actor=secretary,
        congress=row,
        label="Trên 70% hoàn thành tốt trở lên",
        level="good",
        share=Decimal("70"),
        comparison="gt",
    )
    excellent = services.resolution_target_add(
        actor=secretary, congress=row, label="30% hoàn thành xuất sắc", level="excellent", share=30
    )
    assert good.term == row.term and good.source == "congress"
    assert good.source_note == f"Nghị quyết {row.title}"
    rows, conflicts = selectors.term_targets(user=secretary, congress=row)
    assert [r.pk for r in rows] == [good.pk, excellent.pk]
    assert conflicts and any(r.flags for r in rows if r.pk == excellent.pk)
    # The committee's target screens do not edit a congress's target.
    with pytest.raises(DomainError):
        services_evaluation.target_delete(actor=secretary, target=excellent)
    for field, value in (
        ("label", ""),
        ("level", "best"),
        ("share", "70"),
        ("mode", "about"),
        ("comparison", "lt"),
    ):
        data = {"label": "X", "level": "good", "share": 50, field: value}
        with pytest.raises(ValidationError) as exc:
            services.resolution_target_add(actor=secretary, congress=row, **data)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.resolution_target_add(
            actor=secretary, congress=row, label="X", level="good", share=Decimal("101")
        )
    services.resolution_target_delete(actor=secretary, congress=row, target=excellent)
    assert not TermTarget.objects.filter(pk=excellent.pk).exists()
    committee_target = TermTarget.objects.create(term=row.term, label="Chi ủy", level="good", share=50)
    with pytest.raises(DomainError) as refused:
        services.resolution_target_delete(actor=secretary, congress=row, target=committee_target)
    assert _codes(refused) == "not_congress_target"


def test_the_roll_and_the_summoned_list_wait_while_a_vote_is_open(secretary):
    row = _sitting(secretary)
    people = _people(row)
    Election.objects.create(
        congress=row, kind="secretary", seats=1, state="voting", style="agree", summoned=5
    )
    with pytest.raises(DomainError) as refused:
        services.attendance_record(actor=secretary, congress=row, entries={people[0].pk: ("absent", "")})
    assert _codes(refused) == "voting"
    with pytest.raises(DomainError) as refused:
        services.summons_refresh(actor=secretary, congress=row)
    assert _codes(refused) == "voting"
    assert selectors.present_voters(row) == 5


def test_opening_records_the_cells_full_members(secretary):
    from hoptac.congress import selectors_elections

    row = congress(secretary, members=3, summons=True)
    assert row.full_members is None
    row = services.congress_open(actor=secretary, congress=row)
    assert row.full_members == 4
    make_members(6)  # joining later does not move the congress to the path of 9 or more
    row.refresh_from_db()
    assert selectors_elections.full_members_count(row) == 4
    assert not selectors_elections.committee_path(row)
