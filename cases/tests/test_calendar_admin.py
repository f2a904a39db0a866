from datetime import date

import pytest
from django.utils import translation

from cases.models import CalendarYear, YearStatus
from cases.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_calendar_day_list_filters_by_year_and_holiday(admin_client):
    response = admin_client.get("/admin/cases/calendarday/", {"year": "2026", "holiday": "国庆节"})
    assert response.status_code == 200
    days = list(response.context["cl"].result_list)
    assert len(days) == 9  # 10-01..10-07 off, 09-20 and 10-10 worked
    assert {day.date.year for day in days} == {2026}


def test_calendar_day_list_is_searchable_by_date(admin_client):
    response = admin_client.get("/admin/cases/calendarday/", {"q": "2026-02-1"})
    assert {day.date for day in response.context["cl"].result_list} >= {date(2026, 2, 14), date(2026, 2, 15)}


def test_missing_year_stands_out_in_the_year_list(admin_client, time_machine):
    # The warning lists the current year too when it is not published: today is a day of 2026.
    time_machine.move_to(at("2026-12-07 10:00"), tick=False)
    CalendarYear.objects.create(year=2027, status=YearStatus.MISSING)
    response = admin_client.get("/admin/cases/calendaryear/")
    assert response.status_code == 200
    assert "缺少 2027 年的工作日历" in response.content.decode()
    assert "background:#c0392b" in response.content.decode()


def test_admin_can_publish_a_year(admin_client):
    year = CalendarYear.objects.create(year=2027, status=YearStatus.MISSING)
    response = admin_client.post(
        "/admin/cases/calendaryear/", {"action": "mark_published", "_selected_action": [year.pk]}
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.status == YearStatus.PUBLISHED


def test_admin_cannot_add_a_make_up_working_day_on_a_weekday(admin_client):
    response = admin_client.post(
        "/admin/cases/calendarday/add/",
        {"date": "2026-03-04", "kind": "workday", "holiday": "", "source": "test data"},
    )
    assert response.status_code == 200
    assert "调休上班日必须是周六或周日" in response.content.decode()
