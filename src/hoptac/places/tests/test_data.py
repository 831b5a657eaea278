"""The reference data loaded by migration 0002 is complete and faithful to its sources."""

import csv
import unicodedata
from pathlib import Path

import pytest
from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import Ward as PackageWard

from hoptac.core.text import fold, sort_key
from hoptac.places.choices import CommuneKind, ProvinceKind
from hoptac.places.models import Commune, FormerProvince, Province

MERGER_CSV = Path(__file__).resolve().parent.parent / "data" / "provinces-2025-merger.csv"

pytestmark = pytest.mark.django_db


def merger_rows():
    with MERGER_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_counts_match_the_2025_reorganisation():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert FormerProvince.objects.count() == 63


def test_six_centrally_run_cities_and_28_provinces():
    municipalities = set(
        Province.objects.filter(kind=ProvinceKind.MUNICIPALITY).values_list("short_name", flat=True)
    )
    assert municipalities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
    assert Province.objects.filter(kind=ProvinceKind.PROVINCE).count() == 28


def test_hanoi_keeps_the_package_name_verbatim():
    hanoi = Province.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.short_name == "Hà Nội"
    assert hanoi.folded_name == "ha noi"
    assert str(hanoi) == "Hà Nội"


def test_every_province_matches_the_package():
    stored = {p.code: p for p in Province.objects.all()}
    for item in PackageProvince.iter_all():
        province = stored[f"{int(item.code):02d}"]
        assert province.name == item.name


def test_codes_are_zero_padded_strings():
    assert all(len(code) == 2 and code.isdigit() for code in Province.objects.values_list("code", flat=True))
    assert all(len(code) == 5 and code.isdigit() for code in Commune.objects.values_list("code", flat=True))
    assert all(
        len(code) == 2 and code.isdigit() for code in FormerProvince.objects.values_list("code", flat=True)
    )
    assert Commune.objects.get(code="00070").name == "Phường Hoàn Kiếm"


def test_every_commune_is_in_its_package_province_with_its_kind():
    stored = {c.code: c for c in Commune.objects.select_related("province")}
    kinds = {"xã": CommuneKind.COMMUNE, "phường": CommuneKind.WARD, "đặc khu": CommuneKind.SPECIAL_ZONE}
    for item in PackageWard.iter_all():
        commune = stored[f"{int(item.code):05d}"]
        assert commune.name == " ".join(item.name.split())  # the package has a few double spaces
        assert commune.province.code == f"{int(item.province_code):02d}"
        assert commune.kind == kinds[item.division_type.value]
    assert Commune.objects.filter(kind=CommuneKind.SPECIAL_ZONE).count() == 13


def test_every_merger_row_maps_to_the_named_current_province():
    rows = merger_rows()
    assert len(rows) == 63
    stored = {f.code: f for f in FormerProvince.objects.select_related("province")}
    for row in rows:
        former = stored[row["old_code"]]
        assert former.name == row["old_name"]
        assert former.province.code == row["new_code"]
        assert former.province.name == row["new_name"]
    assert len({row["new_code"] for row in rows}) == 34


def test_derived_columns_come_from_core_text():
    for province in Province.objects.all():
        assert province.folded_name == fold(province.short_name)
        assert province.sort_key == sort_key(province.short_name)
    commune = Commune.objects.get(code="00070")
    assert commune.short_name == "Hoàn Kiếm"
    assert commune.folded_name == "phuong hoan kiem"
    assert commune.sort_key == sort_key("Hoàn Kiếm")


def test_names_are_stored_composed_with_single_spaces():
    names = [
        *Province.objects.values_list("name", flat=True),
        *Commune.objects.values_list("name", flat=True),
    ]
    names += list(Commune.objects.values_list("short_name", flat=True))
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert all(name == " ".join(name.split()) for name in names)
    assert Commune.objects.get(name="Phường Tân Lập").short_name == "Tân Lập"


def test_saving_a_renamed_province_recomputes_its_derived_columns():
    province = Province.objects.get(code="08")
    province.short_name = "Hà Giang"
    province.save(update_fields=["short_name"])
    province.refresh_from_db()
    assert province.folded_name == "ha giang"
    assert province.sort_key == sort_key("Hà Giang")


def test_default_ordering_is_vietnamese():
    names = list(Province.objects.values_list("short_name", flat=True))
    assert names == sorted(names, key=sort_key)
    # a < ă < â and c < d < đ < g: "Cà Mau" < "Cao Bằng" < "Cần Thơ" < "Đà Nẵng", "Đồng Tháp" < "Gia Lai".
    assert names.index("Cà Mau") < names.index("Cao Bằng") < names.index("Cần Thơ") < names.index("Đà Nẵng")
    assert names.index("Đồng Tháp") < names.index("Gia Lai")
