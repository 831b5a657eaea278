"""Header recognition: aliases, folding, title rows above, required columns, refusals."""

import unicodedata

import pytest

from hoptac.imports import Column, FileError, ImportSpec, find_header_row, header_key

from .helpers import SPEC


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("Tên HTX", "name"),
        ("Ten hop tac xa", "name"),
        ("TÊN  ĐƠN  VỊ", "name"),
        ("Tên đơn vị (*)", "name"),
        ("Tên đơn vị (bắt buộc)", "name"),
        ("Tên\nđơn vị", "name"),
        (unicodedata.normalize("NFD", "Tên đơn vị"), "name"),
        ("Mã số thuế", "tax_code"),
        ("MST", "tax_code"),
        ("mst", "tax_code"),
        ("Mã-số-thuế", "tax_code"),
        ("SĐT", "phone"),
        ("sdt", "phone"),
        ("E-mail", "email"),
        ("email", "email"),
    ],
)
def test_headers_are_recognised_however_they_are_written(written, field):
    column = SPEC.keys()[header_key(written)]
    assert column.field == field


def test_province_style_headers_fold_slashes_and_spaces():
    spec = ImportSpec("x", [Column("province", "Tỉnh/TP", ("Tỉnh/thành phố",))])
    for written in ("Tỉnh/TP", "Tinh / TP", "TỈNH/TP", "tinh tp", "Tỉnh, thành phố"):
        assert spec.keys()[header_key(written)].field == "province"


def test_a_spec_refuses_two_columns_sharing_a_header():
    with pytest.raises(ValueError, match="names both"):
        ImportSpec("x", [Column("a", "Tên"), Column("b", "Họ tên", ("ten",))])
    with pytest.raises(ValueError, match="repeats a field"):
        ImportSpec("x", [Column("a", "A"), Column("a", "B")])


def rows(*lines):
    return list(enumerate(lines, 1))


def test_header_row_below_title_rows_is_found():
    match = find_header_row(
        rows(
            ["DANH SÁCH HỢP TÁC XÃ NĂM 2024", "", ""],
            ["", "", ""],
            ["Đơn vị: đồng"],
            ["STT", "Tên HTX", "MST", "Ghi chú nội bộ"],
            ["1", "A", "0100233488"],
        ),
        SPEC,
    )
    assert match.row == 4
    assert match.columns == {"name": 1, "tax_code": 2}
    assert match.unknown == [3]  # "STT" is known-and-ignored, "Ghi chú nội bộ" unknown
    assert match.header("tax_code") == "MST"


def test_the_row_naming_most_columns_wins():
    # A two-level header: the group row names one column, the detail row names more.
    match = find_header_row(rows(["Tên đơn vị", "Liên hệ", ""], ["Tên đơn vị", "Điện thoại", "E-mail"]), SPEC)
    assert match.row == 2


def test_a_row_missing_a_required_column_is_refused_naming_it():
    with pytest.raises(FileError) as caught:
        find_header_row(rows(["MST", "Điện thoại"], ["0100233488", "0912345678"]), SPEC)
    assert caught.value.code == "missing_column"
    assert "Thiếu cột bắt buộc: “Tên đơn vị”" in str(caught.value.message)
    assert "dòng 1" in str(caught.value.message)


def test_no_header_row_is_refused():
    with pytest.raises(FileError) as caught:
        find_header_row(rows(["a", "b"], ["1", "2"]), SPEC, sheet_name="Trang 1")
    assert caught.value.code == "no_header"
    assert "Không tìm thấy dòng tiêu đề" in str(caught.value.message)
    assert "“Tên đơn vị”" in str(caught.value.message)


def test_only_the_first_scan_rows_are_searched():
    lines = [["ghi chú"]] * 30 + [["Tên đơn vị"]]
    with pytest.raises(FileError):
        find_header_row(rows(*lines), SPEC, scan=30)
    assert find_header_row(rows(*lines), SPEC, scan=31).row == 31


def test_repeated_columns_keep_the_first():
    match = find_header_row(rows(["Tên đơn vị", "SĐT", "Điện thoại"]), SPEC)
    assert match.columns["phone"] == 1
    assert match.repeated == [(2, "phone")]
