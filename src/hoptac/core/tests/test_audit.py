"""Every model is tracked; bulk writes are recorded with the acting user; history is shown to those who may see."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from hoptac.accounts.models import OrgUnit, UnitKind, User
from hoptac.core.audit import acting_as, event_model_for, history_of

pytestmark = pytest.mark.django_db


def _hoptac_models():
    for model in apps.get_models():
        if not model.__module__.startswith("hoptac."):
            continue
        if getattr(model, "pgh_tracked_model", None) is not None:  # an event model itself
            continue
        yield model


def test_every_model_of_every_app_is_tracked_or_says_why_not():
    untracked = [
        model._meta.label
        for model in _hoptac_models()
        if event_model_for(model) is None and not getattr(model, "audit_exempt", "")
    ]
    assert untracked == []


def test_each_model_has_its_own_event_table():
    tables = [event_model_for(m)._meta.db_table for m in _hoptac_models() if event_model_for(m)]
    assert len(tables) == len(set(tables))
    assert event_model_for(User)._meta.db_table == "accounts_userevent"


def test_passwords_are_never_copied_into_history():
    field_names = {f.name for f in event_model_for(User)._meta.fields}
    assert "password" not in field_names
    assert "full_name" in field_names


def _events(model, **filters):
    return event_model_for(model).objects.filter(**filters).select_related("pgh_context").order_by("pgh_id")


def test_queryset_update_is_recorded_with_the_acting_user(make_persona):
    admin = make_persona("system_admin")
    unit = OrgUnit.objects.create(
        code="phong-thu", name="Phòng Thử nghiệm", kind=UnitKind.INSTITUTE_DEPARTMENT
    )
    with acting_as(admin):
        updated = OrgUnit.objects.filter(pk=unit.pk).update(name="Phòng Thử nghiệm mới")
    assert updated == 1
    event = _events(OrgUnit, pgh_obj_id=unit.pk, pgh_label="update").get()
    assert event.name == "Phòng Thử nghiệm mới"
    assert event.pgh_context.metadata["user"] == admin.pk


def test_bulk_create_is_recorded_with_the_acting_user(make_persona):
    admin = make_persona("system_admin")
    with acting_as(admin, command="import"):
        units = OrgUnit.objects.bulk_create(
            [
                OrgUnit(code=f"bulk-{i}", name=f"Đơn vị {i}", kind=UnitKind.INSTITUTE_DEPARTMENT, sort_key="")
                for i in range(3)
            ]
        )
    events = list(_events(OrgUnit, pgh_obj_id__in=[u.pk for u in units], pgh_label="insert"))
    assert len(events) == 3
    assert {e.pgh_context.metadata["user"] for e in events} == {admin.pk}
    assert {e.pgh_context.metadata["command"] for e in events} == {"import"}


def test_delete_is_recorded():
    unit = OrgUnit.objects.create(code="xoa", name="Sẽ xoá", kind=UnitKind.INSTITUTE_DEPARTMENT)
    pk = unit.pk
    unit.delete()
    assert _events(OrgUnit, pgh_obj_id=pk, pgh_label="delete").count() == 1


def test_changes_made_through_a_request_name_the_user(client_as, make_persona):
    admin_client = client_as("system_admin")
    target = make_persona("institute_expert")
    response = admin_client.post(
        reverse("accounts:user_edit", args=[target.pk]),
        {
            "username": target.username,
            "email": target.email,
            "full_name": "Phạm Thu Chuyên Gia",
            "language": "vi",
            "version": target.version,
        },
    )
    assert response.status_code == 302
    entries = history_of(User.objects.get(pk=target.pk))
    latest = entries[0]
    assert latest.label == "update"
    assert latest.user_name == "Trần Quản Trị"
    changed = {c.field: (c.before, c.after) for c in latest.changes}
    assert changed["full_name"] == ("Phạm Thu Chuyên", "Phạm Thu Chuyên Gia")


def test_history_panel_shows_changes_to_whoever_may_see_the_object(client_as, make_persona):
    expert = make_persona("institute_expert")
    url = reverse("core:history", args=["accounts", "user", expert.pk])
    own = client_as("institute_expert").get(url)
    assert own.status_code == 200
    assert "Lịch sử thay đổi" in own.content.decode()
    assert client_as("system_admin").get(url).status_code == 200
    # Another person's account: not revealed.
    assert client_as("coordinator_daklak").get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        ("auth", "group", 1),  # not a hoptac model
        ("accounts", "loginevent", 1),  # not tracked (append-only journal)
        ("khong", "ton-tai", 1),
    ],
)
def test_history_of_untracked_or_foreign_models_is_404(client_as, path):
    assert client_as("system_admin").get(reverse("core:history", args=path)).status_code == 404


def test_history_shows_the_newest_changes_with_readable_values(make_persona):
    admin = make_persona("system_admin")
    unit = OrgUnit.objects.create(code="phong-a", name="A0", kind=UnitKind.INSTITUTE_DEPARTMENT)
    with acting_as(admin):
        for i in range(1, 8):
            OrgUnit.objects.filter(pk=unit.pk).update(name=f"A{i}")
        OrgUnit.objects.filter(pk=unit.pk).update(kind=UnitKind.LAB)
    entries = history_of(unit, limit=3)
    assert len(entries) == 3
    assert [c.after for c in entries[0].changes] == ["Trung tâm kiểm nghiệm"]  # a choice shows its label
    assert [(c.before, c.after) for c in entries[1].changes] == [("A6", "A7")]
    assert [(c.before, c.after) for c in entries[2].changes] == [
        ("A5", "A6")
    ]  # the baseline is the event before
    shown = {c.field for e in history_of(unit) for c in e.changes}
    assert "sort_key" not in shown and "id" not in shown


def test_history_names_related_objects(make_persona):
    from hoptac.places.models import Province

    admin = make_persona("system_admin")
    unit = OrgUnit.objects.create(
        code="lm-x",
        name="Liên minh X",
        kind=UnitKind.PROVINCIAL_ALLIANCE,
        province=Province.objects.get(code="66"),
    )
    with acting_as(admin):
        OrgUnit.objects.filter(pk=unit.pk).update(province=Province.objects.get(code="96"))
    change = next(c for c in history_of(unit)[0].changes if c.field == "province")
    assert (change.before, change.after) == ("Đắk Lắk", "Cà Mau")
