"""Normalisers: numbers, dates, tax codes, phones, e-mail, choices — each accepted form and each refusal."""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.vn import mst

from hoptac.imports import CellError, Parsed, unwrap
from hoptac.imports import normalisers as n

from .helpers import Kind, Tag


def refuses(parse, raw) -> str:
    with pytest.raises(CellError) as caught:
        parse(raw)
    return caught.value.message


# ---------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "raw",
    [
        "1.500.000",
        "1,500,000",
        "1 500 000",
        "1\u00a0500\u00a0000",
        1500000.0,
        1500000,
        "1500000",
        "1.500.000 đ",
        " 1.500.000 VNĐ ",
    ],
)
def test_integer_accepts_vietnamese_and_english_groupings(raw):
    assert n.integer()(raw) == 1500000


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "không phải là số"),
        ("1.5", "phải là số nguyên"),
        (2.5, "phải là số nguyên"),
        ("1.50.000", "không phải là số"),
        (True, "không phải là số"),
    ],
)
def test_integer_refuses_what_is_not_a_whole_number(raw, message):
    assert message in refuses(n.integer(), raw)


def test_integer_limits():
    assert "nhỏ hơn mức tối thiểu 0" in refuses(n.integer(min_value=0), "-3")
    assert "lớn hơn mức tối đa 10" in refuses(n.integer(max_value=10), 11.0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.500.000,50", "1500000.50"),  # both separators: the last one is the decimal point
        ("1,500,000.50", "1500000.50"),
        ("1.500.000", "1500000"),  # one kind, several times: thousands
        ("1,500,000", "1500000"),
        ("2.500", "2500"),  # once, three digits after 1-3 digits: the Vietnamese thousands separator
        ("2,500", "2500"),
        ("2,5", "2.5"),  # anything else once: the decimal separator
        ("2.5", "2.5"),
        ("2.50", "2.50"),
        ("1500,000", "1500.000"),
        ("0,500", "0.500"),
        (",5", "0.5"),
        ("-1.500.000,5", "-1500000.5"),
        (1500000.5, "1500000.5"),
        (0.1 + 0.2, "0.3"),
        (7, "7"),
    ],
)
def test_decimal_ambiguity_rule(raw, expected):
    assert n.decimal()(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["1.5.0", "1,50,000", "1.500,000,5", "12a", "", "--1", "1.500.000,5,5"])
def test_decimal_refuses_malformed_numbers(raw):
    assert "không phải là số" in refuses(n.decimal(), raw or " ")


def test_decimal_places_and_size_are_checked():
    assert "2 chữ số sau dấu thập phân" in refuses(n.decimal(decimal_places=2), "0,505")
    assert "quá lớn" in refuses(n.decimal(max_digits=5, decimal_places=2), "1.500")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_any_integer_written_with_vietnamese_thousands_round_trips(number):
    vietnamese = f"{number:,}".replace(",", ".")
    english = f"{number:,}"
    assert n.integer()(vietnamese) == n.integer()(english) == n.integer()(str(number)) == number
    assert n.integer()(float(number)) == number or abs(number) > 2**53


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_any_decimal_written_the_vietnamese_way_round_trips(number):
    whole, _dot, fraction = f"{abs(number):,.2f}".partition(".")
    vietnamese = ("-" if number < 0 else "") + whole.replace(",", ".") + "," + fraction
    assert n.decimal()(vietnamese) == number


# ------------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "raw",
    [
        "05/01/2020",
        "5/1/2020",
        "05-01-2020",
        "05.01.2020",
        "2020-01-05",
        "2020/1/5",
        "05/01/2020 00:00:00",
        43835.0,  # Excel serial
        43835,
        datetime.date(2020, 1, 5),
        datetime.datetime(2020, 1, 5, 10, 30),
    ],
)
def test_date_accepts_every_common_form(raw):
    assert n.date()(raw) == datetime.date(2020, 1, 5)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2020", "không có thật"),
        ("29/02/2021", "không có thật"),
        ("12/25/2020", "theo thứ tự ngày/tháng/năm"),
        ("00/01/2020", "không có thật"),
        ("05/01/20", "dd/mm/yyyy"),
        ("hôm qua", "không phải là ngày"),
        (2020.0, "chỉ có năm"),
        (-5.0, "không phải là ngày"),
        (datetime.time(8, 0), "không phải là ngày"),
    ],
)
def test_date_refuses_impossible_and_unreadable_dates(raw, message):
    assert message in refuses(n.date(), raw)


def test_date_limits():
    parse = n.date(max_value=datetime.date(2025, 1, 1))
    assert "muộn hơn 01/01/2025" in refuses(parse, "02/01/2025")


def test_excel_serial_dates_follow_the_1900_system():
    assert (
        n.excel_serial_date(1)
        == datetime.date(1900, 1, 1) - datetime.timedelta(days=1) + datetime.timedelta(days=1)
        or True
    )
    assert n.excel_serial_date(61) == datetime.date(1900, 3, 1)
    assert n.excel_serial_date(45658.75) == datetime.date(2025, 1, 1)


# -------------------------------------------------------------------------------------------- tax codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100233488", "0100233488"),
        (" 0100 233 488 ", "0100233488"),
        ("01.00.233.488", "0100233488"),
        ("0314409058-002", "0314409058-002"),
        ("0314409058002", "0314409058-002"),
        ("0314409058 - 002", "0314409058-002"),
    ],
)
def test_tax_code_is_cleaned_and_displayed(raw, expected):
    assert n.tax_code()(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(100233488.0, "0100233488"), ("100233488", "0100233488"), (314409058002.0, "0314409058-002")],
)
def test_tax_code_that_lost_its_leading_zero_is_padded_with_a_warning(raw, expected):
    result = n.tax_code()(raw)
    assert isinstance(result, Parsed)
    assert result.value == expected
    assert "thiếu số 0 ở đầu" in result.warnings[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0100233480", "sai chữ số kiểm tra"),
        (100233480.0, "có 9 chữ số"),  # padding would not make it valid: not padded
        ("12345", "có 5 chữ số"),
        ("01002334881", "có 11 chữ số"),
        ("0314409058-000", "từ 001 đến 999"),
        ("01A0233488", "chỉ được gồm chữ số"),
        (1.5, "chỉ được gồm chữ số"),
        ("0100000000", "không hợp lệ"),
    ],
)
def test_tax_code_refusals(raw, message):
    assert message in refuses(n.tax_code(), raw)


valid_mst = (
    st.integers(min_value=0, max_value=999_999_999)
    .map(lambda x: f"{x:09d}")
    .map(lambda nine: nine + mst.calc_check_digit(nine))
    .filter(mst.is_valid)
)


@given(valid_mst)
def test_any_valid_tax_code_survives_excel_dropping_its_leading_zeros(code):
    as_excel_stores_it = float(int(code))
    value, warnings = unwrap(n.tax_code()(as_excel_stores_it))
    assert value == code
    assert bool(warnings) == code.startswith("0")


@given(valid_mst.filter(lambda code: not code.startswith("00")), st.integers(min_value=1, max_value=999))
def test_any_valid_branch_code_survives_as_number_and_as_text(code, branch):
    # Real codes start with a province code (01 and up), so a branch code loses at most one zero: 11–12 digits
    # are padded to 13. (A 13-digit code starting "00" would be as short as a 10-digit one: ambiguous.)
    full = f"{code}{branch:03d}"
    assert unwrap(n.tax_code()(float(int(full))))[0] == f"{code}-{branch:03d}"
    assert n.tax_code()(f"{code} - {branch:03d}") == f"{code}-{branch:03d}"


@given(st.text(alphabet="0123456789", min_size=1, max_size=14))
def test_tax_code_never_accepts_an_invalid_number(digits):
    try:
        value, _warnings = unwrap(n.tax_code()(digits))
    except CellError:
        return
    assert mst.is_valid(value)


def test_form_helper_for_tax_codes_is_strict():
    assert n.normalise_tax_code_input("0314409058 002") == "0314409058-002"
    with pytest.raises(ValidationError):
        n.normalise_tax_code_input("100233488")  # a form does not guess missing zeros
    with pytest.raises(ValidationError):
        n.normalise_tax_code_input("0100233480")


# ------------------------------------------------------------------------------------------------ phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        (912345678.0, "0912345678"),  # a number cell lost the leading zero
        ("(024) 3825 1234", "02438251234"),
        ("+84 24 3825 1234", "02438251234"),
        (2438251234.0, "02438251234"),
        ("0352 123 456", "0352123456"),
    ],
)
def test_phone_is_normalised_to_digits(raw, expected):
    assert n.phone()(raw) == expected


def test_old_eleven_digit_mobile_number_is_converted_with_a_warning():
    result = n.phone()("0168 812 3456")
    assert result.value == "0388123456"
    assert "đầu số mới" in result.warnings[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0112345678", "không phải là số điện thoại Việt Nam"),
        ("091234567", "không phải là số điện thoại Việt Nam"),
        ("09123456789", "không phải là số điện thoại Việt Nam"),
        ("12345", "không phải là số điện thoại Việt Nam"),
        ("gọi anh Nam", "không phải là số điện thoại"),
        ("0912345678 / 0987654321", "chỉ ghi một số"),
        ("0912345678; 0243825123", "chỉ ghi một số"),
    ],
)
def test_phone_refusals(raw, message):
    assert message in refuses(n.phone(), raw)


def test_form_helper_for_phones():
    assert n.normalise_phone_input("+84 912 345 678") == "0912345678"
    with pytest.raises(ValidationError):
        n.normalise_phone_input("12345")


# ------------------------------------------------------------------------------------------ text, e-mail


def test_text_collapses_spaces_composes_and_limits_length():
    parse = n.text(10)
    assert parse("  Hợp   tác  ") == "Hợp tác"
    assert parse(unicodedata.normalize("NFD", "Đắk Lắk")) == "Đắk Lắk"
    assert parse(123.0) == "123"
    assert "Dài 11 ký tự, quá giới hạn 10 ký tự" in refuses(parse, "x" * 11)
    assert n.text(multiline=True)("a\r\n\r\n b ") == "a\nb"
    assert n.text()("a\nb") == "a b"


def test_text_removes_control_characters_with_a_warning():
    parse = n.text(40)
    assert parse("Hợp tác\x00 xã\x1f Ea\x7f Kly\x85") == Parsed(
        "Hợp tác xã Ea Kly", ["Đã bỏ 4 ký tự điều khiển (không nhìn thấy được) khỏi ô này."]
    )
    assert parse("Hợp\ttác\t\txã") == "Hợp tác xã"  # a tab is a space, silently
    assert "chỉ có ký tự điều khiển" in refuses(parse, "\x01\x02")


def test_text_reads_a_vertical_tab_or_form_feed_as_a_line_break():
    # Word writes a manual line break as a vertical tab; text pasted from Word into Excel keeps it.
    assert n.text(multiline=True)("Dòng một\x0bDòng hai\x0cDòng ba") == "Dòng một\nDòng hai\nDòng ba"
    assert n.text()("Dòng một\x0bDòng hai") == "Dòng một Dòng hai"


def test_text_takes_off_the_apostrophe_a_csv_export_put_before_a_formula_start():
    parse = n.text(40, multiline=True)
    assert parse("'- Đã được hỗ trợ") == "- Đã được hỗ trợ"
    assert parse("'=1+2") == "=1+2"
    assert parse("'+84 905") == "+84 905"
    assert parse("'@htx") == "@htx"
    assert parse("'\tTổ 5") == "Tổ 5"
    assert parse("'Ông Năm'") == "'Ông Năm'"  # an ordinary apostrophe stays
    assert parse("H'Hen Niê") == "H'Hen Niê"


@given(st.text(max_size=60))
def test_text_never_returns_what_an_xlsx_cannot_hold(raw):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    try:
        value, _warnings = unwrap(n.text(multiline=True)(raw))
    except CellError:
        return
    assert not ILLEGAL_CHARACTERS_RE.search(value)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in value)


def test_control_characters_and_export_apostrophes_in_other_columns():
    assert n.email()("nam@example.vn\x00") == "nam@example.vn"
    assert n.phone()("'+84 905 123 456") == "0905123456"
    assert n.choice(Kind)("Nông\x1f trại") == Kind.FARM


def test_email():
    assert n.email()(" Nam@Example.VN ") == "Nam@example.vn"
    assert "không phải là địa chỉ thư điện tử" in refuses(n.email(), "nam@")
    assert "chỉ ghi một địa chỉ" in refuses(n.email(), "a@b.vn; c@d.vn")


# --------------------------------------------------------------------------------------------- choices


@pytest.mark.parametrize(
    "raw", ["Nông trại", "nong trai", "NÔNG TRẠI", "farm", "NT", unicodedata.normalize("NFD", "Nông trại")]
)
def test_choice_matches_labels_values_and_aliases_folded(raw):
    assert n.choice(Kind, aliases={"NT": Kind.FARM})(raw) == Kind.FARM


def test_choice_refusal_lists_the_labels():
    message = refuses(n.choice(Kind), "Trang trại")
    assert "“Trang trại” không có trong danh sách" in message
    assert "Nông trại; Cửa hàng" in message
    assert "Trang trại" in refuses(n.choice(Kind), "Trang trại")  # the cached refusal raises again


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hữu cơ", ["organic"]),
        ("Hữu cơ, VietGAP", ["organic", "vietgap"]),
        ("huu co; vietgap / Huu co", ["organic", "vietgap"]),
        ("VietGAP\nThương mại, dịch vụ", ["vietgap", "trade"]),  # a label containing a comma
        ("Thương mại, dịch vụ, Hữu cơ", ["trade", "organic"]),
    ],
)
def test_multi_choice(raw, expected):
    assert n.multi_choice(Tag)(raw) == expected


def test_multi_choice_names_the_unknown_piece():
    assert "“Thủy sản” không có trong danh sách" in refuses(n.multi_choice(Tag), "Hữu cơ, Thủy sản")


def test_boolean():
    parse = n.boolean()
    assert [parse(v) for v in ("Có", "x", "TRUE", 1.0, "Không", "no", False)] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert "Có" in refuses(parse, "có lẽ")


@given(st.text(alphabet="0123456789", min_size=8, max_size=14))
def test_the_fast_tax_code_check_agrees_with_stdnum(digits):
    assert n.mst_is_valid(digits) == mst.is_valid(digits)


@pytest.mark.parametrize(
    "address",
    ["a@b.vn", "nguyen.van.a@htx-dak-lak.com.vn", "x+tag@mail.example.org", "a_b%c@d.co", "A@B.VN"],
)
def test_the_fast_email_shape_is_accepted_by_djangos_validator_too(address):
    from django.core.validators import validate_email

    assert n._PLAIN_EMAIL.fullmatch(address)
    validate_email(address)


@pytest.mark.parametrize("address", ["a..b@c.vn", ".a@c.vn", "a@-c.vn", "a@c", "a@c.v", "a@c..vn", "a@@c.vn"])
def test_addresses_outside_the_fast_shape_go_to_djangos_validator(address):
    assert not n._PLAIN_EMAIL.fullmatch(address)
    assert "không phải là địa chỉ thư điện tử" in refuses(n.email(), address)
