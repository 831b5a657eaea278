"""Load the 34 provinces, 3,321 communes and 63 former provinces (reference data, never typed by hand).

Sources:

- the ``vietnam-provinces`` package, pinned to 2025.10.1 in pyproject.toml: the provinces and communes in force
  since 1 July 2025 (Nghị quyết 202/2025/QH15), with the official codes of Quyết định 19/2025/QĐ-TTg;
- ``places/data/provinces-2025-merger.csv``: which current province each of the 63 former provinces became
  part of (Nghị quyết 202/2025/QH15). The package has no such map in this version, and its later ward-level
  legacy data is known to be wrong for Tiền Giang, so the map is its own file, checked here against the codes.

Per the project's rule, a data migration uses ``apps.get_model`` and never the app's own code. It does import
``hoptac.core.text``: ``fold`` and ``sort_key`` are pure functions with no Django dependency, and the derived
columns must be computed by the same function as everywhere else, or matching and ordering would disagree.
The few lines that drop a kind word from a name are repeated here on purpose.

The migration checks the counts and the map before writing anything, and fails (rolling back) on any surprise.
"""

import csv
from pathlib import Path

from django.db import migrations
from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import VietNamDivisionType
from vietnam_provinces import Ward as PackageWard

from hoptac.core.text import fold, sort_key

MERGER_CSV = Path(__file__).resolve().parent.parent / "data" / "provinces-2025-merger.csv"

EXPECTED_PROVINCES = 34
EXPECTED_COMMUNES = 3321
EXPECTED_FORMER_PROVINCES = 63

PROVINCE_KINDS = {
    VietNamDivisionType.TINH: "province",
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: "municipality",
}
COMMUNE_KINDS = {
    VietNamDivisionType.PHUONG: "ward",
    VietNamDivisionType.XA: "commune",
    VietNamDivisionType.DAC_KHU: "special_zone",
}
PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")
COMMUNE_PREFIXES = ("Phường ", "Xã ", "Đặc khu ")


def _strip_prefix(name, prefixes):
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _read_merger_csv():
    with MERGER_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _check(condition, message):
    if not condition:
        raise RuntimeError(f"places.0002: {message}")


def load(apps, schema_editor):
    Province = apps.get_model("places", "Province")
    Commune = apps.get_model("places", "Commune")
    FormerProvince = apps.get_model("places", "FormerProvince")

    package_provinces = sorted(PackageProvince.iter_all(), key=lambda p: p.code)
    package_wards = sorted(PackageWard.iter_all(), key=lambda w: w.code)
    merger_rows = _read_merger_csv()
    _check(len(package_provinces) == EXPECTED_PROVINCES, f"{len(package_provinces)} provinces in the package")
    _check(len(package_wards) == EXPECTED_COMMUNES, f"{len(package_wards)} communes in the package")
    _check(len(merger_rows) == EXPECTED_FORMER_PROVINCES, f"{len(merger_rows)} rows in {MERGER_CSV.name}")

    provinces = {}
    for item in package_provinces:
        short_name = _strip_prefix(item.name, PROVINCE_PREFIXES)
        code = f"{int(item.code):02d}"
        provinces[code] = Province(
            code=code,
            name=item.name,
            short_name=short_name,
            kind=PROVINCE_KINDS[item.division_type],
            folded_name=fold(short_name),
            sort_key=sort_key(short_name),
        )
    Province.objects.bulk_create(provinces.values())

    communes = []
    for item in package_wards:
        # Ten of the package's names carry a double space ("Phường  Tân Lập"); spaces are collapsed, nothing
        # else is changed.
        name = " ".join(item.name.split())
        short_name = _strip_prefix(name, COMMUNE_PREFIXES)
        communes.append(
            Commune(
                code=f"{int(item.code):05d}",
                name=name,
                short_name=short_name,
                province=provinces[f"{int(item.province_code):02d}"],
                kind=COMMUNE_KINDS[item.division_type],
                folded_name=fold(name),
                sort_key=sort_key(short_name),
            )
        )
    Commune.objects.bulk_create(communes, batch_size=1000)

    former = []
    for row in merger_rows:
        target = provinces.get(row["new_code"])
        _check(
            target is not None, f"former province {row['old_name']}: no current province {row['new_code']}"
        )
        _check(
            target.name == row["new_name"],
            f"former province {row['old_name']}: {row['new_code']} is {target.name!r}, not {row['new_name']!r}",
        )
        former.append(
            FormerProvince(
                code=row["old_code"],
                name=row["old_name"],
                province=target,
                folded_name=fold(row["old_name"]),
                sort_key=sort_key(row["old_name"]),
            )
        )
    # Every current province was formed from at least one former province.
    _check(
        {f.province.code for f in former} == set(provinces), "some current province has no former province"
    )
    FormerProvince.objects.bulk_create(former)

    _check(Province.objects.count() == EXPECTED_PROVINCES, "province count after loading")
    _check(Commune.objects.count() == EXPECTED_COMMUNES, "commune count after loading")
    _check(FormerProvince.objects.count() == EXPECTED_FORMER_PROVINCES, "former province count after loading")


def unload(apps, schema_editor):
    for model in ("FormerProvince", "Commune", "Province"):
        apps.get_model("places", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload, elidable=False)]
