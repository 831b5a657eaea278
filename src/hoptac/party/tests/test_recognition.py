"""Commendations and reminders/criticisms/discipline: the services, who sees what, and the evaluation's read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoptac.core.errors import DomainError
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party import selectors_study as selectors
from hoptac.party import services_study as services
from hoptac.party.models import PartyMember, Recognition

from .factories import make_member, other_cell
from .role_matrix_study import committee_user

pytestmark = pytest.mark.django_db


def data(member, **changes):
    return {
        "member": member,
        "kind": "reminder",
        "decided_on": date(2026, 3, 5),
        "reason": "Chậm nộp bài thu hoạch Nghị quyết Đại hội XIII",
        "decided_by": "Chi bộ",
        "document": "Biên bản sinh hoạt tháng 3/2026",
        "self_remedied": False,
        **changes,
    }


def test_the_committee_records_a_reminder(cell, secretary, other_member):
    row = services.recognition_create(actor=secretary, cell=cell, data=data(other_member))
    assert row.pk and row.recorded_by == secretary and row.kind == "reminder"


def test_a_member_cannot_record_one(cell, member_user, other_member):
    with pytest.raises(DomainError):
        services.recognition_create(actor=member_user, cell=cell, data=data(other_member))


def test_another_cells_member_is_refused(cell, secretary):
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    with pytest.raises(DomainError) as refused:
        services.recognition_create(actor=secretary, cell=cell, data=data(stranger))
    assert refused.value.code == "other_cell"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"kind": "medal"}, "kind"),
        ({"decided_on": date.today() + timedelta(days=2)}, "decided_on"),
    ],
    ids=["blank reason", "too long", "unknown kind", "future date"],
)
def test_bad_input_is_refused_on_its_field(cell, secretary, other_member, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.recognition_create(actor=secretary, cell=cell, data=data(other_member, **changes))
    assert field in refused.value.error_dict
    assert not Recognition.objects.exists()


def test_a_commendation_is_never_self_remedied(cell, secretary, other_member):
    row = services.recognition_create(
        actor=secretary, cell=cell, data=data(other_member, kind="commendation", self_remedied=True)
    )
    assert row.self_remedied is False


def test_editing_keeps_the_rules(cell, secretary, other_member):
    row = services.recognition_create(actor=secretary, cell=cell, data=data(other_member))
    services.recognition_update(actor=secretary, recognition=row, data={"kind": "criticism"})
    row.refresh_from_db()
    assert row.kind == "criticism"
    with pytest.raises(ValidationError):
        services.recognition_update(actor=secretary, recognition=row, data={"reason": ""})


def test_recognitions_for_counts_every_kind_of_the_year(cell, other_member):
    recorder = committee_user()
    for kind, day in [
        ("commendation", date(2026, 1, 10)),
        ("commendation", date(2026, 8, 19)),
        ("reminder", date(2026, 3, 5)),
        ("discipline", date(2026, 4, 1)),
        ("commendation", date(2025, 12, 31)),  # another year
    ]:
        Recognition.objects.create(
            member=other_member, kind=kind, decided_on=day, reason="Lý do", recorded_by=recorder
        )
    summary = selectors.recognitions_for(other_member, 2026)
    assert summary.counts == {"commendation": 2, "reminder": 1, "criticism": 0, "discipline": 1}
    assert [r.decided_on for r in summary.items] == [
        date(2026, 1, 10),
        date(2026, 3, 5),
        date(2026, 4, 1),
        date(2026, 8, 19),
    ]
    assert summary.commendations == 2 and summary.negatives == 2 and summary.unremedied_discipline
    empty = selectors.recognitions_for(other_member, 2024)
    assert (
        empty.counts == {"commendation": 0, "reminder": 0, "criticism": 0, "discipline": 0}
        and empty.items == []
    )


def test_a_self_remedied_discipline_does_not_force_the_level(cell, other_member):
    Recognition.objects.create(
        member=other_member,
        kind="discipline",
        decided_on=date(2026, 4, 1),
        reason="Lý do",
        self_remedied=True,
        recorded_by=committee_user(),
    )
    assert not selectors.recognitions_for(other_member, 2026).unremedied_discipline


def test_a_member_sees_only_their_own_in_the_list(cell, member_user, member_client, other_member):
    mine = PartyMember.objects.get(user=member_user)
    recorder = committee_user()
    Recognition.objects.create(
        member=mine, kind="commendation", decided_on=date(2026, 5, 1), reason="Của tôi", recorded_by=recorder
    )
    Recognition.objects.create(
        member=other_member,
        kind="criticism",
        decided_on=date(2026, 5, 1),
        reason="Của người khác",
        recorded_by=recorder,
    )
    page = member_client.get(reverse("party:recognition_list"), {"nam": 2026})
    assert page.status_code == 200
    assert "Của tôi" in page.content.decode() and "Của người khác" not in page.content.decode()
    assert 'data-testid="add-recognition"' not in page.content.decode()


def test_a_member_cannot_open_the_edit_page(cell, member_client, other_member):
    row = Recognition.objects.create(
        member=other_member,
        kind="reminder",
        decided_on=date(2026, 5, 1),
        reason="Lý do",
        recorded_by=committee_user(),
    )
    assert member_client.get(reverse("party:recognition_edit", args=[row.pk])).status_code == 404


def test_the_form_keeps_what_was_typed_on_bad_input(cell, committee_client, other_member):
    url = reverse("party:recognition_create")
    response = committee_client.post(
        url,
        {"member": other_member.pk, "kind": "reminder", "decided_on": "31/02/2026", "reason": "Đi họp muộn"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "dd/mm/yyyy" in body and "Đi họp muộn" in body
    assert not Recognition.objects.exists()
    ok = committee_client.post(
        url,
        {"member": other_member.pk, "kind": "reminder", "decided_on": "27/02/2026", "reason": "Đi họp muộn"},
    )
    assert ok.status_code == 302 and Recognition.objects.count() == 1


def test_the_list_costs_the_same_queries_for_5_and_50_rows(cell, committee_client):
    recorder = committee_user()

    def add(n):
        for i in range(n):
            member = make_member(cell=cell, full_name=f"Đảng Viên Khen {i}")
            Recognition.objects.create(
                member=member,
                kind="commendation",
                decided_on=date(2026, 2, 3),
                reason="Tốt",
                recorded_by=recorder,
            )

    url = reverse("party:recognition_list") + "?nam=2026"
    assert_constant_queries(lambda: committee_client.get(url), add, budget=20)
