"""The one spreadsheet import engine (STYLE.md: shared engines are built once and reused).

A module describes its columns in an :class:`ImportSpec` and supplies an ``upsert`` callback; the engine reads
the file (.xlsx, .xls, .ods, .csv), finds the header row, normalises and validates every cell, reports every
problem (row, column as written, value as shown, level, Vietnamese message), and writes the error file and
the blank template. It knows nothing of any module's models.

Typical use::

    parsed = parse_file(SPEC, data, filename, sheet)            # FileError → nothing written
    with transaction.atomic():
        result = run_import(parsed, upsert, key=..., key_column="tax_code", duplicate_message=...)
        if dry_run:
            transaction.set_rollback(True)
    result.to_json(); rejected_rows_xlsx(result.rejected, parsed.headers)
"""

from .cells import cell_text, is_blank
from .engine import (
    ImportResult,
    ParsedFile,
    ParsedRow,
    Problem,
    Upsert,
    UpsertCounts,
    duplicate_keys,
    mark_duplicates,
    parse_file,
    run_import,
)
from .errorfile import rejected_rows_xlsx
from .errors import ERROR, WARNING, CellError, FileError, Parsed, unwrap
from .readers import Sheet, read_rows
from .spec import ERROR_COLUMN_HEADER, Column, HeaderMatch, ImportSpec, find_header_row, header_key
from .template import blank_template_xlsx

__all__ = [
    "ERROR",
    "ERROR_COLUMN_HEADER",
    "WARNING",
    "CellError",
    "Column",
    "FileError",
    "HeaderMatch",
    "ImportResult",
    "ImportSpec",
    "Parsed",
    "ParsedFile",
    "ParsedRow",
    "Problem",
    "Sheet",
    "Upsert",
    "UpsertCounts",
    "blank_template_xlsx",
    "cell_text",
    "duplicate_keys",
    "find_header_row",
    "header_key",
    "is_blank",
    "mark_duplicates",
    "parse_file",
    "read_rows",
    "rejected_rows_xlsx",
    "run_import",
    "unwrap",
]
