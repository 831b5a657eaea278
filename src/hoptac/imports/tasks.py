"""The background job that runs an import (preview or commit) with a visible progress bar."""

from __future__ import annotations

from procrastinate.contrib.django import app


@app.task(name="imports.run", queue="imports")
def run_import_job(*, run_id: str) -> str:
    from django.db import connections

    from .services import execute_run

    try:
        return execute_run(run_id)
    finally:
        # The worker runs synchronous tasks in threads: close what this one opened (both aliases).
        connections.close_all()
