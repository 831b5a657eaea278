"""Query budgets: a page's query count must not grow with its rows (STYLE.md habit 5)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured), [q["sql"] for q in captured.captured_queries]


def assert_constant_queries(
    action: Callable[[], object],
    add_rows: Callable[[int], object],
    sizes: tuple[int, int] = (5, 50),
    budget: int | None = None,
) -> int:
    """Run ``action`` with ``sizes[0]`` rows, then with ``sizes[1]`` rows: the query counts must be equal.

    ``add_rows(n)`` adds ``n`` more rows. ``budget`` optionally caps the count. Returns the count; on failure
    the message lists the queries of the larger run, so the N+1 is visible.
    """
    add_rows(sizes[0])
    small, _ = count_queries(action)
    add_rows(sizes[1] - sizes[0])
    large, statements = count_queries(action)
    assert small == large, f"{small} queries for {sizes[0]} rows but {large} for {sizes[1]}:\n" + "\n".join(
        statements
    )
    if budget is not None:
        assert large <= budget, f"{large} queries, budget {budget}:\n" + "\n".join(statements)
    return large
