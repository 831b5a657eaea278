"""Periodic job of the support workflow: closing unanswered resolved requests, and SLA warnings."""

from __future__ import annotations

from procrastinate.contrib.django import app


# Hourly: both steps are idempotent (flags on the request), so a missed hour is caught up by the next one.
@app.periodic(cron="23 * * * *", periodic_id="support.hourly")
@app.task(name="support.hourly", queue="maintenance", queueing_lock="support.hourly")
def support_hourly(timestamp: int) -> dict[str, int]:
    from .sla import send_sla_warnings
    from .workflow import close_unanswered

    return {"closed": close_unanswered(), **send_sla_warnings()}
