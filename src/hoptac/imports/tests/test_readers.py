"""read_rows: xlsx/ods through calamine, csv in UTF-8, UTF-8 with BOM and cp1258; every file-level refusal."""

import datetime
import io
import struct
import zipfile
import zlib

import pytest

from hoptac.imports import FileError, read_rows, readers

from .helpers import cp1258, csv_bytes, ods, xlsx


def test_xlsx_rows_carry_the_row_numbers_the_spreadsheet_shows():
    data = xlsx([["Tên đơn vị", "MST"], ["A", 100233488]], title_rows=[["DANH SÁCH"], [None]], merge="A1:D1")
    sheet = read_rows(data, "danh-sach.xlsx")
    rows = [(number, cells) for number, cells in sheet if any(cells)]
    assert rows == [(1, ["DANH SÁCH", ""]), (3, ["Tên đơn vị", "MST"]), (4, ["A", 100233488.0])]
    assert sheet.name == "Danh sách"
    assert sheet.height == 4


def test_xlsx_with_data_below_empty_rows_and_right_of_empty_columns():
    data = xlsx([["Tên đơn vị"], ["A"]], title_rows=[[None]] * 4, start_column=3)
    rows = [(number, cells) for number, cells in read_rows(data, "x.xlsx") if any(cells)]
    assert rows == [(5, ["Tên đơn vị"]), (6, ["A"])]


def test_xlsx_dates_come_back_as_dates_and_numbers_as_floats():
    data = xlsx(
        [["d", "n"], [datetime.date(2020, 1, 5), 1500000.5], [datetime.datetime(2020, 1, 5, 9, 30), 43835]]
    )
    rows = list(read_rows(data, "x.xlsx"))
    assert rows[1][1] == [datetime.date(2020, 1, 5), 1500000.5]
    assert rows[2][1] == [datetime.datetime(2020, 1, 5, 9, 30), 43835.0]


def test_a_sheet_can_be_read_twice():
    sheet = read_rows(xlsx([["a"], ["b"]]), "x.xlsx")
    assert list(sheet) == list(sheet)


def test_the_first_sheet_unless_one_is_chosen():
    data = xlsx([["x"]], sheet="Trang 1", extra_sheets=["Năm 2024"])
    assert read_rows(data, "x.xlsx").name == "Trang 1"
    assert read_rows(data, "x.xlsx", sheet="Năm 2024").name == "Năm 2024"
    assert read_rows(data, "x.xlsx", sheet="nam 2024").name == "Năm 2024"  # folded match


def test_an_unknown_sheet_is_refused_naming_the_sheets():
    data = xlsx([["x"]], sheet="Trang 1", extra_sheets=["Năm 2024"])
    with pytest.raises(FileError) as caught:
        read_rows(data, "x.xlsx", sheet="Năm 2025")
    assert caught.value.code == "unknown_sheet"
    assert "“Năm 2025”" in str(caught.value.message)
    assert "“Trang 1”, “Năm 2024”" in str(caught.value.message)


def test_ods_is_read_through_calamine():
    sheet = read_rows(ods([[None], ["Tên đơn vị", "MST"], ["A", 100233488]]), "x.ods")
    assert list(sheet)[1:] == [(2, ["Tên đơn vị", "MST"]), (3, ["A", 100233488.0])]


def test_a_path_is_read_like_bytes(tmp_path):
    path = tmp_path / "danh sách.xlsx"
    path.write_bytes(xlsx([["a"]]))
    assert list(read_rows(path)) == [(1, ["a"])]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_every_vietnamese_encoding_people_save(encoding):
    lines = [["Tên đơn vị", "Tỉnh"], ["Hợp tác xã Đắk Lắk", "Hà Giang"]]
    data = cp1258(csv_bytes(lines).decode()) if encoding == "cp1258" else csv_bytes(lines, encoding=encoding)
    sheet = read_rows(data, "x.csv")
    assert list(sheet) == [(1, lines[0]), (2, lines[1])]
    assert sheet.encoding == encoding


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    lines = [
        ["Danh sách"],
        ["Tên", "Vốn", "Ngày"],
        ["A", "1.500.000,50", "05/01/2020"],
        ["B", "2,5", "06/01/2020"],
    ]
    sheet = read_rows(csv_bytes(lines, delimiter=delimiter), "x.csv")
    assert sheet.delimiter == delimiter
    assert [cells for _n, cells in sheet] == lines


def test_csv_row_numbers_count_blank_lines_and_multiline_cells_are_one_row():
    data = 'Tên,Ghi chú\r\n\r\nA,"dòng 1\r\ndòng 2"\r\nB,x\r\n'.encode()
    assert list(read_rows(data, "x.csv")) == [
        (1, ["Tên", "Ghi chú"]),
        (2, []),
        (3, ["A", "dòng 1\r\ndòng 2"]),
        (4, ["B", "x"]),
    ]


def test_cp1258_text_is_composed():
    # cp1258 writes tones as combining marks; the reader composes them (NFC) like any other text.
    data = cp1258("Tên\r\nĐắk Lắk\r\n")
    assert "Đắk".encode() not in data  # really a cp1258 file
    text = read_rows(data, "x.csv")
    assert list(text)[1][1] == ["Đắk Lắk"]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "x.xlsx", "empty"),
        (b"", "x.csv", "empty"),
        (b"  \r\n \r\n", "x.csv", "empty"),
        (b"this is not a spreadsheet", "x.xlsx", "unreadable"),
        (b"PK\x03\x04garbage", "x.xlsx", "unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1garbage", "x.xls", "unreadable"),
        ("Tên\r\n".encode("utf-16"), "x.csv", "unreadable"),
        (b"%PDF-1.4", "x.pdf", "unsupported"),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message(data, filename, code):
    with pytest.raises(FileError) as caught:
        read_rows(data, filename)
    assert caught.value.code == code
    assert filename in str(caught.value.message)


def test_a_workbook_whose_sheet_is_empty_is_refused():
    with pytest.raises(FileError) as caught:
        read_rows(xlsx([]), "x.xlsx")
    assert caught.value.code == "empty"


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(FileError) as caught:
        read_rows(tmp_path / "absent.xlsx")
    assert caught.value.code == "unreadable"


def test_an_xlsx_uploaded_with_a_csv_name_is_read_as_a_workbook():
    assert list(read_rows(xlsx([["a"]]), "x.csv")) == [(1, ["a"])]


# --- zip archives (.xlsx, .ods) are checked before calamine decompresses them ---------------------------------


def _bomb(path, *, megabytes: int, name: str = "xl/worksheets/sheet1.xml"):
    """A zip whose one member is ``megabytes`` of zeros, written in 1 MB chunks (about 1 KB per MB on disk)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unzipped(tmp_path):
    path = _bomb(tmp_path / "bom.xlsx", megabytes=300)
    assert path.stat().st_size < 1024 * 1024  # 300 MB of zeros in about 300 KB
    with pytest.raises(FileError) as caught:
        read_rows(path)
    assert caught.value.code == "too_large"
    message = str(caught.value.message)
    assert "“bom.xlsx”" in message and "300 MB" in message and "256 MB" in message


def test_a_member_compressed_beyond_any_spreadsheet_is_refused_under_the_size_limit(tmp_path):
    data = _bomb(tmp_path / "bom.ods", megabytes=2, name="content.xml").read_bytes()
    with pytest.raises(FileError) as caught:
        read_rows(data, "bom.ods")
    assert caught.value.code == "suspicious"
    assert "“content.xml”" in str(caught.value.message)


def test_an_archive_of_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(1001):
            archive.writestr(f"xl/media/image{number}.png", b"")
    with pytest.raises(FileError) as caught:
        read_rows(buffer.getvalue(), "nhieu.xlsx")
    assert caught.value.code == "suspicious"
    assert "1001" in str(caught.value.message)


def test_the_unzipped_size_limit_is_a_setting(settings):
    # Varied text compresses like a real sheet (well under 100:1), so only the size limit refuses it.
    data = xlsx([["Tên đơn vị", "Mã"], *([f"Hợp tác xã số {i}", i * 7919] for i in range(20_000))])
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size > 1024 * 1024
    assert read_rows(data, "x.xlsx").height == 20_001
    settings.HOPTAC_IMPORT_MAX_UNZIPPED_MB = 1
    with pytest.raises(FileError) as caught:
        read_rows(data, "x.xlsx")
    assert caught.value.code == "too_large" and "giới hạn 1 MB" in str(caught.value.message)


def test_a_100000_row_export_is_well_under_the_default_limit():
    # The measured 100,000-row list (bench.generate, openpyxl write-only) unzips to about 108 MB.
    assert readers.max_unzipped_bytes() == 256 * 1024 * 1024
    assert readers.max_unzipped_bytes() > 2 * 108 * 1024 * 1024


def test_a_corrupt_zip_is_refused_with_a_vietnamese_message():
    data = xlsx([["Tên đơn vị"], ["A"]])
    with pytest.raises(FileError) as caught:
        read_rows(data[: len(data) // 2], "cat-doi.xlsx")  # an upload cut in the middle
    assert caught.value.code == "unreadable"
    assert "“cat-doi.xlsx”" in str(caught.value.message) and "bị hỏng" in str(caught.value.message)


def _declare_smaller(data: bytes, member: str, size: int) -> bytes:
    """``data`` with ``member``'s declared uncompressed size (and CRC, of that many bytes) made ``size``."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    real = zipfile.ZipFile(io.BytesIO(data)).read(member)
    crc = zlib.crc32(real[:size])
    patched = bytearray(data)
    struct.pack_into("<II", patched, info.header_offset + 14, crc, info.compress_size)
    struct.pack_into("<I", patched, info.header_offset + 22, size)
    position = patched.find(b"PK\x01\x02")
    while position != -1:
        length = struct.unpack_from("<H", patched, position + 28)[0]
        if patched[position + 46 : position + 46 + length] == member.encode():
            struct.pack_into("<I", patched, position + 16, crc)
            struct.pack_into("<I", patched, position + 24, size)
        position = patched.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


def test_an_archive_that_understates_a_member_size_is_refused_by_calamine():
    # The check trusts the sizes an archive declares: this holds calamine to stop at the declared size.
    data = xlsx([["Tên đơn vị"], *([f"Hợp tác xã số {i}"] for i in range(5_000))])
    lying = _declare_smaller(data, "xl/worksheets/sheet1.xml", 1000)
    with pytest.raises(FileError) as caught:
        list(read_rows(lying, "x.xlsx"))
    assert caught.value.code == "unreadable"
