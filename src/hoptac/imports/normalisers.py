"""Normalisers: turn one raw cell into a clean value, or refuse it with a Vietnamese message.

Each factory below (``integer()``, ``tax_code()``, ``province()`` …) returns a function ``parse(raw)`` that the
engine calls once per non-empty cell. ``raw`` is what the reader produced (``str``, ``float``, ``int``, ``bool``,
``date``/``datetime``; never None or blank text: the engine handles empty cells itself). ``parse`` returns the
value, or :class:`~hoptac.imports.errors.Parsed` ``(value, warnings)`` when it changed something the user should
know about, or raises :class:`~hoptac.imports.errors.CellError`.

They are written for the hot path (≥ 40,000 rows/s end-to-end for a 15-column file): plain returns, regular
expressions compiled once, and a small per-normaliser cache for the low-cardinality columns (choices,
provinces) so that :func:`hoptac.core.text.fold` and the province matcher run once per distinct text.

Number formats (text cells only; numeric cells are already numbers):

* spaces (also non-breaking and thin spaces) are ignored: "1 500 000";
* "." and "," both present: the **last** one is the decimal separator, the other groups thousands by three:
  "1.500.000,50" = "1,500,000.50" = 1500000.50;
* one kind of separator appearing several times groups thousands: "1.500.000" = "1,500,000" = 1500000;
* one separator appearing **once**, followed by exactly three digits after a 1–3 digit whole part that is not
  "0", groups thousands — the Vietnamese habit: "2.500" and "2,500" are 2500, not 2.5 (write "2,5" or "2.50");
  any other single separator is the decimal separator: "2,5" = "2.5" = 2.5, "1500,000" = 1500.000,
  "0,500" = 0.5;
* a trailing currency word is ignored: "1.500.000 đ", "1.500.000 VNĐ", "1.500.000 đồng".
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import translation
from stdnum.vn.mst import calc_check_digit

from hoptac.core.text import fold

from .cells import cell_text, unquote_formula, without_controls
from .errors import CellError, Parsed
from .i18n import gettext as _

_CACHE_LIMIT = 10_000

# ---------------------------------------------------------------------------------------------------- text


_SPACE_RUNS = re.compile(r"[ \t\u00a0\u202f\u2009]+")


def text(max_length: int | None = None, *, multiline: bool = False) -> Callable:
    """Text as written: stripped, composed (NFC), runs of spaces and tabs made one space, line breaks kept if
    ``multiline`` (else each becomes a space).

    Control characters are removed, with a warning (the stored text differs from the cell, invisibly); a
    vertical tab or form feed is a line break. A cell of nothing but control characters is an error. The
    apostrophe a CSV export puts before text that starts like a formula ("'- Ghi chú") is taken off.
    """

    def parse(raw):
        value = raw if raw.__class__ is str else cell_text(raw)
        removed = 0
        if not value.isprintable():
            value, removed = without_controls(value)
        value = value.strip()
        if value[:1] == "'":
            value = unquote_formula(value)
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        if "  " in value or "\t" in value or "\u00a0" in value:
            value = _SPACE_RUNS.sub(" ", value)
        if "\n" in value or "\r" in value:
            lines = [line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            value = "\n".join(line for line in lines if line) if multiline else " ".join(filter(None, lines))
        if max_length is not None and len(value) > max_length:
            raise CellError(
                _("Dài %(length)s ký tự, quá giới hạn %(max)s ký tự.")
                % {"length": len(value), "max": max_length}
            )
        if removed:
            if not value:
                raise CellError(_("Ô chỉ có ký tự điều khiển (không nhìn thấy được), không có nội dung."))
            return Parsed(
                value,
                [
                    _("Đã bỏ %(count)s ký tự điều khiển (không nhìn thấy được) khỏi ô này.")
                    % {"count": removed}
                ],
            )
        return value

    return parse


# ------------------------------------------------------------------------------------------------- numbers

_IGNORED_IN_NUMBERS = str.maketrans("", "", " \t\u00a0\u202f\u2009")
_CURRENCY = re.compile(r"(?:vnđ|vnd|đồng|đ)\.?$", re.IGNORECASE)
_SIGNED = re.compile(r"([+-]?)(.*)")
_GROUPED = {
    ".": re.compile(r"\d{1,3}(?:\.\d{3})+"),
    ",": re.compile(r"\d{1,3}(?:,\d{3})+"),
}
_DIGITS = re.compile(r"\d+")


def _not_a_number(raw) -> CellError:
    return CellError(_("“%(value)s” không phải là số.") % {"value": cell_text(raw)})


def parse_decimal_text(raw: str) -> Decimal:
    """A Vietnamese- or English-formatted number in text (rules in the module docstring); CellError if not one."""
    s = raw.translate(_IGNORED_IN_NUMBERS)
    if not s.isascii():
        s = _CURRENCY.sub("", unicodedata.normalize("NFC", s))
    elif s[-1:].isalpha():
        s = _CURRENCY.sub("", s)
    sign, s = _SIGNED.fullmatch(s).groups()
    if s.isdigit() and s.isascii():
        return Decimal(sign + s)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal_sep = "." if s.rfind(".") > s.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        if s.count(decimal_sep) != 1:
            raise _not_a_number(raw)
        whole, fraction = s.split(decimal_sep)
        if not _GROUPED[group_sep].fullmatch(whole) or not _DIGITS.fullmatch(fraction):
            raise _not_a_number(raw)
        whole = whole.replace(group_sep, "")
    elif dots + commas > 1:
        sep = "." if dots else ","
        if not _GROUPED[sep].fullmatch(s):
            raise _not_a_number(raw)
        whole, fraction = s.replace(sep, ""), ""
    elif dots + commas == 1:
        whole, fraction = s.split("." if dots else ",")
        if not _DIGITS.fullmatch(fraction) or (whole and not _DIGITS.fullmatch(whole)):
            raise _not_a_number(raw)
        if len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0":
            whole, fraction = whole + fraction, ""  # "2.500" = 2500: the Vietnamese thousands separator
        whole = whole or "0"
    else:
        raise _not_a_number(raw)
    return Decimal(sign + whole + ("." + fraction if fraction else ""))


def _to_decimal(raw) -> Decimal:
    cls = raw.__class__
    if cls is float:
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise _not_a_number(raw)
        return Decimal(int(raw)) if raw.is_integer() else Decimal(f"{raw:.15g}")
    if cls is int:
        return Decimal(raw)
    if cls is str:
        return parse_decimal_text(raw)
    raise _not_a_number(raw)


def _check_range(value, raw, min_value, max_value):
    if min_value is not None and value < min_value:
        raise CellError(
            _("“%(value)s” nhỏ hơn mức tối thiểu %(min)s.") % {"value": cell_text(raw), "min": min_value}
        )
    if max_value is not None and value > max_value:
        raise CellError(
            _("“%(value)s” lớn hơn mức tối đa %(max)s.") % {"value": cell_text(raw), "max": max_value}
        )


def integer(min_value: int | None = None, max_value: int | None = None) -> Callable:
    """A whole number: 1500000.0, "1.500.000", "1,500,000", "1 500 000" → 1500000."""

    def parse(raw):
        cls = raw.__class__
        if cls is float and raw.is_integer():
            value = int(raw)
        elif cls is int:
            value = raw
        elif cls is str and raw.isdigit() and raw.isascii():
            value = int(raw)
        else:
            number = _to_decimal(raw)
            if number != number.to_integral_value():
                raise CellError(_("“%(value)s” phải là số nguyên.") % {"value": cell_text(raw)})
            value = int(number)
        if min_value is not None or max_value is not None:
            _check_range(value, raw, min_value, max_value)
        return value

    return parse


def decimal(
    max_digits: int | None = None,
    decimal_places: int | None = None,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> Callable:
    """A :class:`~decimal.Decimal`: "1.500.000,50" → Decimal("1500000.50"); limits as a model DecimalField's."""

    limit = Decimal(10) ** (max_digits - (decimal_places or 0)) if max_digits is not None else None

    def parse(raw):
        cls = raw.__class__
        if (cls is float and raw.is_integer()) or cls is int:
            value = Decimal(int(raw))  # whole: no decimal places to check
        else:
            value = _to_decimal(raw)
            if decimal_places is not None and value.as_tuple().exponent < -decimal_places:
                raise CellError(
                    _("“%(value)s” có quá %(places)s chữ số sau dấu thập phân.")
                    % {"value": cell_text(raw), "places": decimal_places}
                )
        if limit is not None and (value >= limit or -value >= limit):
            raise CellError(_("“%(value)s” quá lớn.") % {"value": cell_text(raw)})
        if min_value is not None or max_value is not None:
            _check_range(value, raw, min_value, max_value)
        return value

    return parse


# --------------------------------------------------------------------------------------------------- dates

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 29/02/1900
_MAX_SERIAL = 2958465  # 31/12/9999
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_YMD = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def _not_a_date(raw) -> CellError:
    return CellError(
        _("“%(value)s” không phải là ngày; hãy ghi theo dạng dd/mm/yyyy.") % {"value": cell_text(raw)}
    )


def excel_serial_date(serial: float) -> datetime.date:
    """The date of an Excel (1900 date system) serial number; the fraction (time of day) is dropped."""
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def _make_date(raw, year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        if month > 12 and day <= 12:
            raise CellError(
                _("Ngày “%(value)s” không có thật; hãy ghi theo thứ tự ngày/tháng/năm (dd/mm/yyyy).")
                % {"value": cell_text(raw)}
            ) from None
        raise CellError(_("Ngày “%(value)s” không có thật.") % {"value": cell_text(raw)}) from None


def date(min_value: datetime.date | None = None, max_value: datetime.date | None = None) -> Callable:
    """A date from a date cell, an Excel serial number, or text dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd."""

    def parse(raw):
        cls = raw.__class__
        if cls is datetime.date:
            value = raw
        elif cls is datetime.datetime:
            value = raw.date()
        elif cls is float or cls is int:
            if 1900 <= raw <= 2100 and float(raw).is_integer():
                raise CellError(
                    _("“%(value)s” chỉ có năm; hãy ghi đủ ngày/tháng/năm (dd/mm/yyyy).")
                    % {"value": cell_text(raw)}
                )
            if not 1 <= raw <= _MAX_SERIAL:
                raise _not_a_date(raw)
            value = excel_serial_date(raw)
        elif cls is str:
            s = raw.strip()
            match = _DMY.fullmatch(s)
            if match:
                day, month, year = match.groups()
            else:
                match = _YMD.fullmatch(s)
                if not match:
                    raise _not_a_date(raw)
                year, month, day = match.groups()
            value = _make_date(raw, int(year), int(month), int(day))
        else:
            raise _not_a_date(raw)
        if min_value is not None and value < min_value:
            raise CellError(
                _("Ngày “%(value)s” sớm hơn %(min)s.")
                % {"value": cell_text(raw), "min": min_value.strftime("%d/%m/%Y")}
            )
        if max_value is not None and value > max_value:
            raise CellError(
                _("Ngày “%(value)s” muộn hơn %(max)s.")
                % {"value": cell_text(raw), "max": max_value.strftime("%d/%m/%Y")}
            )
        return value

    return parse


# ----------------------------------------------------------------------------------------------- tax codes

_TAX_CODE_NOISE = str.maketrans("", "", " .-_/\u00a0\t")


def _tax_code_digits(raw) -> str:
    cls = raw.__class__
    if cls is float:
        if not raw.is_integer() or raw < 0:
            raise CellError(_("Mã số thuế “%(value)s” chỉ được gồm chữ số.") % {"value": cell_text(raw)})
        return str(int(raw))
    if cls is int and raw >= 0:
        return str(raw)
    digits = cell_text(raw)
    if not (digits.isdigit() and digits.isascii()):
        digits = digits.translate(_TAX_CODE_NOISE)
    if not (digits.isdigit() and digits.isascii()):
        raise CellError(_("Mã số thuế “%(value)s” chỉ được gồm chữ số.") % {"value": cell_text(raw)})
    return digits


def mst_is_valid(digits: str) -> bool:
    """``stdnum.vn.mst.is_valid`` for a string already known to be ASCII digits, without its per-call cleaning.

    The same rules, in the same order (length 10 or 13, sequence not 0000000, branch not 000), and the check
    digit from ``stdnum.vn.mst.calc_check_digit`` itself; a test holds it equal to ``mst.is_valid``.
    """
    length = len(digits)
    if length != 10 and length != 13:
        return False
    if digits[2:9] == "0000000" or (length == 13 and digits[10:] == "000"):
        return False
    return calc_check_digit(digits) == digits[9]


def _tax_code_error(raw, digits: str) -> CellError:
    if len(digits) not in (10, 13):
        return CellError(
            _(
                "Mã số thuế “%(value)s” có %(count)s chữ số; cần 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc."
            )
            % {"value": cell_text(raw), "count": len(digits)}
        )
    if len(digits) == 13 and digits.endswith("000"):
        return CellError(
            _("Mã số thuế “%(value)s”: ba số cuối của đơn vị phụ thuộc phải từ 001 đến 999.")
            % {"value": cell_text(raw)}
        )
    if digits[2:9] == "0000000":
        return CellError(_("Mã số thuế “%(value)s” không hợp lệ.") % {"value": cell_text(raw)})
    if not mst_is_valid(digits):
        return CellError(
            _("Mã số thuế “%(value)s” sai chữ số kiểm tra; hãy đối chiếu lại với giấy đăng ký.")
            % {"value": cell_text(raw)}
        )
    return CellError(_("Mã số thuế “%(value)s” không hợp lệ.") % {"value": cell_text(raw)})


def tax_code() -> Callable:
    """A tax code (python-stdnum ``stdnum.vn.mst``) as displayed: "0100233488" or "0314409058-002".

    Spaces, dots and dashes are dropped. A number too short by its leading zeros (Excel stores 0100233488 as
    100233488) gets them back — up to 10 digits, or 13 for 11–12 — **only when the padded number is valid**,
    with a warning saying so; anything else invalid is an error.
    """

    def parse(raw):
        digits = _tax_code_digits(raw)
        length = len(digits)
        if length == 10 or length == 13:
            if mst_is_valid(digits):
                return digits if length == 10 else digits[:10] + "-" + digits[10:]
            raise _tax_code_error(raw, digits)
        if length < 10 or 10 < length < 13:
            padded = digits.zfill(10 if length < 10 else 13)
            if mst_is_valid(padded):
                shown = padded if len(padded) == 10 else padded[:10] + "-" + padded[10:]
                return Parsed(
                    shown,
                    [
                        _(
                            "Mã số thuế “%(value)s” thiếu số 0 ở đầu (thường do Excel bỏ đi); đã sửa thành “%(code)s”."
                        )
                        % {"value": cell_text(raw), "code": shown}
                    ],
                )
        raise _tax_code_error(raw, digits)

    return parse


def normalise_tax_code_input(value: str) -> str:
    """A tax code typed in a form → its display form; ``ValidationError`` (Vietnamese) if invalid.

    Stricter than the import: a form shows what was typed, so missing leading zeros are not added.
    """
    digits = str(value).translate(_TAX_CODE_NOISE)
    if not (digits.isdigit() and digits.isascii()):
        raise ValidationError(_("Mã số thuế chỉ được gồm chữ số."), code="tax_code_format")
    if not mst_is_valid(digits):
        raise ValidationError(_tax_code_error(value, digits).message, code="tax_code_invalid")
    return digits if len(digits) == 10 else digits[:10] + "-" + digits[10:]


# -------------------------------------------------------------------------------------------------- phones

_PHONE_NOISE = str.maketrans("", "", " .-()\u00a0\t")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
# Mobile numbers of 11 digits were converted to 10 in 2018 (Bộ TT&TT, Quyết định 798/QĐ-BTTTT):
# old prefix → new prefix. Old lists still carry them.
_OLD_MOBILE_PREFIXES = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037", "0168": "038",
    "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078", "0123": "083",
    "0124": "084", "0125": "085", "0127": "081", "0129": "082", "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip
_SEVERAL_PHONES = re.compile(r"[/,;]|\s(?:-|và|hoặc)\s|\n")


def _phone(raw) -> tuple[str, str | None]:
    """(the number as 0xxxxxxxxx digits, a warning or None); CellError if not a Vietnamese phone number."""
    cls = raw.__class__
    if cls is float and raw.is_integer():
        original = str(int(raw))
    elif cls is int:
        original = str(raw)
    else:
        original = cell_text(raw)
    if original.isdigit() and original.isascii():
        digits = original
    elif _SEVERAL_PHONES.search(original):
        pieces = _SEVERAL_PHONES.split(original)
        if sum(1 for piece in pieces if sum(ch.isdigit() for ch in piece) >= 9) > 1:
            raise CellError(_("“%(value)s”: chỉ ghi một số điện thoại trong ô này.") % {"value": original})
        digits = original.translate(_PHONE_NOISE)
    else:
        digits = original.translate(_PHONE_NOISE)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not (digits.isdigit() and digits.isascii()):
        raise CellError(_("“%(value)s” không phải là số điện thoại.") % {"value": original})
    if digits[0] != "0" and len(digits) in (9, 10):
        digits = "0" + digits  # a number cell lost its leading zero
    warning = None
    if len(digits) == 11 and digits[:4] in _OLD_MOBILE_PREFIXES:
        converted = _OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]
        warning = _("Số di động cũ “%(value)s” đã được đổi sang đầu số mới “%(phone)s”.") % {
            "value": original,
            "phone": converted,
        }
        digits = converted
    if len(digits) == 10 and digits[:2] in _MOBILE_PREFIXES:
        return digits, warning
    if len(digits) == 11 and digits[:2] == "02":
        return digits, warning
    raise CellError(
        _(
            "“%(value)s” không phải là số điện thoại Việt Nam (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; "
            "cố định 11 số bắt đầu bằng 02)."
        )
        % {"value": original}
    )


def phone() -> Callable:
    """A Vietnamese phone number as digits "0xxxxxxxxx": mobile 10 digits (03/05/07/08/09), landline 02… 11 digits.

    "+84", "84" and "0084" become "0"; spaces, dots, dashes and parentheses are dropped; a number cell that lost
    its leading zero gets it back; a pre-2018 11-digit mobile number is converted with a warning.
    """

    def parse(raw):
        digits, warning = _phone(raw)
        return digits if warning is None else Parsed(digits, [warning])

    return parse


def normalise_phone_input(value: str) -> str:
    """A phone number typed in a form → "0xxxxxxxxx"; ``ValidationError`` (Vietnamese) if invalid."""
    try:
        return _phone(str(value))[0]
    except CellError as exc:
        raise ValidationError(exc.message, code="phone_invalid") from None


# -------------------------------------------------------------------------------------------------- e-mail

_email_validator = EmailValidator()
# The common shape of an address, a strict subset of what Django's EmailValidator accepts (a test holds it so):
# a match is accepted without the validator's slower checks; anything else goes through the validator.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def email(max_length: int = 254) -> Callable:
    """An e-mail address (Django's validator); the domain is lower-cased."""

    def parse(raw):
        value = cell_text(raw)
        if len(value) > max_length:
            raise CellError(
                _("Dài %(length)s ký tự, quá giới hạn %(max)s ký tự.")
                % {"length": len(value), "max": max_length}
            )
        if " " in value or "," in value or ";" in value or "\n" in value:
            raise CellError(_("“%(value)s”: chỉ ghi một địa chỉ thư điện tử trong ô này.") % {"value": value})
        if _PLAIN_EMAIL.fullmatch(value) is None:
            try:
                _email_validator(value)
            except ValidationError:
                raise CellError(
                    _("“%(value)s” không phải là địa chỉ thư điện tử.") % {"value": value}
                ) from None
        local, _at, domain = value.rpartition("@")
        return local + "@" + domain.lower()

    return parse


# ------------------------------------------------------------------------------------------------- choices


def _key(value) -> str:
    """The matching key of a label or a cell: folded, without spaces ("Tỉnh/TP" = "tinh tp" = "TinhTP")."""
    return fold(str(value)).replace(" ", "")


def _choice_index(choices, aliases: dict | None) -> tuple[dict[str, str], list[str]]:
    pairs = list(choices.choices if hasattr(choices, "choices") else choices)
    index: dict[str, str] = {}
    for value, label in pairs:
        index.setdefault(_key(label), value)
        index.setdefault(_key(value), value)
        # Vietnamese labels match whatever language the person uses (the cells of real files are Vietnamese).
        with translation.override("vi"):
            index.setdefault(_key(str(label)), value)
    for alias, value in (aliases or {}).items():
        index[_key(alias)] = value
    return index, [str(label) for _value, label in pairs]


def choice(choices, aliases: dict[str, str] | None = None) -> Callable:
    """One of ``choices`` (a TextChoices class or (value, label) pairs), matched by label or value, folded.

    ``aliases`` maps other spellings to values ({"HTX": "cooperative"}). Returns the choice's value.
    """
    state: dict = {}
    cache: dict = {}

    def parse(raw):
        key = raw if raw.__class__ is str else cell_text(raw)
        hit = cache.get(key)
        if hit is None:
            if not state:  # labels are lazy: build the index on first use, in the active language
                state["index"], state["labels"] = _choice_index(choices, aliases)
            value = state["index"].get(_key(key))
            if value is None:
                hit = (
                    False,
                    _("“%(value)s” không có trong danh sách; chọn một trong: %(labels)s.")
                    % {"value": cell_text(raw), "labels": "; ".join(state["labels"])},
                )
            else:
                hit = (True, value)
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            cache[key] = hit
        if hit[0]:
            return hit[1]
        raise CellError(hit[1])

    return parse


_LIST_SEPARATORS = re.compile(r"[,;/\n\r]+")


def multi_choice(choices, aliases: dict[str, str] | None = None) -> Callable:
    """Several of ``choices`` separated by , ; / or line breaks → a list of values (each once, in order).

    A label that itself contains a separator ("Thương mại, dịch vụ") is recognised: the longest run of
    pieces that names a choice wins.
    """
    state: dict = {}
    cache: dict = {}

    def resolve(raw_text: str):
        if not state:
            state["index"], state["labels"] = _choice_index(choices, aliases)
        index = state["index"]
        pieces = [_key(piece) for piece in _LIST_SEPARATORS.split(raw_text)]
        pieces = [piece for piece in pieces if piece]
        values: list[str] = []
        unknown: list[str] = []
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                value = index.get("".join(pieces[start:end]))
                if value is not None:
                    if value not in values:
                        values.append(value)
                    start = end
                    break
            else:
                unknown.append(pieces[start])
                start += 1
        if unknown:
            originals = [p.strip() for p in _LIST_SEPARATORS.split(raw_text) if _key(p) in unknown]
            return (
                False,
                _("“%(value)s” không có trong danh sách; chọn trong: %(labels)s.")
                % {"value": ", ".join(originals) or raw_text, "labels": "; ".join(state["labels"])},
            )
        return True, values

    def parse(raw):
        key = raw if raw.__class__ is str else cell_text(raw)
        hit = cache.get(key)
        if hit is None:
            hit = resolve(key)
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            cache[key] = hit
        if hit[0]:
            return list(hit[1])
        raise CellError(hit[1])

    return parse


_TRUE = {"co", "x", "yes", "y", "true", "1", "dung", "v"}
_FALSE = {"khong", "no", "n", "false", "0", "sai"}


def boolean() -> Callable:
    """Có/Không, x, Yes/No, TRUE/FALSE, 1/0 → True/False."""

    def parse(raw):
        if raw.__class__ is bool:
            return raw
        key = _key(cell_text(raw))
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise CellError(_("“%(value)s”: hãy ghi “Có” hoặc “Không”.") % {"value": cell_text(raw)})

    return parse


# ----------------------------------------------------------------------------------------------- provinces


def province() -> Callable:
    """The current :class:`~hoptac.places.models.Province` a cell names (current, former or alias name).

    A former (pre-2025) name is accepted with a warning naming the current province; an unknown or ambiguous
    name is an error with the matcher's message. Results are cached per distinct text (the matcher itself
    caches the tables once per process), so the database is read at most twice per process.
    """
    cache: dict = {}

    def resolve(key: str):
        from hoptac.places.matching import ProvinceMatchError, match_province

        try:
            match = match_province(key)
        except ProvinceMatchError as exc:
            return None, str(exc.message), None
        if match.former is not None:
            warning = _("“%(value)s” là tên tỉnh cũ (trước 01/07/2025); nay thuộc %(province)s.") % {
                "value": key,
                "province": match.province.name,
            }
            return match.province, None, warning
        return match.province, None, None

    def parse(raw):
        key = cell_text(raw)
        hit = cache.get(key)
        if hit is None:
            hit = resolve(key)
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            cache[key] = hit
        found, error, warning = hit
        if error is not None:
            raise CellError(error)
        return found if warning is None else Parsed(found, [warning])

    parse.cache = cache  # tests that change provinces call parse.cache.clear()
    return parse


def any_of(*parsers: Callable) -> Callable:
    """The first parser that accepts the cell (for columns that hold one of several kinds); else its error."""

    def parse(raw):
        first_error = None
        for parser in parsers:
            try:
                return parser(raw)
            except CellError as exc:
                first_error = first_error or exc
        raise first_error

    return parse


__all__ = [
    "any_of",
    "boolean",
    "choice",
    "date",
    "decimal",
    "email",
    "excel_serial_date",
    "integer",
    "multi_choice",
    "normalise_phone_input",
    "normalise_tax_code_input",
    "parse_decimal_text",
    "phone",
    "province",
    "tax_code",
    "text",
]
