"""Run queued Procrastinate jobs inside a test, through the real worker and the real database queue."""

from __future__ import annotations

from django.db import connection


def pending_job_count(queue: str | None = None) -> int:
    with connection.cursor() as cursor:
        if queue:
            cursor.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' AND queue_name = %s", [queue]
            )
        else:
            cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")
        return cursor.fetchone()[0]


def run_pending_jobs(queues: list[str] | None = None) -> int:
    """Process every job waiting now with a real Procrastinate worker (wait=False: stop when idle).

    The worker talks to PostgreSQL through its own connection, so the jobs must be committed: use this
    in ``django_db(transaction=True)`` tests.
    """
    import threading

    from procrastinate import App
    from procrastinate.contrib.django import app
    from procrastinate.periodic import PeriodicRegistry

    before = _finished_count()
    failure: list[BaseException] = []

    def work() -> None:
        # Its own thread: the worker runs an asyncio loop, and a browser test's Playwright loop may already be
        # running in the test's thread.
        try:
            # The project's tasks without its periodic schedule: a worker defers due periodic jobs when it
            # starts, which would add jobs the test did not queue (periodic tasks are tested on their own).
            worker_app = App(connector=app.connector.get_worker_connector())
            worker_app.tasks = app.tasks
            worker_app.periodic_registry = PeriodicRegistry()
            with worker_app.open():
                worker_app.run_worker(
                    queues=queues, wait=False, install_signal_handlers=False, listen_notify=False
                )
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=work, name="procrastinate-test-worker")
    thread.start()
    thread.join(timeout=60)
    if failure:
        raise failure[0]
    if thread.is_alive():
        raise TimeoutError("the Procrastinate worker did not finish within 60 s")
    return _finished_count() - before


def _finished_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('succeeded', 'failed')")
        return cursor.fetchone()[0]


def clear_jobs() -> None:
    """Empty Procrastinate's tables. Its models are unmanaged, so a transactional test's flush leaves them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers RESTART IDENTITY CASCADE"
        )
