"""Parse a spreadsheet against an :class:`~hoptac.imports.spec.ImportSpec`, row by row, and tally an import.

The engine is generic: it reads, finds the header row, normalises and validates each cell, and reports every
problem with its row, column (the header as written), value (as a person sees it) and a Vietnamese message.
Writing to the database is the caller's: :func:`run_import` hands batches of valid rows to an ``upsert``
callback and sums what it reports. The caller owns the transaction (one ``transaction.atomic()`` around
``run_import``; a dry run rolls it back or has ``upsert`` only compare).

Memory stays bounded: :class:`ParsedFile` streams its rows (it can be iterated again; each pass re-reads the
sheet), and :func:`run_import` keeps only the rejected rows.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from .cells import cell_text
from .errors import ERROR, WARNING, CellError, FileError, Parsed
from .i18n import gettext as _
from .i18n import pass_language
from .readers import Sheet, read_rows
from .spec import HeaderMatch, ImportSpec, find_header_row


@dataclass(slots=True)
class Problem:
    """One problem: spreadsheet ``row``, ``column`` (header as written), ``value`` (as shown), level, message."""

    row: int
    column: str
    value: str
    level: str
    message: str

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "level": self.level,
            "message": self.message,
        }


class ParsedRow:
    """A data row: its spreadsheet ``number``, raw ``cells``, parsed ``values`` by field, and its ``problems``.

    ``values`` holds every field whose column is in the file: the parsed value, or None for an empty cell (or a
    cell refused with an error); a field whose column is absent from the file is absent from ``values``.
    """

    __slots__ = ("_layout", "cells", "number", "problems", "values")

    def __init__(
        self, number: int, cells: list, values: dict, problems: list[Problem] | None, layout: HeaderMatch
    ):
        self.number = number
        self.cells = cells
        self.values = values
        self.problems = problems if problems is not None else []
        self._layout = layout

    def __repr__(self) -> str:
        return f"<ParsedRow {self.number} {self.values!r} problems={len(self.problems)}>"

    @property
    def has_errors(self) -> bool:
        return any(problem.level == ERROR for problem in self.problems)

    @property
    def valid(self) -> bool:
        return not self.has_errors

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == WARNING]

    def cell(self, field_name: str):
        """The raw cell of a field (None when its column is absent or the row is shorter)."""
        position = self._layout.columns.get(field_name)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]

    def text(self, field_name: str) -> str:
        """The cell of a field as a person sees it."""
        return cell_text(self.cell(field_name))

    def header(self, field_name: str | None) -> str:
        """The header as written of a field's column (the first recognised column for None or an absent field)."""
        columns = self._layout.columns
        position = columns.get(field_name) if field_name else None
        if position is None:
            position = min(columns.values())
        return self._layout.headers[position]

    @property
    def raw(self) -> dict[str, str]:
        """Every cell under a non-empty header, as text, keyed by the header as written."""
        cells, count = self.cells, len(self.cells)
        return {
            header: cell_text(cells[position]) if position < count else ""
            for position, header in enumerate(self._layout.headers)
            if header
        }

    def add_problem(self, field_name: str | None, message, level: str = ERROR) -> Problem:
        """Record a problem on a field's cell (for checks made outside the normalisers, e.g. against the database)."""
        problem = Problem(
            self.number,
            self.header(field_name),
            self.text(field_name) if field_name else "",
            level,
            str(message),
        )
        self.problems.append(problem)
        return problem

    def add_error(self, field_name: str | None, message) -> Problem:
        return self.add_problem(field_name, message, ERROR)

    def add_warning(self, field_name: str | None, message) -> Problem:
        return self.add_problem(field_name, message, WARNING)


class ParsedFile:
    """A file matched against a spec: the sheet, the header row, file-level warnings, and the data rows.

    Iterating yields :class:`ParsedRow` objects, streaming (each pass re-reads the sheet); :attr:`rows` holds
    them all in a list, for small files and tests.
    """

    def __init__(self, spec: ImportSpec, sheet: Sheet, header: HeaderMatch, filename: str = ""):
        self.spec = spec
        self.sheet = sheet
        self.header = header
        self.filename = filename
        self.file_problems: list[Problem] = []
        columns = header.columns
        for position in header.unknown:
            self.file_problems.append(
                Problem(
                    header.row,
                    header.headers[position],
                    header.headers[position],
                    WARNING,
                    _("Cột “%(header)s” không thuộc mẫu nhập nên được bỏ qua.")
                    % {"header": header.headers[position]},
                )
            )
        for position, name in header.repeated:
            written, first = header.headers[position], header.headers[columns[name]]
            self.file_problems.append(
                Problem(
                    header.row,
                    written,
                    written,
                    WARNING,
                    _(
                        "Cột “%(header)s” trùng nghĩa với cột “%(first)s” nên được bỏ qua; chỉ dùng cột “%(first)s”."
                    )
                    % {"header": written, "first": first},
                )
            )

    # -- the layout, for callers and for the error file
    @property
    def sheet_name(self) -> str:
        return self.sheet.name

    @property
    def sheet_names(self) -> list[str]:
        return self.sheet.sheet_names

    @property
    def header_row(self) -> int:
        return self.header.row

    @property
    def headers(self) -> list[str]:
        """The header row as written (every cell, by position; "" for an empty one)."""
        return self.header.headers

    @property
    def columns(self) -> dict[str, str]:
        """{field: header as written} for the spec's columns found in the file."""
        return {name: self.header.headers[position] for name, position in self.header.columns.items()}

    def header_for(self, field_name: str) -> str:
        return self.header.header(field_name)

    @property
    def row_estimate(self) -> int | None:
        """About how many data rows follow the header (for a progress bar); None when unknown (CSV)."""
        if self.sheet.height is None:
            return None
        return max(self.sheet.height - self.header.row, 0)

    def __iter__(self) -> Iterator[ParsedRow]:
        return self.iter_rows()

    @property
    def rows(self) -> list[ParsedRow]:
        cached = getattr(self, "_rows", None)
        if cached is None:
            cached = self._rows = list(self.iter_rows())
        return cached

    def batches(self, size: int = 1000) -> Iterator[list[ParsedRow]]:
        iterator = self.iter_rows()
        while batch := list(itertools.islice(iterator, size)):
            yield batch

    def iter_rows(self, fields: Iterable[str] | None = None) -> Iterator[ParsedRow]:
        """Parse the data rows; ``fields`` limits parsing to those columns (a quick pass for duplicate keys,
        without the spec's ``row_check``). Rows with nothing in any recognised column are skipped.
        """
        layout = self.header
        wanted = None if fields is None else set(fields)
        plan = [
            (position, column.field, column.parser(), column.required, layout.headers[position])
            for column in self.spec.columns
            if (position := layout.columns.get(column.field)) is not None
            and (wanted is None or column.field in wanted)
        ]
        row_check = self.spec.row_check if wanted is None else None
        with pass_language():
            yield from self._parse_rows(plan, row_check, layout)

    def _parse_rows(self, plan, row_check, layout) -> Iterator[ParsedRow]:
        rows = itertools.islice(iter(self.sheet), layout.row, None)  # row numbers are consecutive from 1
        width = max((entry[0] for entry in plan), default=-1) + 1
        for number, cells in rows:
            count = len(cells)
            if count < width:
                cells = [*cells, *([None] * (width - count))]  # a short CSV line: the missing cells are empty
            values: dict = {}
            problems: list[Problem] | None = None
            missing: list | None = None
            filled = False
            for position, name, parse, required, header in plan:
                raw = cells[position]
                if raw.__class__ is str and (not raw or raw.isspace()):
                    raw = None
                if raw is None:
                    values[name] = None
                    if required:
                        if missing is None:
                            missing = []
                        missing.append(header)
                    continue
                filled = True
                try:
                    result = parse(raw)
                except CellError as exc:
                    if problems is None:
                        problems = []
                    problems.append(Problem(number, header, cell_text(raw), exc.level, exc.message))
                    values[name] = None
                    continue
                if result.__class__ is Parsed:
                    if problems is None:
                        problems = []
                    text = cell_text(raw)
                    for warning in result.warnings:
                        problems.append(Problem(number, header, text, WARNING, warning))
                    values[name] = result.value
                else:
                    values[name] = result
            if not filled:
                continue
            if missing is not None:
                if problems is None:
                    problems = []
                for header in missing:
                    problems.append(Problem(number, header, "", ERROR, _("Ô này không được để trống.")))
            row = ParsedRow(number, cells, values, problems, layout)
            if row_check is not None and (problems is None or not row.has_errors):
                for name, message in row_check(values) or ():
                    row.add_error(name, message)
            if problems is not None and len(problems) > 1:
                problems.sort(key=_problem_column_order(layout))
            yield row


def _problem_column_order(layout: HeaderMatch) -> Callable[[Problem], int]:
    order = {header: position for position, header in enumerate(layout.headers)}
    return lambda problem: order.get(problem.column, len(order))


def parse_file(
    spec: ImportSpec, data, filename: str | None = None, sheet: str | None = None, *, scan: int = 30
) -> ParsedFile:
    """Read ``data`` (bytes or a path), find the header row, and return the :class:`ParsedFile` (rows stream).

    Raises :class:`~hoptac.imports.errors.FileError` for every file-level failure: unreadable, empty, unknown
    sheet, no header row, a required column missing, no data row.
    """
    opened = read_rows(data, filename, sheet)
    header = find_header_row(iter(opened), spec, scan=scan, sheet_name=opened.name)
    parsed = ParsedFile(spec, opened, header, filename or "")
    return parsed


# ------------------------------------------------------------------------------------------- duplicates


def duplicate_keys(rows: Iterable[ParsedRow], key_func: Callable[[ParsedRow], object]) -> set:
    """The keys (``key_func(row)``, None ignored) that more than one row carries."""
    seen: set = set()
    repeated: set = set()
    for row in rows:
        key = key_func(row)
        if key is None:
            continue
        if key in seen:
            repeated.add(key)
        else:
            seen.add(key)
    return repeated


def mark_duplicates(
    rows: Iterable[ParsedRow],
    key_func: Callable[[ParsedRow], object],
    column: str,
    message,
    *,
    duplicates: set | None = None,
) -> int:
    """Mark **every** copy of a key that appears more than once as an error on ``column``; return how many.

    ``column`` is a field of the spec (the problem names its header as written in the file). ``message`` is a
    string, or a callable ``message(key, rows_numbers)`` for a message naming the other rows. ``duplicates``
    (from :func:`duplicate_keys` over the whole file) lets a caller mark a batch of a streamed file; without it
    ``rows`` must be a list and is scanned first.
    """
    if duplicates is None:
        rows = list(rows)
        numbers: dict = {}
        for row in rows:
            key = key_func(row)
            if key is not None:
                numbers.setdefault(key, []).append(row.number)
        duplicates = {key for key, found in numbers.items() if len(found) > 1}
    else:
        numbers = {}
    if not duplicates:
        return 0
    marked = 0
    for row in rows:
        key = key_func(row)
        if key is not None and key in duplicates:
            text = message(key, numbers.get(key, [])) if callable(message) else str(message)
            row.add_error(column, text)
            marked += 1
    return marked


# ----------------------------------------------------------------------------------------------- results


@dataclass
class ImportResult:
    """The tally of an import (or of its dry run) and every problem, in row order.

    ``invalid`` counts rows with at least one error; ``rejected`` keeps those rows for the error file.
    """

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    problems: list[Problem] = field(default_factory=list)
    rejected: list[ParsedRow] = field(default_factory=list, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == WARNING]

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "problems": [problem.as_dict() for problem in self.problems],
        }

    def to_json(self, **kwargs) -> str:
        """Exactly ``{"new", "updated", "unchanged", "invalid", "problems": [{row, column, value, level, message}]}``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


class UpsertCounts(NamedTuple):
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class Upsert(Protocol):
    """Write (or, in a dry run, only compare) a batch of valid rows; return what happened to them.

    It may refuse a row with ``row.add_error(field, message)`` (a rule that needs the database); such a row is
    then counted as invalid and must not be counted in the returned figures.
    """

    def __call__(self, rows: list[ParsedRow]) -> UpsertCounts | tuple[int, int, int]: ...


def run_import(
    parsed: ParsedFile,
    upsert: Upsert,
    *,
    key: Callable[[ParsedRow], object] | None = None,
    key_column: str | None = None,
    duplicate_message=None,
    key_fields: Iterable[str] | None = None,
    batch_size: int = 1000,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Parse every row, mark duplicate keys, hand valid rows to ``upsert`` in batches, and tally.

    ``key(row)`` → the row's identity in the file (None: no key); with it, every copy of a key appearing more
    than once is an error on ``key_column`` with ``duplicate_message``. The duplicate pass parses only
    ``key_fields`` when given (the fields ``key`` reads), so it costs a fraction of the main pass.
    ``progress(rows_done, rows_estimate)`` is called after each batch.
    """
    result = ImportResult(problems=list(parsed.file_problems))
    duplicates: set = set()
    if key is not None:
        if key_column is None or duplicate_message is None:
            raise ValueError("run_import(key=...) needs key_column and duplicate_message")
        duplicates = duplicate_keys(parsed.iter_rows(fields=key_fields), key)
    estimate = parsed.row_estimate
    done = 0
    for batch in parsed.batches(batch_size):
        if duplicates:
            mark_duplicates(batch, key, key_column, duplicate_message, duplicates=duplicates)
        valid = [row for row in batch if not row.has_errors]
        if valid:
            counts = UpsertCounts(*upsert(valid))
            result.new += counts.new
            result.updated += counts.updated
            result.unchanged += counts.unchanged
        for row in batch:
            if row.problems:
                result.problems.extend(row.problems)
            if row.has_errors:
                result.invalid += 1
                result.rejected.append(row)
        done += len(batch)
        if progress is not None:
            progress(done, estimate)
    return result


__all__ = [
    "FileError",
    "ImportResult",
    "ParsedFile",
    "ParsedRow",
    "Problem",
    "Upsert",
    "UpsertCounts",
    "duplicate_keys",
    "mark_duplicates",
    "parse_file",
    "run_import",
]
