"""The roles of PRODUCT.md, stored as data (codes are referenced by code; names are editable data).

Data migration: uses apps.get_model only, never app code (the role codes are repeated here on purpose).
"""

from django.db import migrations

ROLES = [
    # code, Vietnamese name, English name, scope kind, is_party, description
    (
        "system_admin",
        "Quản trị hệ thống",
        "System administrator",
        "",
        False,
        "Người dùng, vai trò, dữ liệu danh mục và dữ liệu mọi phân hệ, trừ dữ liệu Đảng và đại hội.",
    ),
    (
        "institute_leader",
        "Lãnh đạo Viện",
        "Institute leader",
        "",
        False,
        "Viện trưởng, Phó Viện trưởng: xem mọi dữ liệu ngoài phân hệ Đảng; phê duyệt kế hoạch, giao việc.",
    ),
    (
        "institute_expert",
        "Chuyên gia của Viện",
        "Institute expert",
        "",
        False,
        "Nghiên cứu viên, tư vấn viên: các yêu cầu được giao cho mình hoặc đơn vị mình; nhiệm vụ KHCN; chuyển giao.",
    ),
    (
        "lab_analyst",
        "Kiểm nghiệm viên",
        "Lab analyst",
        "",
        False,
        "Nhận mẫu, thực hiện phép thử, nhập kết quả.",
    ),
    (
        "lab_reviewer",
        "Người soát xét kết quả",
        "Lab reviewer",
        "",
        False,
        "Soát xét kết quả thử nghiệm (không được soát xét kết quả do chính mình nhập).",
    ),
    (
        "lab_manager",
        "Trưởng phòng thí nghiệm",
        "Lab manager",
        "",
        False,
        "Phê duyệt và phát hành phiếu kết quả thử nghiệm.",
    ),
    (
        "provincial_coordinator",
        "Điều phối viên Liên minh HTX tỉnh",
        "Provincial coordinator",
        "province",
        False,
        "Cán bộ Liên minh HTX tỉnh/thành phố: hợp tác xã và yêu cầu hỗ trợ của tỉnh mình.",
    ),
    (
        "cooperative_representative",
        "Đại diện hợp tác xã",
        "Cooperative representative",
        "cooperative",
        False,
        "Chủ tịch/giám đốc một hợp tác xã: chỉ dữ liệu của hợp tác xã mình.",
    ),
    (
        "alliance_planner",
        "Cán bộ Ban Kế hoạch Hỗ trợ",
        "Alliance planner",
        "",
        False,
        "Ban Kế hoạch Hỗ trợ của Liên minh HTX Việt Nam: kế hoạch, chương trình, bảng điều khiển; phê duyệt kế hoạch.",
    ),
    (
        "alliance_viewer",
        "Thường trực Liên minh (xem)",
        "Alliance viewer",
        "",
        False,
        "Thường trực Liên minh HTX Việt Nam: xem kế hoạch, chương trình, bảng điều khiển.",
    ),
    (
        "cell_secretary",
        "Bí thư chi bộ",
        "Cell secretary",
        "party_cell",
        True,
        "Toàn bộ phân hệ Đảng của chi bộ.",
    ),
    (
        "cell_deputy_secretary",
        "Phó Bí thư chi bộ",
        "Deputy cell secretary",
        "party_cell",
        True,
        "Toàn bộ phân hệ Đảng của chi bộ.",
    ),
    (
        "cell_committee_member",
        "Chi ủy viên",
        "Cell committee member",
        "party_cell",
        True,
        "Toàn bộ phân hệ Đảng của chi bộ.",
    ),
    (
        "party_member",
        "Đảng viên",
        "Party member",
        "party_cell",
        True,
        "Hồ sơ Đảng của chính mình, sinh hoạt, học tập nghị quyết, tự đánh giá.",
    ),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for position, (code, name, name_en, scope_kind, is_party, description) in enumerate(ROLES, start=1):
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "scope_kind": scope_kind,
                "is_party": is_party,
                "description": description,
                "position": position * 10,
            },
        )


def remove_roles(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=[r[0] for r in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
