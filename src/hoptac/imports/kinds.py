"""What can be imported: each module registers an import kind; the upload, preview, progress, commit and
error-file screens are the engine's and serve every kind the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: Any  # lazy Vietnamese, e.g. "Danh sách hợp tác xã"
    spec: Callable[[], Any]  # -> ImportSpec (for the template)
    run: Callable[
        ..., Any
    ]  # (data, filename, *, actor, allowed_provinces, sheet, dry_run, progress) -> ImportResult
    scope_for: Callable[
        [Any], set[int] | None
    ]  # user -> province ids (None = anywhere; empty = may not import)
    list_url_name: str  # where to go back to


_kinds: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    _kinds[kind.code] = kind


def get(code: str) -> ImportKind | None:
    return _kinds.get(code)


def may_import(user, kind: ImportKind) -> bool:
    scope = kind.scope_for(user)
    return scope is None or bool(scope)
