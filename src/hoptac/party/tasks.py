"""The party module's jobs: Procrastinate discovers ``<app>.tasks``; each part keeps its jobs in its own module."""

from . import tasks_members, tasks_study  # noqa: F401  (registration side effects: periodic reminders)
