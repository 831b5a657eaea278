"""`hoptac demo_data`: realistic data, printed log-ins that work, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from hoptac.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from hoptac.core.audit import event_model_for
from hoptac.registry.models import Cooperative

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(User.objects.values_list("username", "full_name", "email", "unit__code", "is_active")),
        sorted(OrgUnit.objects.values_list("code", "name", "kind", "province__code")),
        sorted(RoleAssignment.objects.values_list("user__username", "role__code", "scope_id")),
        event_model_for(User).objects.count(),
        event_model_for(OrgUnit).objects.count(),
        sorted(Cooperative.objects.values_list("name", "province__code", "member_count", "id")),
        event_model_for(Cooperative).objects.count(),
    )


def test_demo_data_loads_the_organisations_and_one_user_per_available_role():
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert OrgUnit.objects.filter(kind=UnitKind.PROVINCIAL_ALLIANCE).count() == 34
    assert OrgUnit.objects.get(code="vien-khcnmt").name == "Viện Khoa học, Công nghệ và Môi trường"
    assert OrgUnit.objects.get(kind=UnitKind.LAB).name == "Trung tâm Môi trường và Kiểm nghiệm chất lượng"
    assert OrgUnit.objects.get(code="lien-minh-htx-66").name == "Liên minh Hợp tác xã tỉnh Đắk Lắk"
    assert OrgUnit.objects.get(code="lien-minh-htx-01").name == "Liên minh Hợp tác xã thành phố Hà Nội"
    held = set(RoleAssignment.objects.values_list("role__code", flat=True))
    assert held == {
        "system_admin", "institute_leader", "institute_expert", "lab_analyst", "lab_reviewer", "lab_manager",
        "provincial_coordinator", "alliance_planner", "alliance_viewer", "cooperative_representative",
        "cell_secretary", "cell_deputy_secretary", "cell_committee_member", "party_member",
        "congress_presidium", "congress_counter",  # the demo's secretariat has no log-in
    }  # fmt: skip
    from hoptac.registry.models import Cooperative

    assert 280 <= Cooperative.objects.count() <= 320
    assert Cooperative.objects.values("province").distinct().count() == 34
    assert all(c.tax_code or c.legal_form == "group" for c in Cooperative.objects.all())
    printed = out.getvalue()
    assert "HopTac@2026" in printed and "dieuphoi.daklak" in printed and "Đắk Lắk" in printed
    # The printed credentials work through the log-in form, by user name and by e-mail.
    from django.test import Client
    from django.urls import reverse

    for identifier in ("dieuphoi.daklak", "linh.nie@lmhtxdaklak.vn"):
        response = Client().post(
            reverse("accounts:login"), {"username": identifier, "password": "HopTac@2026"}
        )
        assert response.status_code == 302 and response["Location"] == "/", identifier


def test_running_demo_data_twice_changes_nothing():
    call_command("demo_data", stdout=io.StringIO())
    first = _snapshot()
    call_command("demo_data", stdout=io.StringIO())
    assert _snapshot() == first


def test_demo_changes_are_attributed_to_the_command():
    call_command("demo_data", stdout=io.StringIO())
    event = event_model_for(OrgUnit).objects.select_related("pgh_context").first()
    assert event.pgh_context.metadata["command"] == "demo_data"
