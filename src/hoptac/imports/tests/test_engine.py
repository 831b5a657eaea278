"""parse_file and run_import end to end on real files: every bad-input class, duplicates, the JSON result."""

import datetime
import json
import unicodedata
from decimal import Decimal

import pytest

from hoptac.imports import FileError, ImportResult, UpsertCounts, mark_duplicates, parse_file, run_import

from .helpers import HEADERS, SPEC, csv_bytes, xlsx

TITLE = [["DANH SÁCH ĐƠN VỊ NĂM 2024"], ["(Kèm theo công văn số 12/LM)"], [None]]


def messy_xlsx() -> bytes:
    header = [
        "STT",
        "Tên HTX",
        "MST",
        "Ngày thành lập",
        "Số thành viên",
        "Vốn điều lệ",
        "SĐT",
        "Email",
        "Loại hình",
        "Lĩnh vực",
        "Ghi chú riêng",
    ]
    rows = [
        header,
        [
            1,
            "HTX Một",
            100233488,
            datetime.date(2020, 1, 5),
            12,
            1500000.5,
            912345678,
            "a@b.vn",
            "Nông trại",
            "Hữu cơ",
        ],
        [
            2,
            "HTX Hai",
            "0314409058-002",
            43835,
            "1.500",
            "1.500.000,50",
            "+84 24 3825 1234",
            None,
            "nong trai",
            "VietGAP, Hữu cơ",
        ],
        [None] * 11,  # an empty row is skipped
        [3, None, "0100233480", "31/02/2020", "mười", "abc", "12345", "a@", "Trang trại", "Thủy sản"],
        [4, "Cửa hàng Ba", None, None, None, None, None, None, "Cửa hàng", None],
        [5, "x" * 41, "12345", None, None, None, None, None, None, None],
        [6],  # only the ignored STT column: skipped
    ]
    return xlsx(rows, title_rows=TITLE, merge="A1:K1")


def test_a_messy_spreadsheet_parses_row_by_row():
    parsed = parse_file(SPEC, messy_xlsx(), "danh-sach.xlsx")
    assert parsed.header_row == 4
    assert parsed.columns["tax_code"] == "MST"
    assert [(p.column, p.level) for p in parsed.file_problems] == [("Ghi chú riêng", "warning")]
    rows = parsed.rows
    assert [row.number for row in rows] == [5, 6, 8, 9, 10]

    one, two, bad, shop, long = rows
    assert one.values == {
        "name": "HTX Một",
        "tax_code": "0100233488",
        "founded": datetime.date(2020, 1, 5),
        "members": 12,
        "capital": Decimal("1500000.5"),
        "phone": "0912345678",
        "email": "a@b.vn",
        "kind": "farm",
        "tags": ["organic"],
    }
    assert not one.has_errors
    assert [(p.row, p.column, p.value, p.level) for p in one.problems] == [(5, "MST", "100233488", "warning")]
    assert one.raw["MST"] == "100233488" and one.raw["STT"] == "1"

    assert two.values["founded"] == datetime.date(2020, 1, 5)
    assert two.values["members"] == 1500
    assert two.values["capital"] == Decimal("1500000.50")
    assert two.values["phone"] == "02438251234"
    assert two.values["email"] is None
    assert two.values["tags"] == ["vietgap", "organic"]
    assert two.problems == []

    assert bad.has_errors
    assert [(p.column, p.value) for p in bad.errors] == [
        ("Tên HTX", ""),
        ("MST", "0100233480"),
        ("Ngày thành lập", "31/02/2020"),
        ("Số thành viên", "mười"),
        ("Vốn điều lệ", "abc"),
        ("SĐT", "12345"),
        ("Email", "a@"),
        ("Loại hình", "Trang trại"),
        ("Lĩnh vực", "Thủy sản"),
    ]
    assert bad.errors[0].message == "Ô này không được để trống."

    assert [(p.column, p.message) for p in shop.errors] == [
        ("MST", "Cửa hàng phải có mã số thuế.")
    ]  # row_check
    assert [p.column for p in long.errors] == ["Tên HTX", "MST"]
    assert "quá giới hạn 40 ký tự" in long.errors[0].message


def test_csv_header_is_row_one_and_values_are_text():
    data = csv_bytes(
        [
            ["Tên đơn vị", "MST", "Vốn"],
            ["A", "100233488", "1.500.000"],
            ["", "", ""],
            ["B", "0314409058 002", "2,5"],
        ],
        encoding="utf-8-sig",
    )
    parsed = parse_file(SPEC, data, "x.csv")
    assert parsed.header_row == 1
    assert [(r.number, r.values["tax_code"], r.values["capital"]) for r in parsed.rows] == [
        (2, "0100233488", Decimal("1500000")),
        (4, "0314409058-002", Decimal("2.5")),
    ]


def test_decomposed_headers_and_values_are_recognised():
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    data = csv_bytes([[nfd("Tên đơn vị"), nfd("Loại hình")], [nfd("Hợp tác xã Đắk Lắk"), nfd("Cửa hàng")]])
    parsed = parse_file(SPEC, data, "x.csv")
    (row,) = parsed.rows
    assert row.values["name"] == "Hợp tác xã Đắk Lắk"
    assert row.values["kind"] == "shop"


@pytest.mark.parametrize(
    ("data", "filename", "sheet", "code"),
    [
        (b"", "x.xlsx", None, "empty"),
        (b"garbage", "x.xlsx", None, "unreadable"),
        (xlsx([["Tên đơn vị"], ["A"]]), "x.xlsx", "Không có", "unknown_sheet"),
        (xlsx([["a", "b"], ["1", "2"]]), "x.xlsx", None, "no_header"),
        (xlsx([["MST", "Điện thoại"], ["0100233488", "0912345678"]]), "x.xlsx", None, "missing_column"),
    ],
)
def test_file_level_failures(data, filename, sheet, code):
    with pytest.raises(FileError) as caught:
        parse_file(SPEC, data, filename, sheet)
    assert caught.value.code == code


def key(row):
    return row.values.get("tax_code")


def test_every_copy_of_a_duplicate_key_is_an_error():
    data = xlsx(
        [HEADERS[:2], ["A", "0100233488"], ["B", "0314409058"], ["C", 100233488], ["D", None], ["E", None]]
    )
    rows = parse_file(SPEC, data, "x.xlsx").rows
    assert mark_duplicates(rows, key, "tax_code", lambda k, numbers: f"{k} lặp ở các dòng {numbers}") == 2
    assert [(r.number, [p.message for p in r.errors]) for r in rows if r.has_errors] == [
        (2, ["0100233488 lặp ở các dòng [2, 4]"]),
        (4, ["0100233488 lặp ở các dòng [2, 4]"]),
    ]
    assert rows[2].errors[0].column == "Mã số thuế" and rows[2].errors[0].value == "100233488"


def collecting_upsert(store):
    def upsert(rows):
        counts = UpsertCounts()
        for row in rows:
            code = row.values["tax_code"] or row.values["name"]
            if row.values["name"] == "Từ chối":
                row.add_error("name", "Bị từ chối bởi cơ sở dữ liệu.")
                continue
            before = store.get(code)
            store[code] = row.values
            if before is None:
                counts = counts._replace(new=counts.new + 1)
            elif before == row.values:
                counts = counts._replace(unchanged=counts.unchanged + 1)
            else:
                counts = counts._replace(updated=counts.updated + 1)
        return counts

    return upsert


def test_run_import_tallies_batches_and_collects_rejected_rows_in_order():
    data = xlsx(
        [
            ["Tên đơn vị", "MST", "Số thành viên"],
            ["A", "0100233488", 5],
            ["B", "0314409058", "x"],
            ["C", 301234562, 7],
            ["D", "0100233488", 9],
            ["Từ chối", None, 1],
            ["E", None, 2],
        ]
    )
    store: dict = {}
    progress = []
    parsed = parse_file(SPEC, data, "x.xlsx")
    result = run_import(
        parsed,
        collecting_upsert(store),
        key=key,
        key_column="tax_code",
        duplicate_message="Mã số thuế trùng trong tệp.",
        key_fields=["tax_code"],
        batch_size=2,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert (result.new, result.updated, result.unchanged, result.invalid) == (2, 0, 0, 4)
    assert [r.number for r in result.rejected] == [2, 3, 5, 6]
    assert progress == [(2, 6), (4, 6), (6, 6)]
    payload = json.loads(result.to_json())
    assert list(payload) == ["new", "updated", "unchanged", "invalid", "problems"]
    assert payload["problems"][0] == {
        "row": 2,
        "column": "MST",
        "value": "0100233488",
        "level": "error",
        "message": "Mã số thuế trùng trong tệp.",
    }
    assert [(p["row"], p["level"]) for p in payload["problems"]] == [
        (2, "error"),
        (3, "error"),
        (4, "warning"),
        (5, "error"),
        (6, "error"),
    ]

    # Importing the same file again changes nothing.
    again = run_import(
        parse_file(SPEC, data, "x.xlsx"),
        collecting_upsert(store),
        key=key,
        key_column="tax_code",
        duplicate_message="trùng",
    )
    assert (again.new, again.updated, again.unchanged, again.invalid) == (0, 0, 2, 4)


def test_import_result_json_shape_when_empty():
    assert (
        ImportResult().to_json() == '{"new": 0, "updated": 0, "unchanged": 0, "invalid": 0, "problems": []}'
    )


def test_run_import_requires_a_column_and_message_with_a_key():
    parsed = parse_file(SPEC, xlsx([["Tên đơn vị"], ["A"]]), "x.xlsx")
    with pytest.raises(ValueError):
        run_import(parsed, lambda rows: (0, 0, 0), key=key)


def test_problem_values_are_shown_as_a_person_sees_them():
    data = xlsx([["Tên đơn vị", "Số thành viên", "Ngày thành lập"], ["A", 2.5, 2021.0]])
    (row,) = parse_file(SPEC, data, "x.xlsx").rows
    assert [(p.value, p.message) for p in row.errors] == [
        ("2021", "“2021” chỉ có năm; hãy ghi đủ ngày/tháng/năm (dd/mm/yyyy)."),
        ("2.5", "“2.5” phải là số nguyên."),
    ][::-1]
