"""The testing center's starting catalogue and the regulations of shared/domain/environment-standards.md.

Reference data, corrected and extended by administrators (lab manager, system administrator) on the screens.
``lab/SOURCES.md`` says which values are facts (with confidence H/M/L) and which are defaults to check: every
price, turnaround and detection limit here is a default (L); VILAS accreditation is off until the lab ticks the
methods its certificate lists.

Bounds: ``(lower, lower_inclusive, upper, upper_inclusive)``; None = unbounded. Per the project's rule this
migration uses ``apps.get_model`` and no app code.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

MATRICES = [
    ("surface-water", "Nước mặt", "Surface water"),
    ("groundwater", "Nước dưới đất", "Groundwater"),
    ("domestic-wastewater", "Nước thải sinh hoạt", "Domestic wastewater"),
    ("industrial-wastewater", "Nước thải công nghiệp", "Industrial wastewater"),
    ("drinking-water", "Nước sạch, nước uống", "Drinking water"),
    ("soil", "Đất", "Soil"),
    ("food", "Nông sản, thực phẩm", "Agricultural product / food"),
]

SW, GW, DW, IW, DR = (
    "surface-water",
    "groundwater",
    "domestic-wastewater",
    "industrial-wastewater",
    "drinking-water",
)
WATERS = [SW, GW, DW, IW, DR]

# (code, name, name_en, unit, method, detection limit, price VND, turnaround days, matrices)
PARAMETERS = [
    ("pH", "pH", "pH", "", "TCVN 6492:2011 (ISO 10523:2008)", None, 50_000, 3, WATERS),
    (
        "BOD5",
        "Nhu cầu ôxy sinh hóa (BOD5, 20 °C)",
        "Biochemical oxygen demand (BOD5, 20 °C)",
        "mg/L",
        "SMEWW 5210B:2017",
        D("1"),
        150_000,
        7,
        [SW, GW, DW, IW],
    ),
    (
        "COD",
        "Nhu cầu ôxy hóa học (COD)",
        "Chemical oxygen demand (COD)",
        "mg/L",
        "SMEWW 5220C:2017",
        D("4"),
        120_000,
        5,
        [SW, GW, DW, IW],
    ),
    (
        "TSS",
        "Tổng chất rắn lơ lửng (TSS)",
        "Total suspended solids (TSS)",
        "mg/L",
        "TCVN 6625:2000 (ISO 11923:1997)",
        D("2"),
        80_000,
        5,
        [SW, DW, IW],
    ),
    (
        "DO",
        "Ôxy hòa tan (DO)",
        "Dissolved oxygen (DO)",
        "mg/L",
        "TCVN 7325:2016 (ISO 5814:2012)",
        D("0.1"),
        50_000,
        3,
        [SW, GW],
    ),
    (
        "NH4+-N",
        "Amoni (NH4+ tính theo N)",
        "Ammonium (NH4+ as N)",
        "mg/L",
        "SMEWW 4500-NH3.F:2017",
        D("0.02"),
        100_000,
        5,
        WATERS,
    ),
    (
        "NO3--N",
        "Nitrat (NO3− tính theo N)",
        "Nitrate (NO3− as N)",
        "mg/L",
        "SMEWW 4500-NO3−.E:2017",
        D("0.02"),
        100_000,
        5,
        WATERS,
    ),
    (
        "NO2--N",
        "Nitrit (NO2− tính theo N)",
        "Nitrite (NO2− as N)",
        "mg/L",
        "SMEWW 4500-NO2−.B:2017",
        D("0.005"),
        100_000,
        5,
        [SW, GW, DR],
    ),
    (
        "PO43--P",
        "Phosphat (PO4 3− tính theo P)",
        "Phosphate (PO4 3− as P)",
        "mg/L",
        "SMEWW 4500-P.E:2017",
        D("0.01"),
        100_000,
        5,
        [SW, GW, DW, IW],
    ),
    (
        "COLIFORM",
        "Tổng coliform",
        "Total coliforms",
        "MPN/100 mL",
        "SMEWW 9221B:2017",
        D("3"),
        150_000,
        5,
        WATERS,
    ),
    (
        "E-COLI",
        "E. coli",
        "Escherichia coli",
        "CFU/100 mL",
        "TCVN 6187-1:2019 (ISO 9308-1:2014)",
        D("1"),
        150_000,
        5,
        [SW, GW, DR],
    ),
    ("As", "Asen (As)", "Arsenic (As)", "mg/L", "SMEWW 3114B:2017", D("0.001"), 180_000, 7, WATERS),
    ("Cd", "Cadimi (Cd)", "Cadmium (Cd)", "mg/L", "SMEWW 3113B:2017", D("0.0005"), 180_000, 7, WATERS),
    ("Pb", "Chì (Pb)", "Lead (Pb)", "mg/L", "SMEWW 3113B:2017", D("0.001"), 180_000, 7, WATERS),
    ("Hg", "Thủy ngân (Hg)", "Mercury (Hg)", "mg/L", "SMEWW 3112B:2017", D("0.0005"), 200_000, 7, WATERS),
    ("Fe", "Sắt (Fe)", "Iron (Fe)", "mg/L", "SMEWW 3111B:2017", D("0.05"), 100_000, 5, WATERS),
    (
        "OIL-GREASE",
        "Dầu mỡ",
        "Oil and grease",
        "mg/L",
        "SMEWW 5520B:2017",
        D("0.5"),
        250_000,
        7,
        [SW, DW, IW],
    ),
    (
        "TURBIDITY",
        "Độ đục",
        "Turbidity",
        "NTU",
        "TCVN 12402-1:2020 (ISO 7027-1:2016)",
        D("0.1"),
        50_000,
        3,
        [SW, GW, DR],
    ),
    (
        "COLOUR",
        "Độ màu",
        "Colour",
        "TCU",
        "TCVN 6185:2015 (ISO 7887:2011)",
        D("5"),
        60_000,
        3,
        [SW, GW, IW, DR],
    ),
    (
        "FREE-CL",
        "Clo dư tự do",
        "Free chlorine",
        "mg/L",
        "SMEWW 4500-Cl G:2017",
        D("0.05"),
        60_000,
        1,
        [DR],
    ),
]
PARAMETER_NOTE = (
    "Giới hạn phát hiện, đơn giá và thời gian trả kết quả là giá trị mặc định khi cài đặt (độ tin cậy thấp): "
    "phòng thí nghiệm kiểm tra theo phương pháp đã xác nhận giá trị sử dụng và bảng giá hiện hành."
)

ENV_DOC = "shared/domain/environment-standards.md"
BTNMT = "Bộ Tài nguyên và Môi trường"

# code: (title, issuing body, effective date, superseded by, source, confidence, note)
REGULATIONS = {
    "QCVN 08:2023/BTNMT": (
        "Quy chuẩn kỹ thuật quốc gia về chất lượng nước mặt",
        BTNMT,
        None,
        None,
        "Ban hành kèm Thông tư 01/2023/TT-BTNMT; thay thế QCVN 08-MT:2015/BTNMT. Số liệu: " + ENV_DOC,
        "H",
        "Ngày hiệu lực chưa đối chiếu với văn bản gốc; quản trị viên bổ sung.",
    ),
    "QCVN 14:2025/BTNMT": (
        "Quy chuẩn kỹ thuật quốc gia về nước thải sinh hoạt",
        BTNMT,
        date(2025, 9, 1),
        None,
        "Thông tư 05/2025, hiệu lực 01/09/2025; thay thế QCVN 14:2008/BTNMT. Nguồn: " + ENV_DOC,
        "H",
        "Chưa thu thập giá trị giới hạn (cột A/B/C và các dải lưu lượng): quản trị viên nhập bộ giới hạn từ văn "
        "bản gốc trước khi áp dụng.",
    ),
    "QCVN 14:2008/BTNMT": (
        "Quy chuẩn kỹ thuật quốc gia về nước thải sinh hoạt",
        BTNMT,
        None,
        "QCVN 14:2025/BTNMT",
        "Văn bản quy chuẩn (mục 2.1 và 2.3, hệ số K). Số liệu: " + ENV_DOC,
        "H",
        "Đã được thay thế nhưng vẫn được áp dụng trong thực tế. Cmax = C × K; không áp dụng K cho pH và tổng "
        "coliform (mục 2.1). Ngày hiệu lực chưa đối chiếu.",
    ),
    "QCVN 01-1:2018/BYT": (
        "Quy chuẩn kỹ thuật quốc gia về chất lượng nước sạch sử dụng cho mục đích sinh hoạt",
        "Bộ Y tế",
        None,
        None,
        "Ban hành kèm Thông tư 41/2018/TT-BYT. Số liệu nhóm A: " + ENV_DOC,
        "H",
        "Ngày hiệu lực chưa đối chiếu với văn bản gốc; quản trị viên bổ sung.",
    ),
}


def MAX(value):  # "≤ value"
    return (None, True, D(value), True)


def BELOW(value):  # "< value"
    return (None, True, D(value), False)


def ABOVE(value):  # "> value"
    return (D(value), False, None, True)


def MIN(value):  # "≥ value"
    return (D(value), True, None, True)


def RANGE(low, high):  # "low–high", both ends included
    return (D(low), True, D(high), True)


# (regulation, set name, description, kind, coefficient, source note, confidence, note, classes, limits)
# limits (pass/fail): (parameter, unit, bounds or None, coefficient applies, note)
# limits (graded): (parameter, unit, {class: [bounds, …]} — a class missing = not decided by a number, note)
SETS = [
    (
        "QCVN 08:2023/BTNMT",
        "Bảng 1",
        "Giá trị giới hạn các thông số bảo vệ sức khỏe con người (giá trị đơn, tối đa)",
        "limits",
        "",
        ENV_DOC + " — QCVN 08:2023 Table 1",
        "H",
        "",
        [],
        [
            ("NH4+-N", "mg/L", MAX("0.3"), False, ""),
            ("NO2--N", "mg/L", MAX("0.05"), False, ""),
            ("As", "mg/L", MAX("0.01"), False, ""),
            ("Cd", "mg/L", MAX("0.005"), False, ""),
            ("Pb", "mg/L", MAX("0.02"), False, ""),
            ("Fe", "mg/L", MAX("0.5"), False, ""),
            ("OIL-GREASE", "mg/L", MAX("5.0"), False, ""),
        ],
    ),
    (
        "QCVN 08:2023/BTNMT",
        "Bảng 2",
        "Phân loại chất lượng nước sông, suối, kênh, mương, khe, rạch (mức A, B, C, D)",
        "classes",
        "",
        ENV_DOC + " — QCVN 08:2023 Table 2 (bản dịch tiếng Anh)",
        "M",
        "Mức A tốt nhất, D kém nhất.",
        ["A", "B", "C", "D"],
        [
            (
                "pH",
                "",
                {
                    "A": [RANGE("6.5", "8.5")],
                    "B": [RANGE("6.0", "8.5")],
                    "C": [RANGE("6.0", "8.5")],
                    "D": [BELOW("6"), ABOVE("8.5")],
                },
                "Mức D: < 6 hoặc > 8,5.",
            ),
            ("BOD5", "mg/L", {"A": [MAX("4")], "B": [MAX("6")], "C": [MAX("10")], "D": [ABOVE("10")]}, ""),
            ("COD", "mg/L", {"A": [MAX("10")], "B": [MAX("15")], "C": [MAX("20")], "D": [ABOVE("20")]}, ""),
            (
                "TSS",
                "mg/L",
                {"A": [MAX("25")], "B": [MAX("100")]},
                "Mức C: > 100 và không có rác nổi; mức D: > 100 và có rác nổi — cần quan sát hiện trường, con số "
                "không đủ để phân hạng C/D.",
            ),
            (
                "DO",
                "mg/L",
                {"A": [MIN("6")], "B": [MIN("5")], "C": [MIN("4")]},
                "Giá trị tối thiểu. Mức D: chưa thu thập giá trị.",
            ),
            (
                "COLIFORM",
                "CFU/100 mL",
                {"A": [MAX("1000")], "B": [MAX("5000")], "C": [MAX("7500")], "D": [ABOVE("7500")]},
                "Quy chuẩn ghi đơn vị CFU hoặc MPN/100 mL.",
            ),
        ],
    ),
]
for column, description, index in (
    ("A", "Cột A: xả vào nguồn nước được dùng cho mục đích cấp nước sinh hoạt", 0),
    ("B", "Cột B: xả vào nguồn nước không dùng cho mục đích cấp nước sinh hoạt", 1),
):
    values = {
        "pH": (RANGE("5", "9"), False),
        "BOD5": (MAX(("30", "50")[index]), True),
        "TSS": (MAX(("50", "100")[index]), True),
        "NH4+-N": (MAX(("5", "10")[index]), True),
        "NO3--N": (MAX(("30", "50")[index]), True),
        "PO43--P": (MAX(("6", "10")[index]), True),
        "COLIFORM": (MAX(("3000", "5000")[index]), False),
    }
    SETS.append(
        (
            "QCVN 14:2008/BTNMT",
            column,
            description,
            "limits",
            "K",
            ENV_DOC + " — QCVN 14:2008, cột " + column,
            "H",
            "Cmax = C × K, K theo loại hình và quy mô cơ sở (mục 2.3); không áp dụng cho pH và tổng coliform.",
            [],
            [
                (
                    code,
                    "MPN/100 mL" if code == "COLIFORM" else ("" if code == "pH" else "mg/L"),
                    bounds,
                    applies,
                    "" if applies else "Không nhân hệ số K (QCVN 14:2008/BTNMT, mục 2.1).",
                )
                for code, (bounds, applies) in values.items()
            ],
        )
    )
SETS.append(
    (
        "QCVN 01-1:2018/BYT",
        "Nhóm A",
        "Thông số nhóm A (bắt buộc thử nghiệm)",
        "limits",
        "",
        ENV_DOC + " — QCVN 01-1:2018 Group A",
        "H",
        "",
        [],
        [
            ("COLIFORM", "CFU/100 mL", BELOW("3"), False, ""),
            ("E-COLI", "CFU/100 mL", BELOW("1"), False, ""),
            ("As", "mg/L", MAX("0.01"), False, ""),
            ("FREE-CL", "mg/L", RANGE("0.2", "1.0"), False, ""),
            ("TURBIDITY", "NTU", MAX("2"), False, ""),
            ("COLOUR", "TCU", MAX("15"), False, ""),
            ("pH", "", RANGE("6.0", "8.5"), False, ""),
        ],
    )
)


def load(apps, schema_editor):
    Matrix = apps.get_model("lab", "Matrix")
    Parameter = apps.get_model("lab", "Parameter")
    ParameterMatrix = apps.get_model("lab", "ParameterMatrix")
    Regulation = apps.get_model("lab", "Regulation")
    LimitSet = apps.get_model("lab", "LimitSet")
    LimitClass = apps.get_model("lab", "LimitClass")
    Limit = apps.get_model("lab", "Limit")
    LimitInterval = apps.get_model("lab", "LimitInterval")

    matrices = {}
    for position, (code, name, name_en) in enumerate(MATRICES, start=1):
        matrices[code], _ = Matrix.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
    parameters = {}
    for position, (code, name, name_en, unit, method, lod, price, days, offered) in enumerate(PARAMETERS, 1):
        parameter, created = Parameter.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "method": method,
                "detection_limit": lod,
                "price": price,
                "turnaround_days": days,
                "note": PARAMETER_NOTE,
                "position": position,
            },
        )
        parameters[code] = parameter
        if created:
            ParameterMatrix.objects.bulk_create(
                ParameterMatrix(parameter=parameter, matrix=matrices[m]) for m in offered
            )

    regulations = {}
    for code, (title, body, effective, _successor, source, confidence, note) in REGULATIONS.items():
        regulations[code], _ = Regulation.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "issuing_body": body,
                "effective_date": effective,
                "source": source,
                "confidence": confidence,
                "note": note,
            },
        )
    for code, (*_, successor, _source, _confidence, _note) in REGULATIONS.items():
        if successor and regulations[code].superseded_by_id is None:
            regulations[code].superseded_by = regulations[successor]
            regulations[code].save(update_fields=["superseded_by"])

    for position, (
        regulation,
        name,
        description,
        kind,
        coefficient,
        source,
        confidence,
        note,
        labels,
        limits,
    ) in enumerate(SETS, 1):
        if LimitSet.objects.filter(regulation=regulations[regulation], name=name).exists():
            continue  # an administrator's set of that name is kept as it is
        limit_set = LimitSet.objects.create(
            regulation=regulations[regulation],
            name=name,
            description=description,
            kind=kind,
            coefficient_name=coefficient,
            source=source,
            confidence=confidence,
            note=note,
            position=position,
        )
        classes = {
            label: LimitClass.objects.create(limit_set=limit_set, label=label, position=rank)
            for rank, label in enumerate(labels, 1)
        }
        for rank, row in enumerate(limits, 1):
            if kind == "limits":
                parameter, unit, bounds, applies, limit_note = row
                by_class = {None: [bounds]}
            else:
                parameter, unit, by_class, limit_note = row
                applies = False
            limit = Limit.objects.create(
                limit_set=limit_set,
                parameter=parameters[parameter],
                unit=unit,
                coefficient_applies=applies,
                note=limit_note,
                position=rank,
            )
            LimitInterval.objects.bulk_create(
                LimitInterval(
                    limit=limit,
                    limit_class=classes.get(label),
                    lower=lower,
                    lower_inclusive=lower_inclusive,
                    upper=upper,
                    upper_inclusive=upper_inclusive,
                )
                for label, intervals in by_class.items()
                for (lower, lower_inclusive, upper, upper_inclusive) in intervals
            )


def unload(apps, schema_editor):
    apps.get_model("lab", "Regulation").objects.filter(code__in=list(REGULATIONS)).update(superseded_by=None)
    apps.get_model("lab", "Regulation").objects.filter(code__in=list(REGULATIONS)).delete()
    apps.get_model("lab", "Parameter").objects.filter(code__in=[p[0] for p in PARAMETERS]).delete()
    apps.get_model("lab", "Matrix").objects.filter(code__in=[m[0] for m in MATRICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("lab", "0001_catalogue_and_regulations")]

    operations = [migrations.RunPython(load, unload)]
