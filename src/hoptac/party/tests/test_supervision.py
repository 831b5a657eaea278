"""The inspection and supervision plan: one per year, items of members or topics, findings, conclusion, tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoptac.core.errors import DomainError
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.party import services_study as services
from hoptac.party.models import FollowUpTask, SupervisionItem, SupervisionPlan

from .factories import make_member, other_cell
from .role_matrix_study import make_item, make_plan

pytestmark = pytest.mark.django_db


def test_one_plan_per_year(cell, secretary):
    services.supervision_plan_create(actor=secretary, cell=cell, year=2026, title="Kế hoạch KTGS năm 2026")
    with pytest.raises(DomainError) as refused:
        services.supervision_plan_create(actor=secretary, cell=cell, year=2026, title="Lần nữa")
    assert refused.value.code == "duplicate"
    assert SupervisionPlan.objects.count() == 1


def test_a_plan_needs_a_title_and_a_sensible_year(cell, secretary):
    with pytest.raises(ValidationError):
        services.supervision_plan_create(actor=secretary, cell=cell, year=2026, title="  ")
    with pytest.raises(DomainError):
        services.supervision_plan_create(actor=secretary, cell=cell, year=1800, title="Kế hoạch")


def test_a_member_cannot_make_a_plan(cell, member_user):
    with pytest.raises(DomainError):
        services.supervision_plan_create(actor=member_user, cell=cell, year=2026, title="Kế hoạch")


def test_an_item_of_a_member_with_someone_responsible(cell, secretary, other_member):
    responsible = make_member(cell=cell, full_name="Lý Văn Kiểm Tra")
    item = services.supervision_item_create(
        actor=secretary,
        plan=make_plan(cell, 2026),
        data={
            "kind": "inspection",
            "subject_member": other_member,
            "topic": "Việc chấp hành Điều lệ Đảng và nhiệm vụ được phân công",
            "starts_on": date(2026, 5, 1),
            "ends_on": date(2026, 5, 31),
            "responsible": responsible,
        },
    )
    assert item.state == "planned"


@pytest.mark.parametrize(
    ("changes", "field_or_code"),
    [
        ({"topic": ""}, "topic"),
        ({"topic": "x" * 501}, "topic"),
        ({"starts_on": date(2026, 5, 31), "ends_on": date(2026, 5, 1)}, "ends_on"),
        ({"kind": "audit"}, "kind"),
    ],
    ids=["no topic", "too long", "ends before start", "unknown kind"],
)
def test_bad_items_are_refused(cell, secretary, changes, field_or_code):
    data = {"kind": "supervision", "topic": "Thực hiện nghị quyết", **changes}
    with pytest.raises(ValidationError) as refused:
        services.supervision_item_create(actor=secretary, plan=make_plan(cell, 2026), data=data)
    assert field_or_code in refused.value.error_dict


def test_an_item_cannot_name_another_cells_member(cell, secretary):
    stranger = make_member(cell=other_cell(), full_name="Người Chi Bộ Khác")
    with pytest.raises(DomainError) as refused:
        services.supervision_item_create(
            actor=secretary,
            plan=make_plan(cell, 2026),
            data={"kind": "inspection", "subject_member": stranger, "topic": "Chấp hành"},
        )
    assert refused.value.code == "other_cell"


def test_recording_findings_puts_the_item_in_progress(cell, secretary):
    item = make_item(make_plan(cell, 2026))
    services.supervision_item_update(
        actor=secretary, item=item, data={"findings": "Chi bộ đã phổ biến nghị quyết."}
    )
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_concluding_requires_text_and_date(cell, secretary):
    item = make_item(make_plan(cell, 2026))
    with pytest.raises(ValidationError) as refused:
        services.supervision_item_conclude(actor=secretary, item=item, conclusion="   ", concluded_on=None)
    assert set(refused.value.error_dict) == {"conclusion", "concluded_on"}
    item.refresh_from_db()
    assert item.state == "planned"


def test_concluding_in_the_future_or_before_the_start_is_refused(cell, secretary):
    item = make_item(make_plan(cell, 2026), starts_on=date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.supervision_item_conclude(
            actor=secretary, item=item, conclusion="Kết luận", concluded_on=date.today() + timedelta(days=3)
        )
    with pytest.raises(ValidationError):
        services.supervision_item_conclude(
            actor=secretary, item=item, conclusion="Kết luận", concluded_on=date(2026, 2, 1)
        )


def test_a_concluded_item_is_final(cell, secretary):
    item = make_item(make_plan(cell, 2026))
    services.supervision_item_conclude(
        actor=secretary, item=item, conclusion="Thực hiện tốt.", concluded_on=date(2026, 6, 1)
    )
    item.refresh_from_db()
    assert item.state == "concluded" and item.concluded_on == date(2026, 6, 1)
    with pytest.raises(DomainError) as again:
        services.supervision_item_conclude(
            actor=secretary, item=item, conclusion="Lại", concluded_on=date(2026, 6, 2)
        )
    assert again.value.code == "concluded"
    with pytest.raises(DomainError):
        services.supervision_item_update(actor=secretary, item=item, data={"findings": "Thêm"})


def test_follow_up_tasks_are_assigned_and_done_once(cell, secretary, other_member):
    item = make_item(make_plan(cell, 2026))
    task = services.supervision_task_create(
        actor=secretary, item=item, title="Báo cáo khắc phục", owner=other_member, due_on=date(2026, 12, 15)
    )
    assert task.cell_id == cell.pk and task.supervision_id == item.pk
    services.supervision_task_done(
        actor=secretary, task=task, done_on=date(2026, 11, 1), result="Đã nộp báo cáo"
    )
    task.refresh_from_db()
    assert task.done_on == date(2026, 11, 1)
    with pytest.raises(DomainError) as again:
        services.supervision_task_done(actor=secretary, task=task)
    assert again.value.code == "already_done"


def test_a_task_owner_must_be_on_the_roll(cell, secretary):
    gone = make_member(cell=cell, full_name="Đã Từ Trần", status="deceased")
    with pytest.raises(DomainError) as refused:
        services.supervision_task_create(
            actor=secretary,
            item=make_item(make_plan(cell, 2026)),
            title="Việc",
            owner=gone,
            due_on=date(2026, 12, 1),
        )
    assert refused.value.code == "off_roll"


def test_another_cells_committee_gets_404_on_our_items(cell, login):
    foreign_secretary = make_member(
        cell=other_cell(),
        full_name="Bí Thư Chi Bộ Khác",
        with_user=True,
        roles=("cell_secretary", "party_member"),
    )
    item = make_item(make_plan(cell, 2026))
    client = login(foreign_secretary.user)
    assert client.get(reverse("party:supervision_item", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("party:supervision_item_conclude", args=[item.pk]),
            {"conclusion": "x", "concluded_on": "01/06/2026"},
        ).status_code
        == 404
    )
    item.refresh_from_db()
    assert item.state == "planned"


def test_the_conclude_form_shows_the_services_message(cell, committee_client):
    item = make_item(make_plan(cell, 2026))
    response = committee_client.post(
        reverse("party:supervision_item_conclude", args=[item.pk]), {"conclusion": "", "concluded_on": ""}
    )
    assert response.status_code == 200
    assert "Hãy ghi nội dung kết luận." in response.content.decode()


def test_the_plan_page_costs_the_same_queries_for_5_and_50_items(cell, committee_client):
    plan = make_plan(cell, 2026)

    def add(n):
        for i in range(n):
            owner = make_member(cell=cell, full_name=f"Người Được Giám Sát {i}")
            item = SupervisionItem.objects.create(
                plan=plan, kind="supervision", subject_member=owner, responsible=owner, topic=f"Nội dung {i}"
            )
            FollowUpTask.objects.create(
                cell=cell, supervision=item, title="Việc", owner=owner, due_on=date(2026, 1, 1)
            )

    assert_constant_queries(
        lambda: committee_client.get(reverse("party:supervision_list"), {"nam": 2026}), add, budget=20
    )


def test_the_item_page_costs_the_same_queries_for_5_and_50_tasks(cell, committee_client, other_member):
    item = make_item(make_plan(cell, 2026))

    def add(n):
        for i in range(n):
            owner = make_member(cell=cell, full_name=f"Người Phụ Trách {i}")
            FollowUpTask.objects.create(
                cell=cell, supervision=item, title=f"Việc {i}", owner=owner, due_on=date(2026, 1, 1)
            )

    assert_constant_queries(
        lambda: committee_client.get(reverse("party:supervision_item", args=[item.pk])), add, budget=25
    )


def test_too_long_findings_or_conclusion_are_refused(cell, secretary):
    item = make_item(make_plan(cell, 2026))
    with pytest.raises(ValidationError) as findings:
        services.supervision_item_update(actor=secretary, item=item, data={"findings": "x" * 20001})
    assert "findings" in findings.value.error_dict
    with pytest.raises(ValidationError) as conclusion:
        services.supervision_item_conclude(
            actor=secretary, item=item, conclusion="x" * 20001, concluded_on=date(2026, 6, 1)
        )
    assert "conclusion" in conclusion.value.error_dict
