"""The calendar screens: the year's list, create, edit, delete — the system administrator's only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from hoptac.core.audit import event_model_for
from hoptac.core.models import STALE_MESSAGE
from hoptac.core.testing.queries import assert_constant_queries
from hoptac.workdays.forms import DATE_FORMAT_HELP
from hoptac.workdays.models import DATE_TAKEN, MAKEUP_ON_WEEKDAY, CalendarDay

pytestmark = pytest.mark.django_db

LIST = reverse("workdays:day_list")
CREATE = reverse("workdays:day_create")


@pytest.fixture
def admin(client_as):
    return client_as("system_admin")


def _form(**fields):
    return {
        "date": "03/09/2030",
        "kind": "holiday",
        "name": "Quốc khánh (ngày liền kề)",
        "legal_basis": "Bộ luật Lao động 2019, Điều 112",
    } | fields


def _errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- the list -------------------------------------------------------------------------------------------------


def test_the_year_list_shows_dates_as_dd_mm_yyyy_with_the_vietnamese_weekday(admin):
    response = admin.get(LIST, {"nam": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "17/02/2026" in html
    assert "Tết Nguyên đán Bính Ngọ (mùng 1 tháng Giêng)" in html
    row = html[html.index('data-date="2026-02-17"') :]
    assert "Thứ Ba" in row[: row.index("</tr>")]
    assert "Ngày làm bù" in html  # 10/01/2026
    assert "250 ngày làm việc trong năm" in html
    assert [d.date for d in response.context["summary"].days][:3] == [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 10),
    ]


def test_the_year_picker_offers_the_years_with_data(admin):
    years = admin.get(LIST, {"nam": "2026"}).context["summary"].years
    assert {2025, 2026, 2027} <= set(years)
    assert years == sorted(years, reverse=True)


def test_a_nonsense_year_falls_back_to_the_current_year(admin):
    from django.utils import timezone

    for value in ("abc", "99999", ""):
        response = admin.get(LIST, {"nam": value})
        assert response.status_code == 200
        assert response.context["summary"].year == timezone.localdate().year


def test_a_year_with_estimates_says_so(admin):
    assert b'data-testid="provisional-warning"' in admin.get(LIST, {"nam": "2027"}).content
    assert b'data-testid="provisional-warning"' not in admin.get(LIST, {"nam": "2026"}).content


def test_the_list_costs_the_same_queries_for_5_and_50_days(admin):
    state = {"next": date(2031, 1, 1)}

    def add_rows(n):
        days = []
        while len(days) < n:
            day = state["next"]
            state["next"] += timedelta(days=1)
            if day.weekday() < 5:
                days.append(CalendarDay(date=day, kind="holiday", name="Nghỉ thử", legal_basis="Kiểm thử"))
        CalendarDay.objects.bulk_create(days)

    assert_constant_queries(lambda: admin.get(LIST, {"nam": "2031"}), add_rows, budget=10)


# --- create ---------------------------------------------------------------------------------------------------


def test_the_administrator_adds_a_day_and_the_change_is_recorded_with_their_name(admin, make_persona):
    response = admin.post(CREATE, _form())
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?nam=2030"
    day = CalendarDay.objects.get(date=date(2030, 9, 3))
    assert (day.kind, day.name, day.provisional) == ("holiday", "Quốc khánh (ngày liền kề)", False)
    event = event_model_for(CalendarDay).objects.select_related("pgh_context").get(pgh_obj_id=day.pk)
    assert event.pgh_context.metadata["user"] == make_persona("system_admin").pk


def test_a_missing_name_is_refused_inline(admin):
    response = admin.post(CREATE, _form(name="   "))
    assert response.status_code == 200
    assert _errors(response, "name") == ["Hãy nhập tên ngày, ví dụ “Quốc khánh”."]
    assert "is-invalid" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2030, 9, 3)).exists()


def test_a_date_already_in_the_calendar_is_refused(admin):
    response = admin.post(CREATE, _form(date="02/09/2026", name="Trùng"))
    assert response.status_code == 200
    assert _errors(response, "date") == [str(DATE_TAKEN)]
    assert CalendarDay.objects.get(date=date(2026, 9, 2)).name == "Quốc khánh"


def test_a_makeup_day_on_a_weekday_is_refused(admin):
    response = admin.post(CREATE, _form(date="04/09/2030", kind="makeup", name="Làm bù"))  # a Wednesday
    assert response.status_code == 200
    assert _errors(response, "date") == [str(MAKEUP_ON_WEEKDAY)]


@pytest.mark.parametrize("typed", ["2030/09/03", "31/02/2030", "3 tháng 9", "09/31/2030"])
def test_a_wrong_date_format_is_explained(admin, typed):
    response = admin.post(CREATE, _form(date=typed))
    assert response.status_code == 200
    assert _errors(response, "date") == [str(DATE_FORMAT_HELP)]


def test_missing_fields_are_each_explained(admin):
    response = admin.post(CREATE, {})
    errors = response.context["form"].errors
    assert set(errors) == {"date", "kind", "name", "legal_basis"}
    assert errors["date"] == ["Hãy nhập ngày."]


# --- edit -----------------------------------------------------------------------------------------------------


def _shipped(day):
    return CalendarDay.objects.get(date=day)


def test_the_administrator_corrects_an_estimate(admin):
    day = _shipped(date(2027, 9, 3))
    url = reverse("workdays:day_edit", args=[day.pk])
    page = admin.get(url)
    assert 'value="03/09/2027"' in page.content.decode()
    response = admin.post(
        url, _form(date="03/09/2027", name="Quốc khánh (ngày liền kề sau 2/9)", version=day.version)
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert not day.provisional
    assert day.version == 2


def test_moving_a_day_onto_a_date_already_taken_is_refused(admin):
    day = _shipped(date(2027, 9, 3))
    response = admin.post(
        reverse("workdays:day_edit", args=[day.pk]), _form(date="02/09/2027", version=day.version)
    )
    assert response.status_code == 200
    assert _errors(response, "date") == [str(DATE_TAKEN)]


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(admin):
    day = _shipped(date(2027, 9, 3))
    CalendarDay.objects.filter(pk=day.pk).update(version=5, name="Sửa bởi người khác")
    response = admin.post(reverse("workdays:day_edit", args=[day.pk]), _form(date="03/09/2027", version=1))
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [str(STALE_MESSAGE)]
    assert CalendarDay.objects.get(pk=day.pk).name == "Sửa bởi người khác"


# --- delete ---------------------------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes_on_post(admin):
    day = _shipped(date(2027, 9, 3))
    url = reverse("workdays:day_delete", args=[day.pk])
    page = admin.get(url)
    assert page.status_code == 200
    assert "03/09/2027" in page.content.decode()
    assert CalendarDay.objects.filter(pk=day.pk).exists()  # a GET deletes nothing
    response = admin.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?nam=2027"
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


# --- who may -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["institute_leader", "institute_expert", "coordinator_daklak", "outsider"]
)
def test_nobody_but_the_administrator_changes_the_calendar(client_as, persona):
    client = client_as(persona)
    day = _shipped(date(2026, 9, 2))
    assert client.post(CREATE, _form()).status_code == 404
    edit = client.post(reverse("workdays:day_edit", args=[day.pk]), _form(date="02/09/2026", name="Khác"))
    assert edit.status_code == 404
    assert client.post(reverse("workdays:day_delete", args=[day.pk])).status_code == 404
    assert not CalendarDay.objects.filter(date=date(2030, 9, 3)).exists()
    assert CalendarDay.objects.get(pk=day.pk).name == "Quốc khánh"


def test_the_menu_entry_is_shown_to_the_administrator_only(client_as):
    def menu_keys(persona):
        return [item.key for item in client_as(persona).get(reverse("core:home")).context["menu"]]

    assert "workdays" in menu_keys("system_admin")
    assert "workdays" not in menu_keys("institute_leader")


def test_the_change_history_is_for_the_administrator(client_as):
    day = _shipped(date(2026, 9, 2))
    url = reverse("core:history", args=["workdays", "calendarday", day.pk])
    assert client_as("system_admin").get(url).status_code == 200
    assert client_as("institute_leader").get(url).status_code == 404
