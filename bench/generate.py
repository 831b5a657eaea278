"""N synthetic cooperatives (default 100,000), deterministic, written as the list's export file (.xlsx/.csv).

The file has exactly the headers of :func:`hoptac.registry.exports.columns` — the import template's — so the
import reads it as it reads a real re-imported export. Every row is valid: tax codes carry a correct check digit
(``stdnum.vn.mst.calc_check_digit``) and are unique, provinces are the 34 current ones, communes are the
current communes of the row's province (a few rows have none: real lists often name a pre-2025 commune, kept
in the address only), member counts respect each legal form's minimum.

The same records also give the values COPY writes (:meth:`Synthetic.copy_values`), so every contestant of the
benchmark loads the same rows.

    python -m bench.generate --rows 1000 --out /tmp/coops.xlsx     # uses the benchmark database's places
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from stdnum.vn import mst

from hoptac.core.text import fold

SEED = 20260501
DEFAULT_ROWS = 100_000

FAMILY = (
    "Nguyễn Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý "
    "Đinh Đoàn Trịnh Lương Mai Cao Tạ Hà Lâm Chu Quách Kiều Triệu"
).split()
MIDDLE = (
    "Văn Văn Văn Thị Thị Thị Đức Minh Thanh Ngọc Hữu Thu Quang Kim Xuân Hồng Bá Công Đình Mạnh Thùy".split()
)
GIVEN = (
    "An Anh Bình Cường Chiến Dũng Duy Giang Hà Hải Hạnh Hiếu Hòa Hùng Hương Khánh Lan Linh Lộc Long Mai "
    "Minh Nam Nga Nghĩa Ngọc Nhung Phúc Phương Quân Quyên Sơn Tâm Thảo Thắng Thủy Tiến Trang Trung Tuấn "
    "Vân Việt Yến Hậu Lợi Tùng Khoa Đạt Định Đông Ánh Ất"
).split()
# Names of the Central Highlands' peoples, as they appear in registries of Đắk Lắk, Gia Lai, Lâm Đồng.
HIGHLAND_NAMES = ("Y Bih Niê", "H'Hen Niê", "Y Sơn Êban", "Ksor Phước", "Rơ Châm Tơ", "K'Thuột", "Ama Khăm")

# (product words, sectors, certifications that fit)
PRODUCTS = (
    ("Nông nghiệp Dịch vụ", ("agriculture", "trade"), ("vietgap",)),
    ("Nông nghiệp", ("agriculture",), ("vietgap", "organic")),
    ("Nông nghiệp Công nghệ cao", ("agriculture",), ("vietgap", "organic", "ocop_4")),
    ("Cà phê", ("agriculture",), ("organic", "ocop_4", "ocop_3")),
    ("Hồ tiêu", ("agriculture",), ("organic", "ocop_3")),
    ("Chè", ("agriculture",), ("vietgap", "ocop_4", "ocop_5")),
    ("Lúa gạo", ("agriculture", "trade"), ("vietgap",)),
    ("Rau an toàn", ("agriculture",), ("vietgap", "ocop_3")),
    ("Bưởi da xanh", ("agriculture",), ("vietgap", "ocop_4")),
    ("Thanh long", ("agriculture",), ("vietgap",)),
    ("Sầu riêng", ("agriculture", "trade"), ("vietgap",)),
    ("Vải thiều", ("agriculture",), ("vietgap", "ocop_3")),
    ("Dược liệu", ("agriculture", "forestry"), ("organic", "ocop_3")),
    ("Quế hồi", ("forestry", "trade"), ("organic",)),
    ("Lâm nghiệp", ("forestry",), ()),
    ("Mật ong", ("agriculture", "forestry"), ("ocop_3", "ocop_4")),
    ("Nấm", ("agriculture",), ("vietgap",)),
    ("Chăn nuôi", ("agriculture",), ("vietgap",)),
    ("Bò sữa", ("agriculture",), ("vietgap",)),
    ("Thủy sản", ("fisheries",), ("vietgap",)),
    ("Nuôi tôm", ("fisheries",), ("vietgap",)),
    ("Đánh bắt hải sản", ("fisheries",), ()),
    ("Muối", ("industry",), ("ocop_3",)),
    ("Mây tre đan", ("industry",), ("ocop_3",)),
    ("Dệt thổ cẩm", ("industry",), ("ocop_3",)),
    ("Gốm sứ", ("industry", "trade"), ("ocop_4",)),
    ("Thương mại Dịch vụ", ("trade",), ()),
    ("Vận tải", ("transport",), ()),
    ("Xây dựng", ("construction",), ()),
    ("Môi trường", ("water_environment",), ()),
    ("Nước sạch", ("water_environment",), ()),
    ("Tín dụng", ("credit_fund",), ()),
)
SUFFIXES = ("", "", "", "", "", " Xanh", " Thành Công", " Phú Thịnh", " Hưng Thịnh", " Tiến Bộ", " Đoàn Kết")
HAMLETS = ("Thôn", "Thôn", "Ấp", "Bản", "Tổ dân phố", "Buôn", "Xóm")

LEGAL_FORM_LABELS = {"cooperative": "Hợp tác xã", "group": "Tổ hợp tác", "union": "Liên hiệp hợp tác xã"}
NAME_PREFIX = {"cooperative": "Hợp tác xã", "group": "Tổ hợp tác", "union": "Liên hiệp hợp tác xã"}
SHORT_PREFIX = {"cooperative": "HTX", "group": "THT", "union": "LH HTX"}
MINIMUM_MEMBERS = {"group": 2, "cooperative": 5, "union": 3}  # Luật Hợp tác xã 2023, Điều 4 (choices.py)
SECTOR_LABELS = {
    "agriculture": "Nông nghiệp",
    "fisheries": "Thủy sản",
    "forestry": "Lâm nghiệp",
    "industry": "Công nghiệp, tiểu thủ công nghiệp",
    "trade": "Thương mại, dịch vụ",
    "transport": "Vận tải",
    "construction": "Xây dựng",
    "credit_fund": "Quỹ tín dụng nhân dân",
    "water_environment": "Dịch vụ nước sạch, môi trường",
    "other": "Khác",
}
STATUS_LABELS = {"active": "Đang hoạt động", "suspended": "Tạm ngừng hoạt động", "dissolved": "Đã giải thể"}
CERTIFICATION_LABELS = {
    "vietgap": "VietGAP",
    "organic": "Hữu cơ",
    "ocop_3": "OCOP 3 sao",
    "ocop_4": "OCOP 4 sao",
    "ocop_5": "OCOP 5 sao",
}
HEADERS = (
    "Tên hợp tác xã",
    "Tên viết tắt",
    "Loại hình",
    "Mã số thuế",
    "Ngày đăng ký",
    "Tỉnh/thành phố",
    "Xã/phường",
    "Địa chỉ",
    "Lĩnh vực",
    "Số thành viên",
    "Vốn điều lệ (đồng)",
    "Người đại diện",
    "Điện thoại",
    "Thư điện tử",
    "Tình trạng",
    "Chứng nhận",
    "Ghi chú",
)
NOTES = (
    "Đã được hỗ trợ xây dựng chuỗi liên kết tiêu thụ sản phẩm.",
    "Đang làm hồ sơ chứng nhận OCOP.",
    "Tổ chức lại theo Luật Hợp tác xã 2023.",
    "Địa chỉ cũ thuộc huyện trước sắp xếp năm 2025.",
)


@dataclass(frozen=True, slots=True)
class Place:
    province_id: int
    province_code: str
    province_name: str
    communes: tuple[tuple[int, str, str], ...]  # (pk, name, short name), names unique within the province


@dataclass(slots=True)
class Synthetic:
    legal_form: str
    name: str
    short_name: str
    tax_code: str | None
    registration_date: date
    province_id: int
    province_name: str
    commune_id: int | None
    commune_name: str
    address: str
    sectors: list[str]
    member_count: int
    charter_capital: int | None
    representative: str
    phone: str
    email: str
    status: str
    certifications: list[str] = field(default_factory=list)
    notes: str = ""

    def cells(self) -> list:
        """The row as the export writes it (text, and numbers for the two numeric columns)."""
        return [
            self.name,
            self.short_name,
            LEGAL_FORM_LABELS[self.legal_form],
            self.tax_code or "",
            self.registration_date.strftime("%d/%m/%Y"),
            self.province_name,
            self.commune_name,
            self.address,
            "; ".join(SECTOR_LABELS[s] for s in self.sectors),
            self.member_count,
            self.charter_capital if self.charter_capital is not None else "",
            self.representative,
            self.phone,
            self.email,
            STATUS_LABELS[self.status],
            "; ".join(CERTIFICATION_LABELS[c] for c in self.certifications),
            self.notes,
        ]


def load_places() -> list[Place]:
    """The 34 current provinces and their communes, from the database (``places`` reference data)."""
    from collections import Counter

    from hoptac.places.models import Commune, Province

    communes: dict[int, list[tuple[int, str, str]]] = {}
    for pk, name, short_name, province_id in Commune.objects.order_by("code").values_list(
        "pk", "name", "short_name", "province_id"
    ):
        communes.setdefault(province_id, []).append((pk, name, short_name))
    places = []
    for province in Province.objects.order_by("code"):
        rows = communes.get(province.pk, [])
        counts = Counter(name for _pk, name, _short in rows)
        unique = tuple(row for row in rows if counts[row[1]] == 1)  # an ambiguous name would not match
        places.append(Place(province.pk, province.code, province.name, unique))
    if len(places) != 34:
        raise RuntimeError(f"expected the 34 current provinces in the database, found {len(places)}")
    return places


def _tax_codes(rng: random.Random) -> Iterator[str]:
    """Unique valid tax codes: 10 digits, 1 in 100 a dependent unit's 13 digits ("0100233488-001")."""
    used: set[str] = set()
    while True:
        body = f"{rng.randint(1, 98):02d}{rng.randrange(1, 10_000_000):07d}"
        check = mst.calc_check_digit(body)
        if len(check) != 1:  # this body has no check digit ("10")
            continue
        code = body + check
        if rng.random() < 0.01:
            code = f"{code}-{rng.randint(1, 30):03d}"
        if code in used:
            continue
        used.add(code)
        yield code


def _person(rng: random.Random, province_code: str) -> str:
    if province_code in ("66", "64", "68") and rng.random() < 0.25:
        return rng.choice(HIGHLAND_NAMES)
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return ""
    if roll < 0.45:
        return f"02{rng.randint(0, 999_999_999):09d}"  # landline: 11 digits from 02
    return f"0{rng.choice('35789')}{rng.randint(0, 99_999_999):08d}"


def generate(places: list[Place], rows: int = DEFAULT_ROWS, seed: int = SEED) -> Iterator[Synthetic]:
    """``rows`` valid, distinct cooperatives spread over the provinces (same seed → same rows)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    codes = _tax_codes(rng)
    group_keys: set[tuple[int, str]] = set()
    first_day = date(1997, 7, 1)  # Luật Hợp tác xã 1996 in force
    span = (date(2025, 12, 31) - first_day).days
    for index in range(rows):
        place = places[index % len(places)] if index < len(places) else rng.choice(places)
        roll = rng.random()
        form = "cooperative" if roll < 0.88 else "group" if roll < 0.98 else "union"
        product, sectors, certifications = rng.choice(PRODUCTS)
        commune = rng.choice(place.communes) if place.communes and rng.random() < 0.9 else None
        locality = commune[2] if commune else rng.choice(place.communes)[2] if place.communes else "Trung tâm"
        name = f"{NAME_PREFIX[form]} {product} {locality}{rng.choice(SUFFIXES)}"
        if sectors == ("credit_fund",):
            form, name = "cooperative", f"Quỹ tín dụng nhân dân {locality}"
        tax_code: str | None = next(codes)
        if form == "group" and rng.random() < 0.3:
            tax_code = None
            number = 1
            base = name
            while (place.province_id, name.casefold()) in group_keys:
                number += 1
                name = f"{base} số {number}"
            group_keys.add((place.province_id, name.casefold()))
        short = (
            f"QTDND {locality}"
            if sectors == ("credit_fund",)
            else f"{SHORT_PREFIX[form]} {product} {locality}"
        )[:100]
        hamlet = f"{rng.choice(HAMLETS)} {rng.randint(1, 24)}"
        address = (
            f"{hamlet}, {commune[1]}, {place.province_name}"
            if commune
            else f"{hamlet}, {place.province_name}"
        )
        minimum = MINIMUM_MEMBERS[form]
        members = rng.randint(minimum, {"group": 15, "cooperative": 400, "union": 25}[form])
        capital = rng.randrange(20, 20_000) * 1_000_000 if rng.random() < 0.85 else None
        representative = _person(rng, place.province_code)
        email = ""
        if rng.random() < 0.3:
            email = f"htx{index}.{fold(locality).replace(' ', '')}@gmail.com"
        status_roll = rng.random()
        status = "active" if status_roll < 0.9 else "suspended" if status_roll < 0.97 else "dissolved"
        certs = [rng.choice(certifications)] if certifications and rng.random() < 0.25 else []
        yield Synthetic(
            legal_form=form,
            name=name,
            short_name=short,
            tax_code=tax_code,
            registration_date=first_day + timedelta(days=rng.randrange(span)),
            province_id=place.province_id,
            province_name=place.province_name,
            commune_id=commune[0] if commune else None,
            commune_name=commune[1] if commune else "",
            address=address,
            sectors=list(sectors),
            member_count=members,
            charter_capital=capital,
            representative=representative,
            phone=_phone(rng),
            email=email,
            status=status,
            certifications=certs,
            notes=rng.choice(NOTES) if rng.random() < 0.05 else "",
        )


def write_csv(path: Path, records: Iterable[Synthetic]) -> Path:
    """UTF-8 with a BOM, as the list's CSV export writes it."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for record in records:
            writer.writerow(record.cells())
    return path


def write_xlsx(path: Path, records: Iterable[Synthetic]) -> Path:
    """One sheet, the header row first; XlsxWriter (constant memory) when installed, else openpyxl write-only."""
    try:
        import xlsxwriter
    except ImportError:
        xlsxwriter = None
    if xlsxwriter is not None:
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = workbook.add_worksheet("Hợp tác xã")
        sheet.write_row(0, 0, HEADERS)
        for number, record in enumerate(records, start=1):
            sheet.write_row(number, 0, record.cells())
        workbook.close()
        return path
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hợp tác xã")
    sheet.append(HEADERS)
    for record in records:
        sheet.append(record.cells())
    workbook.save(path)
    return path


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Synthetic cooperatives as an import file.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True, help="a .xlsx or .csv path")
    args = parser.parse_args(argv)
    from .database import setup_bench_django

    setup_bench_django(migrate=True)
    records = generate(load_places(), args.rows, args.seed)
    writer = write_csv if args.out.suffix.lower() == ".csv" else write_xlsx
    writer(args.out, records)
    print(f"{args.rows} cooperatives → {args.out}")


if __name__ == "__main__":
    main()
