"""match_province: every current and former name, however it is typed; aliases; precedence; refusals."""

import csv
import unicodedata
from pathlib import Path

import pytest
from vietnam_provinces import Province as PackageProvince

from hoptac.core.errors import DomainError
from hoptac.core.text import fold
from hoptac.places import matching
from hoptac.places.matching import AmbiguousProvince, ProvinceMatchError, ProvinceNotFound, match_province

pytestmark = pytest.mark.django_db

MERGER_CSV = Path(__file__).resolve().parent.parent / "data" / "provinces-2025-merger.csv"
with MERGER_CSV.open(encoding="utf-8-sig", newline="") as _handle:
    MERGER_ROWS = list(csv.DictReader(_handle))

# (name as people write it, expected code) — read from the sources at collection time, so each name is a test.
CURRENT = sorted(
    (p.name.removeprefix("Thành phố "), f"{int(p.code):02d}", p.name) for p in PackageProvince.iter_all()
)
CURRENT_FOLDED = {fold(short) for short, _code, _name in CURRENT}

PREFIXES = ("Tỉnh ", "tinh ", "Thành phố ", "TP. ", "TP ", "tp.", "THÀNH PHỐ ")


def spellings(name: str) -> list[str]:
    """Ways a spreadsheet writes ``name``: as is, folded, upper case, decomposed (NFD), with a kind prefix."""
    variants = [
        name,
        fold(name),
        name.upper(),
        fold(name).upper(),
        unicodedata.normalize("NFD", name),
        f"  {name}  ",
    ]
    variants += [prefix + name for prefix in PREFIXES]
    variants += [prefix + fold(name) for prefix in PREFIXES]
    return variants


@pytest.fixture(autouse=True)
def _fresh_index():
    # The index is cached per process; each test reads the data of its own transaction.
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.mark.parametrize(("short_name", "code", "full_name"), CURRENT, ids=[c[0] for c in CURRENT])
def test_every_current_province_resolves_however_it_is_written(short_name, code, full_name):
    for text in [*spellings(short_name), full_name, fold(full_name), unicodedata.normalize("NFD", full_name)]:
        match = match_province(text)
        assert (match.province.code, match.former) == (code, None), text


@pytest.mark.parametrize("row", MERGER_ROWS, ids=[row["old_name"] for row in MERGER_ROWS])
def test_every_former_province_resolves_however_it_is_written(row):
    names_a_current_province = fold(row["old_name"]) in CURRENT_FOLDED
    for text in spellings(row["old_name"]):
        match = match_province(text)
        assert match.province.code == row["new_code"], text
        assert match.province.name == row["new_name"], text
        if names_a_current_province:
            # "Quảng Trị", "Tây Ninh", "Hà Nội" …: the text names the current province.
            assert match.former is None, text
        else:
            assert match.former is not None, text
            assert (match.former.code, match.former.name) == (row["old_code"], row["old_name"]), text


def test_tinh_ha_giang_is_now_tuyen_quang():
    match = match_province("tinh Ha Giang")
    assert (match.province.code, match.province.name, match.former.name) == ("08", "Tuyên Quang", "Hà Giang")


def test_quang_binh_is_former_and_now_quang_tri():
    match = match_province("Quảng Bình")
    assert match.province.short_name == "Quảng Trị"
    assert match.former.name == "Quảng Bình"


@pytest.mark.parametrize("name", ["Tây Ninh", "Quảng Trị", "Đồng Tháp", "Hồ Chí Minh", "Cà Mau"])
def test_a_name_both_current_and_former_means_the_current_province(name):
    match = match_province(name)
    assert match.province.short_name == name
    assert match.former is None


def test_long_an_is_former_and_now_tay_ninh():
    match = match_province("Long An")
    assert (match.province.short_name, match.former.name) == ("Tây Ninh", "Long An")


def test_tone_placement_does_not_matter():
    assert match_province("Hoà Bình").former.name == "Hòa Bình"
    assert match_province("Thanh Hoá").province.code == "38"
    assert match_province("Khánh Hoà").province.code == "56"


@pytest.mark.parametrize(
    ("text", "code", "former"),
    [
        ("HCM", "79", None),
        ("TP.HCM", "79", None),
        ("TP HCM", "79", None),
        ("TPHCM", "79", None),
        ("tp.hcm", "79", None),
        ("Sài Gòn", "79", None),
        ("Sai Gon", "79", None),
        ("Saigon", "79", None),
        ("Hanoi", "01", None),
        ("Ha Noi", "01", None),
        ("TP. Hà Nội", "01", None),
        ("BR-VT", "79", "Bà Rịa - Vũng Tàu"),
        ("BRVT", "79", "Bà Rịa - Vũng Tàu"),
        ("Ba Ria Vung Tau", "79", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "79", "Bà Rịa - Vũng Tàu"),
        ("Huế", "46", None),
        ("Hue", "46", None),
        ("Thừa Thiên - Huế", "46", "Thừa Thiên Huế"),
        ("Thua Thien Hue", "46", "Thừa Thiên Huế"),
        ("TT-Huế", "46", "Thừa Thiên Huế"),
        ("Dak Lak", "66", None),
        ("Daklak", "66", None),
        ("Đắc Lắc", "66", None),
        ("Đắk Lắc", "66", None),
        ("Đắc Lắk", "66", None),
        ("Dak Nong", "68", "Đắk Nông"),
        ("Daknong", "68", "Đắk Nông"),
        ("Đắc Nông", "68", "Đắk Nông"),
        ("Kontum", "51", "Kon Tum"),
        ("Kon-Tum", "51", "Kon Tum"),
        ("Bắc Cạn", "19", "Bắc Kạn"),
    ],
)
def test_aliases_and_spelling_variants(text, code, former):
    match = match_province(text)
    assert match.province.code == code
    assert (match.former.name if match.former else None) == former


def test_every_alias_of_the_table_resolves_without_ambiguity():
    for alias, target in matching.ALIASES.items():
        assert match_province(alias) == match_province(target), alias


def test_a_resolved_name_costs_no_query_once_the_index_is_loaded(django_assert_num_queries):
    with django_assert_num_queries(2):
        match_province("Hà Giang")
    with django_assert_num_queries(0):
        for text in ("Hà Giang", "Cà Mau", "TP.HCM", "Quảng Bình"):
            match_province(text)


@pytest.mark.parametrize(
    "text",
    [
        "Atlantis",
        "Ha Gian",
        "Giang",
        "Hà",
        "Thành phố",
        "TP",
        "Tỉnh",
        "Quảng",
        "Hà Giang Tuyên Quang",
        "Việt Nam",
    ],
)
def test_anything_but_an_exact_name_is_not_found(text):
    with pytest.raises(ProvinceNotFound) as caught:
        match_province(text)
    assert text.strip() in str(caught.value.message)
    assert caught.value.code == "province_not_found"


@pytest.mark.parametrize("text", ["", "   ", None, "-", "..."])
def test_empty_text_is_not_found(text):
    with pytest.raises(ProvinceNotFound) as caught:
        match_province(text)
    assert isinstance(caught.value, DomainError)


def test_an_alias_naming_another_province_than_a_name_is_ambiguous(monkeypatch):
    monkeypatch.setitem(matching.ALIASES, "Quảng Bình", "Hà Giang")
    with pytest.raises(AmbiguousProvince) as caught:
        match_province("quang binh")
    assert caught.value.code == "province_ambiguous"
    assert {m.province.short_name for m in caught.value.candidates} == {"Quảng Trị", "Tuyên Quang"}
    assert "Quảng Trị" in str(caught.value.message)
    assert isinstance(caught.value, ProvinceMatchError)


def test_two_aliases_written_alike_for_different_provinces_are_ambiguous(monkeypatch):
    monkeypatch.setitem(matching.ALIASES, "Q B", "Quảng Bình")
    monkeypatch.setitem(matching.ALIASES, "Q.B.", "Hà Giang")
    with pytest.raises(AmbiguousProvince):
        match_province("q b")


def test_an_alias_agreeing_with_the_name_is_not_ambiguous(monkeypatch):
    monkeypatch.setitem(matching.ALIASES, "Quang Binh", "Quảng Trị")
    assert match_province("Quảng Bình").province.short_name == "Quảng Trị"


def test_an_alias_to_an_unknown_name_fails_loudly(monkeypatch):
    monkeypatch.setitem(matching.ALIASES, "Sài Thành", "Gia Định")
    with pytest.raises(LookupError):
        match_province("Hà Nội")
