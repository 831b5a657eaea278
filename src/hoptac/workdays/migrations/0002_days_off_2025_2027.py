"""The public sector's days off for 2025, 2026 and 2027 (reference data; administrators correct it on the screens).

Sources and confidence per year are in ``workdays/SOURCES.md``. 2025 and 2026 follow the Prime Minister's
decisions as announced; 2027 has no announcement yet: the dates fixed by the Labour Code are shipped as they are,
and the estimated ones (the five Tết days, the day next to 2 September) are marked ``provisional``.

Lunar dates were converted for Hà Nội's time zone (UTC+7): Tết Ất Tỵ = 29/01/2025, Tết Bính Ngọ = 17/02/2026,
Tết Đinh Mùi = 06/02/2027; 10/3 âm lịch = 07/04/2025, 26/04/2026, 16/04/2027.

Per the project's rule this migration uses ``apps.get_model`` and no app code; the rows are plain data.
"""

from datetime import date

from django.db import migrations

HOLIDAY, COMPENSATORY, SWAPPED, MAKEUP = "holiday", "compensatory", "swapped", "makeup"

BLLD = "Bộ luật Lao động số 45/2019/QH14, Điều 112 khoản 1"
BLLD_BU = (
    "Bộ luật Lao động số 45/2019/QH14, Điều 111 khoản 3 (ngày nghỉ hằng tuần trùng ngày nghỉ lễ, tết thì "
    "được nghỉ bù vào ngày làm việc kế tiếp)"
)
TB_2025 = (
    "Văn bản số 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ truyền đạt ý kiến Thủ tướng Chính phủ "
    "về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025; thông báo của Bộ Lao động - Thương binh và Xã hội"
)
TB_2026_TET_DUONG_LICH = (
    "Văn bản số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (ý kiến Phó Thủ tướng Chính phủ "
    "đồng ý đề xuất của Bộ Nội vụ): hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026"
)
TB_2026 = (
    "Văn bản của Văn phòng Chính phủ tháng 10/2025 truyền đạt ý kiến Thủ tướng Chính phủ đồng ý đề xuất của "
    "Bộ Nội vụ về nghỉ Tết Âm lịch và nghỉ lễ Quốc khánh năm 2026; thông báo của Bộ Nội vụ"
)
DU_KIEN_2027 = (
    "Dự kiến theo Bộ luật Lao động số 45/2019/QH14, Điều 112 (Thủ tướng Chính phủ quyết định cụ thể ngày "
    "nghỉ Tết Âm lịch và ngày liền kề Quốc khánh); chưa có thông báo của năm 2027 — quản trị hệ thống sửa "
    "khi Bộ Nội vụ công bố"
)


def _and(*parts):
    return "; ".join(parts)


# (date, kind, name, legal basis, provisional)
DAYS = [
    # --- 2025 ------------------------------------------------------------------------------------------------
    (date(2025, 1, 1), HOLIDAY, "Tết Dương lịch", _and(BLLD, TB_2025), False),
    (date(2025, 1, 27), HOLIDAY, "Tết Nguyên đán Ất Tỵ (28 tháng Chạp)", _and(BLLD, TB_2025), False),
    (
        date(2025, 1, 28),
        HOLIDAY,
        "Tết Nguyên đán Ất Tỵ (29 tháng Chạp, giao thừa)",
        _and(BLLD, TB_2025),
        False,
    ),
    (date(2025, 1, 29), HOLIDAY, "Tết Nguyên đán Ất Tỵ (mùng 1 tháng Giêng)", _and(BLLD, TB_2025), False),
    (date(2025, 1, 30), HOLIDAY, "Tết Nguyên đán Ất Tỵ (mùng 2 tháng Giêng)", _and(BLLD, TB_2025), False),
    (date(2025, 1, 31), HOLIDAY, "Tết Nguyên đán Ất Tỵ (mùng 3 tháng Giêng)", _and(BLLD, TB_2025), False),
    (date(2025, 4, 7), HOLIDAY, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", _and(BLLD, TB_2025), False),
    (date(2025, 4, 26), MAKEUP, "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025", TB_2025, False),
    (date(2025, 4, 30), HOLIDAY, "Ngày Chiến thắng", _and(BLLD, TB_2025), False),
    (date(2025, 5, 1), HOLIDAY, "Ngày Quốc tế Lao động", _and(BLLD, TB_2025), False),
    (date(2025, 5, 2), SWAPPED, "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/04/2025)", TB_2025, False),
    (date(2025, 9, 1), HOLIDAY, "Quốc khánh (ngày liền kề trước 2/9)", _and(BLLD, TB_2025), False),
    (date(2025, 9, 2), HOLIDAY, "Quốc khánh", _and(BLLD, TB_2025), False),
    # --- 2026 ------------------------------------------------------------------------------------------------
    (date(2026, 1, 1), HOLIDAY, "Tết Dương lịch", _and(BLLD, TB_2026_TET_DUONG_LICH), False),
    (
        date(2026, 1, 2),
        SWAPPED,
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        TB_2026_TET_DUONG_LICH,
        False,
    ),
    (date(2026, 1, 10), MAKEUP, "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026", TB_2026_TET_DUONG_LICH, False),
    (
        date(2026, 2, 16),
        HOLIDAY,
        "Tết Nguyên đán Bính Ngọ (29 tháng Chạp, giao thừa)",
        _and(BLLD, TB_2026),
        False,
    ),
    (date(2026, 2, 17), HOLIDAY, "Tết Nguyên đán Bính Ngọ (mùng 1 tháng Giêng)", _and(BLLD, TB_2026), False),
    (date(2026, 2, 18), HOLIDAY, "Tết Nguyên đán Bính Ngọ (mùng 2 tháng Giêng)", _and(BLLD, TB_2026), False),
    (date(2026, 2, 19), HOLIDAY, "Tết Nguyên đán Bính Ngọ (mùng 3 tháng Giêng)", _and(BLLD, TB_2026), False),
    (date(2026, 2, 20), HOLIDAY, "Tết Nguyên đán Bính Ngọ (mùng 4 tháng Giêng)", _and(BLLD, TB_2026), False),
    (date(2026, 4, 26), HOLIDAY, "Giỗ Tổ Hùng Vương (10/3 âm lịch, trùng Chủ nhật)", BLLD, False),
    (date(2026, 4, 27), COMPENSATORY, "Nghỉ bù Giỗ Tổ Hùng Vương", BLLD_BU, False),
    (date(2026, 4, 30), HOLIDAY, "Ngày Chiến thắng", BLLD, False),
    (date(2026, 5, 1), HOLIDAY, "Ngày Quốc tế Lao động", BLLD, False),
    (date(2026, 8, 22), MAKEUP, "Làm bù cho ngày nghỉ thứ Hai 31/08/2026", TB_2026, False),
    (date(2026, 8, 31), SWAPPED, "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)", TB_2026, False),
    (date(2026, 9, 1), HOLIDAY, "Quốc khánh (ngày liền kề trước 2/9)", _and(BLLD, TB_2026), False),
    (date(2026, 9, 2), HOLIDAY, "Quốc khánh", _and(BLLD, TB_2026), False),
    # --- 2027: dates fixed by the Labour Code, estimates marked provisional ---------------------------------
    (date(2027, 1, 1), HOLIDAY, "Tết Dương lịch", BLLD, False),
    (date(2027, 2, 4), HOLIDAY, "Tết Nguyên đán Đinh Mùi (28 tháng Chạp)", DU_KIEN_2027, True),
    (date(2027, 2, 5), HOLIDAY, "Tết Nguyên đán Đinh Mùi (29 tháng Chạp, giao thừa)", DU_KIEN_2027, True),
    (
        date(2027, 2, 6),
        HOLIDAY,
        "Tết Nguyên đán Đinh Mùi (mùng 1 tháng Giêng, trùng thứ Bảy)",
        DU_KIEN_2027,
        True,
    ),
    (
        date(2027, 2, 7),
        HOLIDAY,
        "Tết Nguyên đán Đinh Mùi (mùng 2 tháng Giêng, trùng Chủ nhật)",
        DU_KIEN_2027,
        True,
    ),
    (date(2027, 2, 8), HOLIDAY, "Tết Nguyên đán Đinh Mùi (mùng 3 tháng Giêng)", DU_KIEN_2027, True),
    (
        date(2027, 2, 9),
        COMPENSATORY,
        "Nghỉ bù Tết Nguyên đán (mùng 1 trùng thứ Bảy)",
        _and(BLLD_BU, DU_KIEN_2027),
        True,
    ),
    (
        date(2027, 2, 10),
        COMPENSATORY,
        "Nghỉ bù Tết Nguyên đán (mùng 2 trùng Chủ nhật)",
        _and(BLLD_BU, DU_KIEN_2027),
        True,
    ),
    (date(2027, 4, 16), HOLIDAY, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", BLLD, False),
    (date(2027, 4, 30), HOLIDAY, "Ngày Chiến thắng", BLLD, False),
    (date(2027, 5, 1), HOLIDAY, "Ngày Quốc tế Lao động (trùng thứ Bảy)", BLLD, False),
    (date(2027, 5, 3), COMPENSATORY, "Nghỉ bù Ngày Quốc tế Lao động", BLLD_BU, False),
    (date(2027, 9, 2), HOLIDAY, "Quốc khánh", BLLD, False),
    (date(2027, 9, 3), HOLIDAY, "Quốc khánh (ngày liền kề sau 2/9)", DU_KIEN_2027, True),
]


def load(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    dates = [row[0] for row in DAYS]
    if len(dates) != len(set(dates)):
        raise RuntimeError("The shipped calendar lists a date twice.")
    for day, kind, *_ in DAYS:
        weekend = day.weekday() >= 5
        if (kind == MAKEUP) != weekend and kind != HOLIDAY:
            raise RuntimeError(f"{day}: a {kind} day on the wrong kind of weekday.")
    # Rows an administrator entered before this migration ran (none in a fresh database) are kept as they are.
    existing = set(CalendarDay.objects.filter(date__in=dates).values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, kind=kind, name=name, legal_basis=basis, provisional=provisional)
        for day, kind, name, basis, provisional in DAYS
        if day not in existing
    )


def unload(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarDay.objects.filter(date__in=[row[0] for row in DAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar_day")]

    operations = [migrations.RunPython(load, unload)]
