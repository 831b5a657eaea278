"""Who may see and change the working-day calendar (see core.permissions).

The calendar is public information (the government announces it), so every active member of staff may read it
— deadlines shown to them are computed from it. Only the system administrator keeps it, and only they read its
change history (who corrected which day).
"""

from __future__ import annotations

from hoptac.core.permissions import VIEW, history_policy, policy

from .models import CalendarDay


@policy(CalendarDay)
def _calendar_days(user, action):
    if action == VIEW:
        return True
    return bool(user.is_system_admin)


@history_policy(CalendarDay)
def _calendar_day_history(user, action):
    return bool(user.is_system_admin)
