"""The working-day calendar's screens belong to the system administrator; everybody else gets 404."""

from datetime import date

from hoptac.core.testing.matrix import Expect, only

ADMIN = "system_admin"


def _day(ctx):
    """A day of its own (not the shipped data): the administrator's POST deletes it, the next persona gets a new one."""
    from hoptac.workdays.models import CalendarDay

    day, _ = CalendarDay.objects.get_or_create(
        date=date(2030, 9, 2),
        defaults={"kind": "holiday", "name": "Quốc khánh", "legal_basis": "Bộ luật Lao động 2019, Điều 112"},
    )
    return {"pk": day.pk}


ROLE_MATRIX = [
    Expect("workdays:day_list", only(ADMIN), data={"nam": "2026"}),
    Expect("workdays:day_create", only(ADMIN)),
    Expect("workdays:day_edit", only(ADMIN), kwargs=_day),
    Expect("workdays:day_delete", only(ADMIN), kwargs=_day, note="confirmation page"),
    Expect("workdays:day_delete", only(ADMIN, ok=302), kwargs=_day, method="POST", note="delete"),
]
