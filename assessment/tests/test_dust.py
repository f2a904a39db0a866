"""Dust and air: construction sites and restaurants are due for a check at their type's interval."""

from django.urls import reverse

from assessment import services
from assessment.models import LocationType
from assessment.selectors import active_scheme, due_sites, monthly_table
from cases.tests.conftest import at, photo


def construction_site(checks):
    lng, lat = checks.point()
    return services.site_create(
        actor=checks.assessor, name="测试工地", location_type=LocationType.objects.get(code="site"), lng=lng, lat=lat
    )


def dust_check(checks, site, when, failures=(), key="d1"):
    scheme = active_scheme("dust")
    items = list(scheme.items.filter(location_type=site.location_type).order_by("order"))
    answers = [
        services.Answer(
            item_id=item.pk, outcome="fail" if i in failures else "pass", photos=[photo()] if i in failures else []
        )
        for i, item in enumerate(items)
    ]
    return services.field_check_submit(
        actor=checks.assessor, site=site, scheme=scheme, client_id=key, answers=answers, now=at(when)
    )[0]


def test_a_construction_site_is_due_a_week_after_its_last_dust_check(checks):
    site = construction_site(checks)
    dust_check(checks, site, "2026-11-20 10:00")
    path = site.scope_path
    assert [row.site for row in due_sites(path=path, now=at("2026-11-26 10:00"))] == []
    due = due_sites(path=path, now=at("2026-11-27 10:01"))
    assert [row.site for row in due] == [site] and due[0].overdue
    assert [row.site for row in due_sites(path=path, now=at("2026-11-26 10:00"), within_days=1)] == [site]


def test_the_monthly_table_counts_checks_failures_and_open_deductions_per_community(checks):
    site = construction_site(checks)
    dust_check(checks, site, "2026-11-10 10:00", failures=(0, 1))
    dust_check(checks, site, "2026-11-17 10:00", key="d2")
    dust_check(checks, site, "2026-12-01 10:00", key="d3", failures=(2,))
    rows = {
        row["name"]: row
        for row in monthly_table(
            path=site.scope_path, kind="dust", start=at("2026-11-01 00:00"), end=at("2026-12-01 00:00")
        )
    }
    row = rows[site.org_unit.name]
    assert (row["checks"], row["failed"], row["found"], row["still_open"]) == (2, 2, 2, 2)
    items = active_scheme("dust").items.filter(location_type=site.location_type).count()
    assert row["rate"] == 2 / (2 * items)


def test_the_dust_page_shows_due_sites_and_takes_a_month(client, checks):
    construction_site(checks)
    client.force_login(checks.assessor)
    html = client.get(reverse("assessment:dust")).content.decode()
    assert "测试工地" in html and 'data-testid="monthly"' in html
    for month in ("2026-02", "9999-12", "2026-13", "x"):
        assert client.get(reverse("assessment:dust"), {"month": month}).status_code == 200


def test_the_inspector_is_reminded_of_due_sites_once_a_day(checks):
    from notifications.models import Notification

    site = construction_site(checks)
    site.inspector = checks.assessor
    site.save()
    dust_check(checks, site, "2026-11-20 10:00")
    assert services.remind_due_checks(now=at("2026-11-25 08:00")) == 0  # due on the 27th
    assert services.remind_due_checks(now=at("2026-11-26 08:00")) == 1  # due tomorrow: told today
    assert services.remind_due_checks(now=at("2026-11-26 09:00")) == 0  # once a day
    message = Notification.objects.get(user=checks.assessor)
    assert "测试工地" in message.body and message.target_url == reverse("assessment:dust")
    assert services.remind_due_checks(now=at("2026-11-28 08:00")) == 1
    assert "超期" in Notification.objects.filter(user=checks.assessor).latest("created_at").body
