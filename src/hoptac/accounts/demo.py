"""Demo organisations and people (used by ``hoptac demo_data``). Idempotent: running twice changes nothing."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from hoptac.core.permissions import scope_kind
from hoptac.core.text import sort_key

from . import roles
from .models import OrgUnit, Role, RoleAssignment, UnitKind, User

DEMO_PASSWORD = "HopTac@2026"

UNITS = [
    # code, name, short name, kind, parent code
    ("lien-minh-htx-vn", "Liên minh Hợp tác xã Việt Nam", "Liên minh HTX Việt Nam", UnitKind.ALLIANCE, None),
    ("ban-ke-hoach-ho-tro", "Ban Kế hoạch Hỗ trợ", "Ban KHHT", UnitKind.ALLIANCE_BOARD, "lien-minh-htx-vn"),
    (
        "thuong-truc-lien-minh",
        "Thường trực Liên minh Hợp tác xã Việt Nam",
        "Thường trực Liên minh",
        UnitKind.ALLIANCE_BOARD,
        "lien-minh-htx-vn",
    ),
    (
        "vien-khcnmt",
        "Viện Khoa học, Công nghệ và Môi trường",
        "Viện KHCN&MT",
        UnitKind.INSTITUTE,
        "lien-minh-htx-vn",
    ),
    ("van-phong-vien", "Văn phòng Viện", "Văn phòng", UnitKind.INSTITUTE_DEPARTMENT, "vien-khcnmt"),
    (
        "phong-tu-van-cgcn",
        "Phòng Tư vấn và Chuyển giao công nghệ",
        "Phòng TV&CGCN",
        UnitKind.INSTITUTE_DEPARTMENT,
        "vien-khcnmt",
    ),
    (
        "phong-moi-truong",
        "Phòng Môi trường và Phát triển bền vững",
        "Phòng MT&PTBV",
        UnitKind.INSTITUTE_DEPARTMENT,
        "vien-khcnmt",
    ),
    (
        "trung-tam-kiem-nghiem",
        "Trung tâm Môi trường và Kiểm nghiệm chất lượng",
        "Trung tâm MT&KNCL",
        UnitKind.LAB,
        "vien-khcnmt",
    ),
]

PEOPLE = [
    # username, full name, e-mail, unit code, job title, [(role, scope spec)]
    (
        "quantri",
        "Trần Minh Quân",
        "quantri@vienkhcnmt.vn",
        "van-phong-vien",
        "Chuyên viên công nghệ thông tin",
        [(roles.SYSTEM_ADMIN, None)],
    ),
    (
        "vientruong",
        "Nguyễn Văn Hòa",
        "hoa.nv@vienkhcnmt.vn",
        "vien-khcnmt",
        "Viện trưởng",
        [(roles.INSTITUTE_LEADER, None)],
    ),
    (
        "chuyengia",
        "Lê Thị Thu Hà",
        "ha.ltt@vienkhcnmt.vn",
        "phong-tu-van-cgcn",
        "Nghiên cứu viên chính",
        [(roles.INSTITUTE_EXPERT, None)],
    ),
    (
        "kiemnghiem",
        "Phạm Văn Đức",
        "duc.pv@vienkhcnmt.vn",
        "trung-tam-kiem-nghiem",
        "Kiểm nghiệm viên",
        [(roles.LAB_ANALYST, None)],
    ),
    (
        "soatxet",
        "Đỗ Thị Mai",
        "mai.dt@vienkhcnmt.vn",
        "trung-tam-kiem-nghiem",
        "Kiểm nghiệm viên chính",
        [(roles.LAB_REVIEWER, None)],
    ),
    (
        "truongphongtn",
        "Vũ Quang Huy",
        "huy.vq@vienkhcnmt.vn",
        "trung-tam-kiem-nghiem",
        "Giám đốc Trung tâm",
        [(roles.LAB_MANAGER, None)],
    ),
    (
        "dieuphoi.daklak",
        "H'Linh Niê",
        "linh.nie@lmhtxdaklak.vn",
        "lien-minh-htx-66",
        "Chuyên viên Phòng Tư vấn hỗ trợ",
        [(roles.PROVINCIAL_COORDINATOR, "province:66")],
    ),
    (
        "dieuphoi.camau",
        "Lâm Thị Cẩm Tú",
        "tu.ltc@lmhtxcamau.vn",
        "lien-minh-htx-96",
        "Phó Trưởng phòng Tư vấn hỗ trợ",
        [(roles.PROVINCIAL_COORDINATOR, "province:96")],
    ),
    (
        "kehoach",
        "Ngô Thanh Bình",
        "binh.nt@vca.org.vn",
        "ban-ke-hoach-ho-tro",
        "Chuyên viên Ban Kế hoạch Hỗ trợ",
        [(roles.ALLIANCE_PLANNER, None)],
    ),
    (
        "thuongtruc",
        "Bùi Đức Thắng",
        "thang.bd@vca.org.vn",
        "thuong-truc-lien-minh",
        "Ủy viên Thường trực",
        [(roles.ALLIANCE_VIEWER, None)],
    ),
]


def _alliance_name(province) -> str:
    prefix = "thành phố" if province.name.startswith("Thành phố") else "tỉnh"
    return f"Liên minh Hợp tác xã {prefix} {province.short_name}"


@transaction.atomic
def load_units() -> dict[str, OrgUnit]:
    from hoptac.places.models import Province

    units: dict[str, OrgUnit] = {}
    for code, name, short, kind, parent in UNITS:
        units[code], _ = OrgUnit.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": kind, "parent": units.get(parent)}
        )
    for province in Province.objects.order_by("code"):
        code = f"lien-minh-htx-{province.code}"
        units[code], _ = OrgUnit.objects.update_or_create(
            code=code,
            defaults={
                "name": _alliance_name(province),
                "short_name": f"LM HTX {province.short_name}",
                "kind": UnitKind.PROVINCIAL_ALLIANCE,
                "province": province,
                "parent": units["lien-minh-htx-vn"],
                "sort_key": sort_key(_alliance_name(province)),
            },
        )
    return units


def _resolve_scope(spec: str):
    from django.apps import apps

    kind, _, key = spec.partition(":")
    if kind == "province":
        return apps.get_model("places", "Province").objects.get(code=key)
    if kind == "cooperative":
        return apps.get_model("registry", "Cooperative").objects.get(tax_code=key)
    raise ValueError(spec)


@transaction.atomic
def load_people(units: dict[str, OrgUnit], extra_people=()) -> list[tuple[User, list[str]]]:
    """Create or refresh the demo users; only roles whose scope kind is known today are granted."""
    created = []
    for username, full_name, email, unit_code, title, grants in [*PEOPLE, *extra_people]:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.full_name, user.email, user.unit, user.job_title = full_name, email, units.get(unit_code), title
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        labels = []
        for role_code, scope_spec in grants:
            role = Role.objects.get(code=role_code)
            if role.scope_kind and scope_kind(role.scope_kind) is None:
                continue  # the app owning this scope kind is not installed yet
            scope = _resolve_scope(scope_spec) if scope_spec else None
            RoleAssignment.objects.get_or_create(
                user=user,
                role=role,
                scope_type=ContentType.objects.get_for_model(scope) if scope else None,
                scope_id=scope.pk if scope else None,
            )
            labels.append(role.name + (f" — {scope}" if scope else ""))
        created.append((user, labels))
    return created
