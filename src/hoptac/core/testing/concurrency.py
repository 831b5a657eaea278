"""Run callables at the same moment, each in its own thread and database connection (real races in tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections

from hoptac.core.errors import DomainError


def race(*actions: Callable[[], object], timeout: float = 60) -> list[tuple[str, object]]:
    """One outcome per action, in order: ("ok", result), ("refused", the DomainError's message) or
    ("crashed", repr of any other exception). Use in ``django_db(transaction=True)`` tests."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index] = ("ok", action())
        except DomainError as exc:
            outcomes[index] = ("refused", str(exc.message))
        except Exception as exc:  # reported by the caller's assertion
            outcomes[index] = ("crashed", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return outcomes
