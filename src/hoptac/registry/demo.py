"""About 300 demo cooperatives across the 34 provinces, with valid tax codes, and a few representatives.

Deterministic (a fixed random seed) and idempotent: cooperatives are keyed by tax code, so a second run
changes nothing.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from stdnum.vn import mst

from hoptac.accounts import roles

from .choices import Certification, LegalForm, Sector, Status
from .models import Cooperative

SEED = 2026
PER_PROVINCE = 9

# (name pattern, sectors, certifications that fit)
KINDS = [
    ("Hợp tác xã Nông nghiệp Dịch vụ {place}", [Sector.AGRICULTURE, Sector.TRADE], [Certification.VIETGAP]),
    ("Hợp tác xã Cà phê {place}", [Sector.AGRICULTURE], [Certification.ORGANIC, Certification.OCOP_4]),
    ("Hợp tác xã Thủy sản {place}", [Sector.FISHERIES], [Certification.VIETGAP]),
    ("Hợp tác xã Rau an toàn {place}", [Sector.AGRICULTURE], [Certification.VIETGAP, Certification.OCOP_3]),
    ("Hợp tác xã Dược liệu {place}", [Sector.AGRICULTURE, Sector.FORESTRY], [Certification.ORGANIC]),
    ("Hợp tác xã Môi trường {place}", [Sector.WATER_ENVIRONMENT], []),
    ("Hợp tác xã Vận tải {place}", [Sector.TRANSPORT], []),
    ("Hợp tác xã Mây tre đan {place}", [Sector.INDUSTRY], [Certification.OCOP_3]),
    ("Quỹ tín dụng nhân dân {place}", [Sector.CREDIT_FUND], []),
    ("Liên hiệp hợp tác xã Nông sản {place}", [Sector.AGRICULTURE, Sector.TRADE], [Certification.OCOP_5]),
    ("Tổ hợp tác Dệt thổ cẩm {place}", [Sector.INDUSTRY], []),
    ("Hợp tác xã Xây dựng {place}", [Sector.CONSTRUCTION], []),
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Thu", "Quang", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Yến",
]

# Representatives who log in (PRODUCT.md: a cooperative representative sees only their own cooperative).
REPRESENTATIVES = [
    ("daidien.daklak", "Y Bih Niê", "bih.nie@htx-daklak.vn", "66"),
    ("daidien.camau", "Lý Văn Hưng", "hung.ly@htx-camau.vn", "96"),
    ("daidien.hanoi", "Nguyễn Thị Thanh", "thanh.nt@htx-hanoi.vn", "01"),
]


# Coffee is grown in the Central Highlands; fishing needs a coast (codes after the 2025 reorganisation).
COFFEE_PROVINCES = {"51", "52", "66", "68"}
COASTAL_PROVINCES = {
    "22", "31", "33", "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79",
    "82", "86", "91", "92", "96",
}  # fmt: skip


def _fits(pattern: str, province_code: str) -> bool:
    if "Cà phê" in pattern:
        return province_code in COFFEE_PROVINCES
    if "Thủy sản" in pattern:
        return province_code in COASTAL_PROVINCES
    return True


def _tax_code(rng: random.Random, province_code: str, used: set[str]) -> str:
    while True:
        body = f"{province_code}{rng.randrange(1, 10_000_000):07d}"
        try:
            code = mst.validate(body + mst.calc_check_digit(body))
        except (mst.ValidationError, ValueError):
            continue  # no check digit exists for this sequence
        if code not in used:
            used.add(code)
            return code


def load_cooperatives() -> list[Cooperative]:
    from hoptac.places.models import Commune, Province

    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
    used: set[str] = set()
    created = []
    for province in Province.objects.order_by("code"):
        communes = list(
            Commune.objects.filter(province=province).order_by("code").only("pk", "name", "short_name")
        )
        for index in range(PER_PROVINCE):
            pattern, sectors, certifications = KINDS[(index + int(province.code)) % len(KINDS)]
            if not _fits(pattern, province.code):
                pattern, sectors, certifications = KINDS[0]
            commune = communes[rng.randrange(len(communes))]
            form = (
                LegalForm.UNION
                if pattern.startswith("Liên hiệp")
                else LegalForm.GROUP
                if pattern.startswith("Tổ hợp tác")
                else LegalForm.COOPERATIVE
            )
            name = pattern.format(place=commune.short_name)
            tax_code = None if form == LegalForm.GROUP else _tax_code(rng, province.code, used)
            members = {LegalForm.GROUP: rng.randint(3, 12), LegalForm.UNION: rng.randint(3, 9)}.get(
                form, rng.randint(7, 180)
            )
            values = {
                "legal_form": form,
                "name": name,
                "short_name": name.replace("Hợp tác xã", "HTX").replace("Liên hiệp hợp tác xã", "LH HTX")[
                    :100
                ],
                "registration_date": date(rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                "province": province,
                "commune": commune,
                "address": f"Thôn {rng.randint(1, 12)}, {commune.name}, {province.name}",
                "sectors": [str(s) for s in sectors],
                "member_count": members,
                "charter_capital": Decimal(rng.randrange(50, 5000) * 1_000_000),
                "representative": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
                "status": Status.ACTIVE if rng.random() > 0.08 else Status.SUSPENDED,
                "certifications": [str(c) for c in certifications if rng.random() > 0.4][:1],
            }
            values["tax_code"] = tax_code
            created.append(_upsert(values))
    return created


def _upsert(values: dict) -> Cooperative:
    """Create, or update only what differs (an unchanged record is not saved: no new history)."""
    from hoptac.core.text import fold

    if values["tax_code"]:
        existing = Cooperative.objects.filter(tax_code=values["tax_code"]).first()
    else:
        existing = Cooperative.objects.filter(
            tax_code=None, province=values["province"], folded_name=fold(values["name"])
        ).first()
    if existing is None:
        return Cooperative.objects.create(**values)
    changed = [field for field, value in values.items() if getattr(existing, field) != value]
    for field in changed:
        setattr(existing, field, values[field])
    if changed:
        existing.save(update_fields=changed)
    return existing


def representatives(cooperatives: list[Cooperative]):
    """Demo people (for accounts.demo.load_people): one representative each for a few cooperatives."""
    people = []
    for username, full_name, email, province_code in REPRESENTATIVES:
        cooperative = next(
            c
            for c in cooperatives
            if c.province.code == province_code
            and c.legal_form == LegalForm.COOPERATIVE
            and c.sectors == ["agriculture", "trade"]
        )
        people.append(
            (username, full_name, email, None, f"Giám đốc {cooperative.name}",
             [(roles.COOPERATIVE_REPRESENTATIVE, f"cooperative:{cooperative.tax_code}")])
        )  # fmt: skip
    return people
