"""The error file (re-uploadable with the same spec) and the blank template."""

import datetime
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from hoptac.imports import ERROR_COLUMN_HEADER, blank_template_xlsx, parse_file, rejected_rows_xlsx
from hoptac.imports.xlsx import sheet_title, text_cell

from .helpers import HEADERS, SPEC, xlsx


def test_error_file_holds_the_rejected_rows_as_written_and_parses_again():
    data = xlsx(
        [
            ["STT", "Tên HTX", "MST", "Ngày thành lập", "Vốn", "Ghi chú riêng"],
            [1, "A", 100233480, datetime.date(2020, 1, 5), 1500000.5, "ghi chú"],
            [2, "B", "0100233488", "31/02/2020", "1.500.000", None],
            [3, "C", "0314409058", 43835, None, None],
        ],
        title_rows=[["DANH SÁCH"]],
    )
    parsed = parse_file(SPEC, data, "x.xlsx")
    rejected = [row for row in parsed.rows if row.has_errors]
    assert [row.number for row in rejected] == [3, 4]
    content = rejected_rows_xlsx(rejected, parsed.headers)

    sheet = load_workbook(io.BytesIO(content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [
        "STT",
        "Tên HTX",
        "MST",
        "Ngày thành lập",
        "Vốn",
        "Ghi chú riêng",
        ERROR_COLUMN_HEADER,
    ]
    assert values[1][:6] == [1, "A", 100233480, datetime.datetime(2020, 1, 5), 1500000.5, "ghi chú"]
    assert values[1][6].startswith("MST: Mã số thuế “100233480”")
    assert values[2][:6] == [2, "B", "0100233488", "31/02/2020", "1.500.000", None]
    assert values[2][6] == "Ngày thành lập: Ngày “31/02/2020” không có thật."
    assert sheet.freeze_panes == "A2"

    again = parse_file(SPEC, content, "loi.xlsx")
    assert again.file_problems == [
        p for p in again.file_problems if p.column == "Ghi chú riêng"
    ]  # error column ignored
    assert [[(p.column, p.value) for p in row.errors] for row in again.rows] == [
        [("MST", "100233480")],
        [("Ngày thành lập", "31/02/2020")],
    ]


def test_error_file_of_a_csv_upload():
    from .helpers import csv_bytes

    parsed = parse_file(SPEC, csv_bytes([["Tên đơn vị", "E-mail"], ["=HYPERLINK(1)", "sai@"]]), "x.csv")
    content = rejected_rows_xlsx(parsed.rows, parsed.headers)
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")  # text that looks like a formula stays text
    again = parse_file(SPEC, content, "loi.xlsx")
    assert again.rows[0].values["name"] == "=HYPERLINK(1)"
    assert [p.value for p in again.rows[0].errors] == ["sai@"]


def test_error_file_leaves_out_control_characters_and_keeps_formula_like_text_as_text():
    from .helpers import csv_bytes

    data = csv_bytes(
        [
            ["Tên đơn vị", "E-mail", "Ghi chú riêng"],
            ["HTX\x01 Một\x1f", "sai@\x02", "#N/A"],
            ["@SUM(A1)", "sai@", "=1+2\x0b dòng hai"],
        ]
    )
    parsed = parse_file(SPEC, data, "x.csv")
    assert [len(row.errors) for row in parsed.rows] == [1, 1]
    content = rejected_rows_xlsx(parsed.rows, parsed.headers)  # openpyxl raised IllegalCharacterError here
    sheet = load_workbook(io.BytesIO(content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0][:3] == ["HTX Một", "sai@", "#N/A"]
    assert values[1][:3] == ["@SUM(A1)", "sai@", "=1+2\n dòng hai"]
    assert {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row} == {"s"}
    assert [row.values["name"] for row in parse_file(SPEC, content, "loi.xlsx").rows] == [
        "HTX Một",
        "@SUM(A1)",
    ]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_any_text_can_be_written_to_an_xlsx(texts):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title("".join(texts)))
    sheet.append([text_cell(sheet, value) for value in texts])
    buffer = io.BytesIO()
    workbook.save(buffer)  # no IllegalCharacterError, whatever the text
    read = load_workbook(buffer).active
    assert all(cell.data_type == "s" for row in read.iter_rows() for cell in row if cell.value is not None)


def test_blank_template_has_headers_example_and_guide_and_parses_with_the_spec():
    content = blank_template_xlsx(SPEC)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Danh sách thử", "Hướng dẫn"]
    sheet = workbook["Danh sách thử"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=2).value == "0100233488"  # text: the leading zero stays
    assert sheet.column_dimensions["A"].width >= 10
    guide = [[c.value for c in row] for row in workbook["Hướng dẫn"].iter_rows()]
    assert guide[0][:3] == ["Cột", "Bắt buộc", "Cách ghi"]
    assert guide[1][:3] == ["Tên đơn vị", "Có", "Tên đầy đủ."]
    assert guide[2][:2] == ["Mã số thuế", "Không"]

    parsed = parse_file(SPEC, content, "mau.xlsx")
    assert parsed.file_problems == []
    (example,) = parsed.rows
    assert example.problems == []
    assert example.values["tax_code"] == "0100233488"
    assert example.values["founded"] == datetime.date(2021, 3, 15)
    assert example.values["tags"] == ["organic", "vietgap"]
