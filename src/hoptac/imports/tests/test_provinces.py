"""The province normaliser over the real reference data (current, former and alias names)."""

import pytest

from hoptac.imports import Column, ImportSpec, Parsed, parse_file
from hoptac.imports import normalisers as n
from hoptac.places import matching

from .helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def parse():
    matching.clear_cache()
    yield n.province()
    matching.clear_cache()


def test_current_names_are_accepted_silently(parse):
    assert parse("Đắk Lắk").short_name == "Đắk Lắk"
    assert parse("tinh dak lak").short_name == "Đắk Lắk"
    assert parse("TP.HCM").short_name == "Hồ Chí Minh"


def test_a_former_province_is_accepted_with_a_warning_naming_the_current_one(parse):
    result = parse("Tỉnh Hà Giang")
    assert isinstance(result, Parsed)
    assert result.value.short_name == "Tuyên Quang"
    assert result.warnings == ["“Tỉnh Hà Giang” là tên tỉnh cũ (trước 01/07/2025); nay thuộc Tuyên Quang."]


def test_an_unknown_province_is_an_error_with_the_matchers_message(parse):
    from hoptac.imports import CellError

    with pytest.raises(CellError) as caught:
        parse("Tỉnh Không Có")
    assert caught.value.message == "Không tìm thấy tỉnh/thành phố nào tên là “Tỉnh Không Có”."


def test_province_column_in_a_file_reads_the_database_a_constant_number_of_times(
    parse, django_assert_max_num_queries
):
    spec = ImportSpec(
        "x", [Column("name", "Tên", required=True), Column("province", "Tỉnh/TP", ("Tỉnh",), parse)]
    )
    lines = [["Tên", "Tỉnh / TP"]] + [
        [f"HTX {i}", name] for i in range(50) for name in ("Hà Giang", "Đắk Lắk", "Atlantis")
    ]
    with django_assert_max_num_queries(2):
        rows = parse_file(spec, csv_bytes(lines), "x.csv").rows
    assert [r.values["province"].short_name if r.values["province"] else None for r in rows[:3]] == [
        "Tuyên Quang",
        "Đắk Lắk",
        None,
    ]
    assert [p.level for p in rows[0].problems] == ["warning"]
    assert [p.column for p in rows[2].errors] == ["Tỉnh / TP"]
