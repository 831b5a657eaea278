"""What a module tells the engine about its spreadsheet: the columns, how to recognise and parse each one.

A column is recognised by its Vietnamese header or any alias, compared by :func:`header_key`: folded with
:func:`hoptac.core.text.fold` (case, diacritics, đ, NFC/NFD) and with spaces and punctuation removed, so
"Tên HTX", "TÊN  HTX", "Ten-HTX" and "TênHTX" are one key, as are "Tỉnh/TP", "Tinh / TP" and "tinh tp".
A trailing "*" or "(bắt buộc)" (how templates often mark required columns) is ignored as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import translation

from hoptac.core.text import fold

from .cells import is_blank
from .errors import FileError
from .i18n import gettext as _
from .normalisers import text

# Headers that are never data: a row-number column, and the message column of our own error files.
ERROR_COLUMN_HEADER = "Lỗi cần sửa"
DEFAULT_IGNORED_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "#", ERROR_COLUMN_HEADER)
_MARKERS = ("batbuoc",)


def header_key(text_: object) -> str:
    """The comparison key of a header: folded, spaces and punctuation removed, a "(bắt buộc)" marker dropped."""
    key = fold(str(text_)).replace(" ", "")
    for marker in _MARKERS:
        if key.endswith(marker) and len(key) > len(marker):
            key = key[: -len(marker)]
    return key


@dataclass(frozen=True)
class Column:
    """One column of an import.

    ``field``: the key of the parsed value; ``header``: the Vietnamese header written in templates (a lazy
    string is fine); ``aliases``: other headers people write (other wordings, no diacritics, English,
    abbreviations); ``parse``: a normaliser (:mod:`hoptac.imports.normalisers`), plain text when omitted;
    ``required``: the column must be in the file **and** every row must fill it; ``example``: the value of the
    template's example row; ``help``: what to write, shown on the template's "Hướng dẫn" sheet; ``width``: the
    template's column width in characters.
    """

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    parse: Callable | None = None
    required: bool = False
    example: str = ""
    help: str = ""
    width: int | None = None

    def parser(self) -> Callable:
        return self.parse if self.parse is not None else _DEFAULT_TEXT


_DEFAULT_TEXT = text()


@dataclass
class ImportSpec:
    """The columns of one import and its optional row-level rule.

    ``row_check(values) -> iterable of (field, message)`` runs on each row whose cells all parsed, for rules
    across columns ("a cooperative needs a tax code, a cooperative group does not"); each pair is an error on
    that field's column (``field`` None: on the row's first column).
    """

    name: str
    columns: Sequence[Column]
    row_check: Callable[[dict], Iterable[tuple[str | None, str]]] | None = None
    ignored_headers: tuple[str, ...] = DEFAULT_IGNORED_HEADERS
    _keys: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        self.columns = tuple(self.columns)
        fields = [column.field for column in self.columns]
        if len(set(fields)) != len(fields):
            raise ValueError(f"Import spec {self.name!r} repeats a field: {fields}")
        self.keys()  # fail at definition time when two columns share a header or an alias

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    def keys(self) -> dict[str, Column | None]:
        """{header key: column} (None for ignored headers), built once per language (headers may be lazy)."""
        language = translation.get_language() or ""
        cached = self._keys.get(language)
        if cached is not None:
            return cached
        keys: dict[str, Column | None] = {header_key(h): None for h in self.ignored_headers}
        owner: dict[str, str] = {}
        for column in self.columns:
            # The Vietnamese header is always recognised, whatever language the person uses: spreadsheets
            # are Vietnamese (an English user's file, or a template downloaded in Vietnamese).
            with translation.override("vi"):
                vietnamese = str(column.header)
            for name in (column.header, vietnamese, *column.aliases):
                key = header_key(name)
                if not key:
                    continue
                if owner.get(key, column.field) != column.field:
                    raise ValueError(
                        f"Import spec {self.name!r}: header {name!r} names both {owner[key]!r} and {column.field!r}"
                    )
                owner[key] = column.field
                keys[key] = column
        self._keys[language] = keys
        return keys

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.required)


@dataclass
class HeaderMatch:
    """Where the header row is and what each of its cells means.

    ``row``: its spreadsheet row number; ``headers``: every cell of the row as written (by position);
    ``columns``: {field: position}; ``unknown``: positions of headers the spec does not know (ignored);
    ``repeated``: (position, field) of a second column for a field already matched (ignored).
    """

    row: int
    headers: list[str]
    columns: dict[str, int]
    unknown: list[int]
    repeated: list[tuple[int, str]]

    def header(self, field_name: str) -> str:
        return self.headers[self.columns[field_name]]


def _match_row(number: int, cells: list, keys: dict) -> HeaderMatch:
    headers = [
        cell.strip() if cell.__class__ is str else ("" if cell is None else str(cell)) for cell in cells
    ]
    columns: dict[str, int] = {}
    unknown: list[int] = []
    repeated: list[tuple[int, str]] = []
    for position, cell in enumerate(cells):
        if cell.__class__ is not str or not cell.strip():
            if not is_blank(cell):
                unknown.append(position)
            continue
        key = header_key(cell)
        if key not in keys:
            unknown.append(position)
            continue
        column = keys[key]
        if column is None:
            continue
        if column.field in columns:
            repeated.append((position, column.field))
        else:
            columns[column.field] = position
    return HeaderMatch(number, headers, columns, unknown, repeated)


def _header_list(columns: Iterable[Column]) -> str:
    return ", ".join(f"“{column.header}”" for column in columns)


def find_header_row(
    rows: Iterable[tuple[int, list]], spec: ImportSpec, scan: int = 30, sheet_name: str = ""
) -> HeaderMatch:
    """The header row among the first ``scan`` non-empty rows: the one naming the most columns among those
    naming every required column (the first such row on a tie).

    Raises :class:`FileError` when no row names any column ("không tìm thấy dòng tiêu đề"), or when the best
    row misses a required column (naming it).
    """
    keys = spec.keys()
    required = spec.required_columns
    best: HeaderMatch | None = None
    best_complete: HeaderMatch | None = None
    seen = 0
    for number, cells in rows:
        if all(is_blank(cell) for cell in cells):
            continue
        seen += 1
        match = _match_row(number, cells, keys)
        if match.columns:
            if best is None or len(match.columns) > len(best.columns):
                best = match
            if all(column.field in match.columns for column in required) and (
                best_complete is None or len(match.columns) > len(best_complete.columns)
            ):
                best_complete = match
        if seen >= scan:
            break
    if best_complete is not None:
        return best_complete
    if best is None:
        raise FileError(
            _(
                "Không tìm thấy dòng tiêu đề trong %(scan)s dòng đầu của trang “%(sheet)s”. "
                "Dòng tiêu đề cần có các cột: %(headers)s."
            )
            % {"scan": scan, "sheet": sheet_name, "headers": _header_list(required or spec.columns)},
            code="no_header",
        )
    missing = [column for column in required if column.field not in best.columns]
    raise FileError(
        _("Thiếu cột bắt buộc: %(headers)s (dòng tiêu đề là dòng %(row)s).")
        % {"headers": _header_list(missing), "row": best.row},
        code="missing_column",
    )
