"""Demo data of the congress app (called by ``demo_data`` after the party module's demo).

Two congresses of the institute's cell, built through the services as the secretary and the duty holders would:

* the 2022–2025 congress of 19/08/2022 (the seed article), closed: the members admitted by then summoned, one
  absent with an approved reason, the bodies approved by show of hands, the committee of three elected first,
  then the secretary and the deputy from it, each count entered and closed, the resolution adopted with the
  article's targets. Its elected are the 2022–2025 positions the party demo already recorded, so the results
  are not applied again (``election_apply_results`` would answer "already recorded"). Its dates are those of
  the day (19/08/2022); the times the services stamp (opened, counted, closed) are those of the demo's run. The
  cell had only one member with a
  log-in who was not a candidate (the other log-ins were elected), so that count was entered once (the congress
  decided single entry); the counting committee still has two members.
* the 2025–2030 congress, held ``today`` on a new term, in session and ready to count: summoned list drawn, roll
  call done, bodies approved (counting committee: the log-ins ``chiuy`` and ``dangvien``), the committee ballot
  (3 seats, 4 names with the congress's decision on the surplus) open, and the first ballots entered by both
  counters, so whoever tries the demo goes on counting.

Idempotent: a congress already recorded on its term is left alone. Returns what was created.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from hoptac.core.audit import acting_as
from hoptac.party.choices import OFF_ROLL, MemberStatus
from hoptac.party.models import PartyMember, Term, TermTarget

from . import rules, services_congress, services_counting, services_elections
from .choices import Attendance, Body, CandidateSource, ElectionKind, SummonsStatus
from .models import Congress, Election

PLACE = "Hội trường Viện Khoa học, Công nghệ và Môi trường, Liên minh Hợp tác xã Việt Nam"
OLD_TERM = "2022–2025"
OLD_DAY = date(2022, 8, 19)
NEW_TERM = "2025–2030"
SURPLUS_DECISION = (
    "Đại hội biểu quyết 100% tán thành danh sách bầu cử gồm 4 đồng chí cho 3 chỗ (số dư vượt 30%)."
)
RESOLUTION_2022 = (
    "Đại hội Chi bộ Viện nhiệm kỳ 2022–2025 thống nhất: (1) Học tập, quán triệt đầy đủ nội dung Nghị quyết Đại "
    "hội Đảng lần thứ XIII và Nghị quyết Đại hội Đảng bộ Liên minh HTX Việt Nam lần thứ IX; (2) Lãnh đạo, chỉ "
    "đạo phát huy tinh thần đoàn kết hoàn thành tốt các nhiệm vụ chính trị được Liên minh HTX Việt Nam giao, "
    "nâng cao hiệu quả các hoạt động dịch vụ khoa học công nghệ cho khu vực kinh tế hợp tác, hợp tác xã; "
    "(3) Phấn đấu 100% đảng viên hoàn thành nhiệm vụ, trong đó trên 70% hoàn thành tốt nhiệm vụ, 30% hoàn "
    "thành xuất sắc nhiệm vụ; giữ vững danh hiệu “Chi bộ trong sạch vững mạnh”."
)
# The institute's indices in party.demo.MEMBERS: 0 bithu, 1 phobithu, 2 chiuy, 3 dangvien (log-ins).
SECRETARY, DEPUTY, COMMITTEE_MEMBER, DANGVIEN = 0, 1, 2, 3


def _title(cell, term_name: str) -> str:
    return f"Đại hội {cell.name} nhiệm kỳ {term_name}"


def _fresh(user):
    """The roles just granted by a body's approval are read again."""
    user.forget_roles()
    return user


def _on_roll(member: PartyMember) -> bool:
    return member.status not in OFF_ROLL


def _roll_call(actor, congress: Congress, absent: dict[int, str]) -> None:
    """Everyone on the list present, except ``absent`` (member id → approved reason)."""
    entries = {
        line.member_id: (
            (Attendance.ABSENT_WITH_REASON, absent[line.member_id])
            if line.member_id in absent
            else (Attendance.PRESENT, "")
        )
        for line in congress.summons.all()
    }
    services_congress.attendance_record(actor=actor, congress=congress, entries=entries)


def _bodies(actor, congress: Congress, *, presidium, secretariat, counting) -> None:
    hands = services_congress.present_voters(congress)
    for body, people in (
        (Body.PRESIDIUM, presidium),
        (Body.SECRETARIAT, secretariat),
        (Body.COUNTING, counting),
    ):
        services_congress.body_approve(
            actor=actor, congress=congress, body=body, members=people, head=people[0], votes_for=hands
        )


def _election(actor, congress: Congress, kind: str, seats: int, names, *, decision: str = "") -> Election:
    election = services_elections.election_create(actor=actor, congress=congress, kind=kind, seats=seats)
    for i, member in enumerate(names):
        services_elections.candidate_nominate(
            actor=actor,
            election=election,
            member=member,
            source=CandidateSource.CONVENING,
            list_decision=decision if i == len(names) - 1 else "",
        )
    return services_elections.election_open(actor=actor, election=election, list_decision=decision)


def _agree_ballots(election: Election, disagree: dict[int, int], count: int) -> list[dict]:
    """``count`` agree/disagree ballots; ``disagree``: member id → how many ballots disagree with them."""
    names = services_counting.ballot_candidates(election)
    ballots = []
    for n in range(count):
        marks = {
            c.pk: rules.Mark.DISAGREE if n < disagree.get(c.member_id, 0) else rules.Mark.AGREE for c in names
        }
        ballots.append({"marks": marks})
    return ballots


def _count(election: Election, counters, ballots: list[dict], *, head, issued: int) -> Election:
    services_counting.fill_ballots(election=election, counters=counters, ballots=ballots)
    return services_counting.count_close(
        actor=head, election=election, issued=issued, not_returned=issued - len(ballots)
    )


def _historical(cell, members: list[PartyMember], secretary_user, created: dict) -> Congress | None:
    """The 2022–2025 congress of 19/08/2022, recorded closed on the term the party demo created."""
    term = Term.objects.filter(cell=cell, name=OLD_TERM).first()
    if term is None or Congress.objects.filter(term=term).exists():
        return None
    me = secretary_user
    secretary, deputy, committee_member, counter = (
        members[i] for i in (SECRETARY, DEPUTY, COMMITTEE_MEMBER, DANGVIEN)
    )
    committee = [secretary, deputy, committee_member]
    others = [m for m in members[4:] if m.full_member_on and m.full_member_on <= OLD_DAY and _on_roll(m)]
    congress = services_congress.congress_create(
        actor=me,
        cell=cell,
        title=_title(cell, OLD_TERM),
        held_on=OLD_DAY,
        place=PLACE,
        term=term,
        convening=committee,
        double_entry=False,
    )
    services_congress.summons_refresh(actor=me, congress=congress)
    created["congresses"] += 1
    absent = others[-1]
    _roll_call(
        me, congress, {absent.pk: "Đi công tác tại Liên minh HTX tỉnh Lâm Đồng (được chi ủy chấp thuận)"}
    )
    services_congress.congress_open(actor=me, congress=congress)
    _bodies(
        me,
        congress,
        presidium=[secretary, deputy],
        secretariat=[others[5]],
        counting=[counter, others[1]],
    )
    me, counter_user = _fresh(me), _fresh(counter.user)
    summoned = services_congress.summoned_count(congress)
    steps = (  # kind, seats, names, member → ballots disagreeing
        (ElectionKind.COMMITTEE, 3, committee, {deputy.pk: 1, committee_member.pk: 2}),
        (ElectionKind.SECRETARY, 1, [secretary], {}),
        (ElectionKind.DEPUTY_SECRETARY, 1, [deputy], {deputy.pk: 1}),
    )
    for kind, seats, names, disagree in steps:
        election = _election(me, congress, kind, seats, names)
        ballots = _agree_ballots(election, disagree, summoned)
        _count(election, [counter_user], ballots, head=counter_user, issued=summoned)
        created["elections"] += 1
        created["ballots"] += summoned
    services_congress.resolution_adopt(actor=me, congress=congress, text=RESOLUTION_2022, votes_for=summoned)
    created["targets"] += _targets(me, congress)
    services_congress.congress_close(actor=me, congress=congress)
    return congress


def _targets(actor, congress: Congress) -> int:
    """The article's targets: the evaluation demo writes them on the term (source congress); only those missing
    are added through the resolution (same labels, so neither demo duplicates the other)."""
    from hoptac.party.demo_evaluation import SEED_TARGETS

    known = set(TermTarget.objects.filter(term=congress.term).values_list("label", flat=True))
    added = 0
    for label, level, comparison, share in SEED_TARGETS:
        if label in known:
            continue
        services_congress.resolution_target_add(
            actor=actor, congress=congress, label=label, level=level, share=share, comparison=comparison
        )
        added += 1
    return added


def _open(cell, members: list[PartyMember], secretary_user, today: date, created: dict) -> Congress | None:
    """The 2025–2030 congress, in session, its committee ballot being counted."""
    if Congress.objects.filter(cell=cell, term__name=NEW_TERM).exists():
        return None
    me = secretary_user
    secretary, deputy, chiuy, dangvien = (members[i] for i in (SECRETARY, DEPUTY, COMMITTEE_MEMBER, DANGVIEN))
    congress = services_congress.congress_create(
        actor=me,
        cell=cell,
        title=_title(cell, NEW_TERM),
        held_on=today,
        place=PLACE,
        term_name=NEW_TERM,
        term_starts_on=today,
    )
    created["congresses"] += 1
    created["terms"] += 1
    services_congress.summons_refresh(actor=me, congress=congress)
    congress.refresh_from_db()
    absent = {}
    for line in congress.summons.select_related("member"):
        if line.status == SummonsStatus.TEMPORARILY_TRANSFERRED:
            absent[line.member_id] = "Đang sinh hoạt đảng tạm thời nơi học tập"
        elif line.member.status == MemberStatus.EXEMPTED:
            absent[line.member_id] = "Miễn sinh hoạt đảng, đang điều trị dài ngày"
    _roll_call(me, congress, absent)
    services_congress.congress_open(actor=me, congress=congress)
    listed = set(congress.summons.filter(status=SummonsStatus.SUMMONED).values_list("member_id", flat=True))
    others = [m for m in members[4:] if m.pk in listed]
    _bodies(
        me,
        congress,
        presidium=[secretary, deputy],
        secretariat=[others[-1]],
        counting=[chiuy, dangvien],
    )
    me = _fresh(me)
    election = _election(
        me,
        congress,
        ElectionKind.COMMITTEE,
        3,
        [secretary, deputy, others[0], others[1]],
        decision=SURPLUS_DECISION,
    )
    created["elections"] += 1
    names = services_counting.ballot_candidates(election)
    # the first ballots: each crosses out one name (a different one in turn; the fourth name most often)
    struck = [names[3], names[2], names[3], names[1], names[3]]
    ballots = [{"marks": {c.pk: rules.Mark.STRUCK}} for c in struck]
    done = services_counting.fill_ballots(
        election=election, counters=[_fresh(chiuy.user), _fresh(dangvien.user)], ballots=ballots
    )
    created["ballots"] += len(done)
    return congress


@transaction.atomic
def load(*, cell, members, secretary_user, today: date) -> dict:
    """Load the congress demo; returns what was created (all zero on a second run)."""
    order = [m.pk for m in members]
    fresh = PartyMember.objects.select_related("user").in_bulk(order)
    members = [fresh[pk] for pk in order]
    created = {"congresses": 0, "terms": 0, "elections": 0, "ballots": 0, "targets": 0}
    with acting_as(secretary_user, command="demo_data"):
        _historical(cell, members, secretary_user, created)
        _open(cell, members, secretary_user, today, created)
    return created


def load_demo_cell(*, today: date) -> dict:
    """``load`` for the party demo's cell (``demo_data`` calls this after ``hoptac.party.demo.load``)."""
    from hoptac.party import demo as party_demo
    from hoptac.party.models import PartyCell

    cell = PartyCell.objects.get(name=party_demo.CELL_NAME)
    by_name = {m.full_name: m for m in PartyMember.objects.filter(cell=cell).select_related("user")}
    members = [by_name[row[0]] for row in party_demo.MEMBERS]
    return load(cell=cell, members=members, secretary_user=members[0].user, today=today)
