"""The party module's jobs: Procrastinate discovers ``<app>.tasks``; each part keeps its jobs in its own module."""

from procrastinate.contrib.django import app

from . import services, tasks_members, tasks_study  # noqa: F401  (registration side effects: periodic reminders)


@app.periodic(cron="5 0 * * *", periodic_id="party.roles_sync")
@app.task(name="party.roles_sync", queue="maintenance", queueing_lock="party.roles_sync")
def roles_sync(timestamp: int) -> int:
    """Just after midnight: committee positions that start or end today give or take their party role."""
    return services.roles_sync_all()
