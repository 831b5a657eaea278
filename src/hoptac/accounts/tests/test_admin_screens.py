"""User administration by the system administrator: create, edit (with stale-edit refusal), roles, lock."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from hoptac.accounts import services
from hoptac.accounts.models import Role, RoleAssignment, User
from hoptac.accounts.testing import log_in_with_second_factor
from hoptac.core.errors import DomainError
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.places.models import Province

from .factories import OrgUnitFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_persona):
    return make_persona("system_admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def _user_form(**overrides):
    data = {
        "username": "hoa.tran",
        "email": "hoa.tran@lmhtxdaklak.vn",
        "full_name": "Trần Thị Hoa",
        "phone": "0912345678",
        "unit": "",
        "job_title": "Chuyên viên",
        "language": "vi",
        "email_notifications": "on",
    }
    data.update(overrides)
    return data


def test_admin_creates_user_who_gets_an_invitation_job(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(reverse("accounts:user_create"), _user_form())
    user = User.objects.get(username="hoa.tran")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:user_detail", args=[user.pk]
    )
    assert not user.has_usable_password()
    assert len(callbacks) == 1  # the e-mail job is deferred only after commit
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, args FROM procrastinate_jobs")
        ((task_name, args),) = cursor.fetchall()
    args = json.loads(args) if isinstance(args, str) else args
    # Only the id travels through the queue: no one-time link is stored in the jobs table.
    assert task_name == "accounts.send_password_link"
    assert args == {"user_id": user.pk, "invitation": True}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": ""}, "username", "Trường này là bắt buộc"),
        ({"email": "khong-phai-email"}, "email", "Nhập địa chỉ email"),
        ({"email": ""}, "email", "Trường này là bắt buộc"),
        ({"full_name": "x" * 151}, "full_name", "tối đa 150"),
        ({"language": "fr"}, "language", "Hãy chọn một lựa chọn hợp lệ"),
        ({"username": "có dấu cách"}, "username", "chỉ gồm chữ cái"),
        ({"username": "lan@vien"}, "username", "không có @"),
    ],
)
def test_bad_user_input_is_refused_inline_and_keeps_what_was_typed(admin_client, overrides, field, message):
    response = admin_client.post(reverse("accounts:user_create"), _user_form(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field]), form.errors[field]
    # Nothing typed is lost: the other values are still in the form.
    assert 'value="Trần Thị Hoa"' in response.content.decode() or field == "full_name"
    assert not User.objects.filter(email="hoa.tran@lmhtxdaklak.vn").exists()


def test_duplicate_email_or_username_is_refused_whatever_the_case(admin_client):
    UserFactory(username="hoa.tran", email="hoa@vienkhcnmt.vn")
    response = admin_client.post(
        reverse("accounts:user_create"), _user_form(username="HOA.TRAN", email="HOA@vienkhcnmt.vn")
    )
    errors = response.context["form"].errors
    assert "Tên đăng nhập này đã có người dùng." in errors["username"]
    assert "Địa chỉ thư điện tử này đã được dùng cho người dùng khác." in errors["email"]


def test_stale_edit_is_refused_and_nothing_is_overwritten(admin_client, admin):
    target = UserFactory(full_name="Trần Văn Cũ")
    opened_version = target.version
    # Someone else saves first.
    services.user_update(
        actor=admin, user=User.objects.get(pk=target.pk), version=opened_version, job_title="Trưởng phòng"
    )
    response = admin_client.post(
        reverse("accounts:user_edit", args=[target.pk]),
        _user_form(
            username=target.username, email=target.email, full_name="Trần Văn Mới", version=opened_version
        ),
    )
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    target.refresh_from_db()
    assert target.full_name == "Trần Văn Cũ" and target.job_title == "Trưởng phòng"


def test_edit_with_current_version_saves(admin_client):
    target = UserFactory()
    response = admin_client.post(
        reverse("accounts:user_edit", args=[target.pk]),
        _user_form(username=target.username, email=target.email, full_name="Tên Mới", version=target.version),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Tên Mới" and target.version == 2


def test_assign_province_scoped_role(admin_client):
    target = UserFactory()
    daklak = Province.objects.get(code="66")
    role = Role.objects.get(code="provincial_coordinator")
    response = admin_client.post(
        reverse("accounts:role_assign", args=[target.pk]), {"role": role.pk, "scope_province": daklak.pk}
    )
    assert response.status_code == 302
    assert target.scope_ids("provincial_coordinator") == {daklak.pk}


def test_scoped_role_without_scope_is_refused_with_a_message(admin_client):
    target = UserFactory()
    role = Role.objects.get(code="provincial_coordinator")
    response = admin_client.post(reverse("accounts:role_assign", args=[target.pk]), {"role": role.pk})
    assert response.status_code == 400
    assert "cần chọn" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_unscoped_role_with_a_scope_is_refused(admin_client):
    target = UserFactory()
    role = Role.objects.get(code="institute_expert")
    response = admin_client.post(
        reverse("accounts:role_assign", args=[target.pk]),
        {"role": role.pk, "scope_province": Province.objects.get(code="96").pk},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_roles_of_unknown_scope_kinds_cannot_be_assigned_yet(admin_client):
    """Party roles need a party cell scope, which the party module registers; until then they are not offered."""
    target = UserFactory()
    role = Role.objects.get(code="party_member")
    response = admin_client.post(reverse("accounts:role_assign", args=[target.pk]), {"role": role.pk})
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_duplicate_assignment_is_refused(admin):
    target = UserFactory()
    role = Role.objects.get(code="institute_expert")
    services.role_assign(actor=admin, user=target, role=role)
    with pytest.raises(DomainError, match="đã có vai trò"):
        services.role_assign(actor=admin, user=target, role=role)


def test_admin_cannot_lock_or_demote_themself_and_one_admin_remains(admin):
    with pytest.raises(DomainError, match="tự vô hiệu hoá"):
        services.user_set_active(actor=admin, user=admin, active=False)
    own = admin.role_assignments.get(role__code="system_admin")
    with pytest.raises(DomainError, match="tự bỏ quyền"):
        services.role_revoke(actor=admin, assignment=own)


def test_last_active_admin_cannot_be_locked_by_another(admin):
    second = UserFactory(roles=["system_admin"])
    services.user_set_active(actor=second, user=admin, active=False)  # allowed: `second` remains
    with pytest.raises(DomainError, match="ít nhất một quản trị"):
        services.role_revoke(actor=admin, assignment=second.role_assignments.get())


def test_non_admin_services_are_refused(make_persona):
    leader = make_persona("institute_leader")
    with pytest.raises(DomainError):
        services.user_create(actor=leader, username="x", email="x@x.vn", full_name="X")


def test_user_list_search_ignores_diacritics(admin_client):
    UserFactory(full_name="Nguyễn Thị Đào", username="dao.nt")
    UserFactory(full_name="Lê Văn Tám", username="tam.lv")
    response = admin_client.get(reverse("accounts:user_list"), {"q": "nguyen dao"})
    names = [u.full_name for u in response.context["page"]]
    assert names == ["Nguyễn Thị Đào"]


def test_user_list_query_count_is_constant(admin_client):
    def add_users(n):
        for _ in range(n):
            grant(UserFactory(unit=OrgUnitFactory()), "institute_expert")

    def get_list():
        assert admin_client.get(reverse("accounts:user_list")).status_code == 200

    assert_constant_queries(get_list, add_users, budget=12)


def test_locking_a_user_ends_their_access(admin_client, client):
    target = UserFactory()
    response = admin_client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert mail.outbox == []


def test_party_roles_are_party_data_the_administrator_does_not_see(admin_client, admin):
    member = UserFactory(full_name="Đảng Viên Thử")
    grant(member, "institute_expert")
    party = RoleAssignment.objects.create(user=member, role=Role.objects.get(code="party_member"))
    page = admin_client.get(reverse("accounts:user_list"))
    badges = [
        a.role.code for u in page.context["page"] if u.pk == member.pk for a in u.role_assignments.all()
    ]
    assert badges == ["institute_expert"]
    assert "party_member" not in [r.code for r in page.context["roles"]]
    # Filtering by a party role reveals nobody.
    assert (
        list(admin_client.get(reverse("accounts:user_list"), {"role": "party_member"}).context["page"]) == []
    )
    detail = admin_client.get(reverse("accounts:user_detail", args=[member.pk]))
    assert [a.role.code for a in detail.context["assignments"]] == ["institute_expert"]
    with pytest.raises(DomainError, match="phân hệ Đảng"):
        services.role_revoke(actor=admin, assignment=party)
    with pytest.raises(DomainError, match="phân hệ Đảng"):
        services.role_assign(actor=admin, user=member, role=Role.objects.get(code="cell_secretary"))


def test_a_person_sees_their_own_party_role(client, make_persona):
    member = make_persona("institute_expert")
    RoleAssignment.objects.create(user=member, role=Role.objects.get(code="party_member"))
    log_in_with_second_factor(client, member)  # a party role requires the second factor
    codes = [a.role.code for a in client.get(reverse("accounts:profile")).context["assignments"]]
    assert "party_member" in codes


def test_administrator_sees_and_lifts_a_login_lockout(admin_client):
    from django.test import Client

    client = Client()  # the person, on their own device
    target = UserFactory(username="bi.khoa")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "bi.khoa", "password": "sai"})
    detail = admin_client.get(reverse("accounts:user_detail", args=[target.pk]))
    assert detail.context["login_locked"]
    admin_client.post(reverse("accounts:user_unlock_login", args=[target.pk]))
    assert not admin_client.get(reverse("accounts:user_detail", args=[target.pk])).context["login_locked"]
    assert (
        client.post(
            reverse("accounts:login"), {"username": "bi.khoa", "password": "Mat-khau-2026"}
        ).status_code
        == 302
    )
