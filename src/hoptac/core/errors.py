"""The one domain error type: services raise it, views turn it into a clear Vietnamese message."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the action (wrong state, wrong role, stale edit …).

    ``message`` is user-facing Vietnamese (lazy-translatable); ``code`` is stable for tests and the API.
    """

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.code = code


class StaleObjectError(DomainError):
    def __init__(self, message, *, code: str = "stale"):
        super().__init__(message, code=code)
