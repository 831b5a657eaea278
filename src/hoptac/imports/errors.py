"""The engine's three small types: a file-level failure, a cell-level problem, a value that carries warnings."""

from __future__ import annotations

from hoptac.core.errors import DomainError

ERROR = "error"
WARNING = "warning"


class FileError(DomainError):
    """The whole file cannot be imported (unreadable, empty, no header row, a required column missing …).

    Nothing is written when this is raised; ``message`` is user-facing Vietnamese.
    """

    def __init__(self, message, *, code: str = "import_file"):
        super().__init__(message, code=code)


class CellError(Exception):
    """A normaliser refused a cell: ``message`` (Vietnamese) and ``level`` ("error", or "warning" to keep nothing)."""

    __slots__ = ("level", "message")

    def __init__(self, message, level: str = ERROR):
        super().__init__(str(message))
        self.message = str(message)
        self.level = level


class Parsed:
    """A parsed value with warnings (what was changed to accept it).

    Normalisers return the bare value in the common case and wrap it in ``Parsed`` only when they have something
    to say, so the hot path creates no extra object per cell; the engine tests ``type(result) is Parsed``.
    """

    __slots__ = ("value", "warnings")

    def __init__(self, value, warnings: list[str]):
        self.value = value
        self.warnings = warnings

    def __repr__(self) -> str:
        return f"Parsed({self.value!r}, {self.warnings!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Parsed) and (self.value, self.warnings) == (other.value, other.warnings)

    __hash__ = None  # type: ignore[assignment]


def unwrap(result):
    """``(value, warnings)`` of a normaliser's result, for callers outside the engine (forms, tests)."""
    if type(result) is Parsed:
        return result.value, result.warnings
    return result, []
