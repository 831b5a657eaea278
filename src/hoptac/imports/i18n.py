"""Translated message templates, looked up once per parsing pass instead of once per problem.

Django's ``gettext`` (with ``get_language``) costs several microseconds per call here, which matters when a
file has a warning on every row (a column of tax codes that all lost their leading zero). The engine calls
:func:`pass_language` at the start of each pass, in the thread that consumes the rows; inside the pass
:func:`gettext` is a dict look-up in that language's cache. Outside a pass it is Django's ``gettext``.

The function is named ``_`` where it is used, so ``makemessages`` extracts the strings as usual.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.utils import translation

_caches: dict[str, dict[str, str]] = {}
_local = threading.local()


def gettext(message: str) -> str:
    cache = getattr(_local, "cache", None)
    if cache is None:
        return translation.gettext(message)
    try:
        return cache[message]
    except KeyError:
        translated = cache[message] = translation.gettext(message)
        return translated


@contextmanager
def pass_language():
    """Within the block, :func:`gettext` serves the active language's translations from a cache."""
    previous = getattr(_local, "cache", None)
    _local.cache = _caches.setdefault(translation.get_language() or "", {})
    try:
        yield
    finally:
        _local.cache = previous
