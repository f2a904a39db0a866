"""What the module adds to shared pages: the screen's tile, the KPI panel, the report tables, archive evidence."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from civicgrid.plugins import collect
from volunteers import services
from volunteers.models import ActivityReport


def test_the_screen_tile_counts_volunteers_checked_in_today(station):
    tile = next(t for t in collect("screen", "TILES") if t.key == "volunteers")
    volunteer = station.volunteer()
    activity = station.activity(starts=timezone.now() - timedelta(minutes=5))
    before = tile.value(None, station.subdistrict)
    services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
    lng, lat = station.point()
    services.check_in(volunteer=volunteer, activity=activity, method="position", lng=lng, lat=lat)
    from django.core.cache import cache

    cache.clear()
    assert tile.value(None, station.subdistrict) == before + 1


def test_the_command_screen_has_no_special_volunteer_tile_left(station):
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="commander"))
    html = client.get("/command/").content.decode()
    assert html.count("Volunteers active today") + html.count("今日活跃志愿者") <= 1
    assert 'data-tile="extra-volunteers"' in html


def test_the_report_tables_have_the_rates_per_community(station):
    from command.selectors import Period

    section = next(s for s in collect("reports", "SECTIONS") if s.key == "volunteers")
    today = timezone.localdate()
    tables = section.tables(station.subdistrict, Period(today - timedelta(days=6), today))
    assert len(tables[0].rows) == 12  # 11 communities and the subdistrict


def test_activity_records_are_offered_as_archive_evidence(station):
    activity = station.activity()
    ActivityReport.objects.create(activity=activity, text="义剪30人次", created_by=station.admin)
    source = next(s for s in collect("evidence", "SOURCES") if s.key == "volunteers")
    refs = source.search(station.admin, "义剪", 10)
    assert [r.ref_id for r in refs] == [str(activity.pk)]
    assert source.resolve(station.admin, str(activity.pk)).title.startswith(activity.title)
    assert source.search(User.objects.get(username="patroller"), "", 10) == []


def test_the_rate_tile_shows_registration_and_participation(station):
    tile = next(t for t in collect("screen", "TILES") if t.key == "volunteer-rates")
    value = tile.value(None, station.subdistrict)
    assert value.count("%") == 2


def test_party_members_service_is_counted_per_unit_with_its_share(station):
    from grids.models import PartnerUnit
    from volunteers.selectors import month_stats

    first, second = PartnerUnit.objects.order_by("pk")[:2]
    for unit, hours_out in ((first, 2.0), (first, 1.0), (second, 1.0)):
        volunteer = station.volunteer(is_party_member=True, party_unit=unit)
        record = station.attended(volunteer, station.activity(), hours_out=hours_out)
        services.record_confirm(actor=station.admin, record=record)
    today = timezone.localdate()
    stats = month_stats(path=station.subdistrict.path, start=today - timedelta(days=1), end=today + timedelta(days=2))
    rows = {row["name"]: row for row in stats["by_unit"]}
    assert rows[first.name]["people"] == 2 and rows[first.name]["share"] == 75.0
    assert rows[second.name]["share"] == 25.0


def test_the_kpi_page_shows_the_volunteer_panel(station):
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="commander"))
    html = client.get("/command/kpis/").content.decode()
    assert 'data-testid="kpi-volunteers"' in html
