"""Registration rate = registered ÷ resident population; participation rate = volunteers with confirmed service in
the last 12 months ÷ registered; checked against a hand computation."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grids.models import Grid
from volunteers import selectors, services
from volunteers.models import ServiceRecord, Volunteer


def _fresh(station):
    ServiceRecord.objects.all().delete()
    Volunteer.objects.all().delete()
    Grid.objects.filter(code="G-DK-C01").update(population=1000)
    Grid.objects.filter(code="G-DK-C02").update(population=400)


def _served(station, volunteer, days_ago: int):
    today = timezone.localdate()
    ServiceRecord.objects.create(
        volunteer=volunteer,
        kind="leifeng",
        scope_path=volunteer.scope_path,
        day=today - timedelta(days=days_ago),
        hours=Decimal("2"),
        status="confirmed",
    )
    services.volunteer_totals(volunteer_id=volunteer.pk)


def test_rates_equal_a_hand_computation(station):
    _fresh(station)
    c1 = [station.volunteer() for _ in range(5)]
    c2 = [station.volunteer(community=station.community2) for _ in range(2)]
    _served(station, c1[0], 10)
    _served(station, c1[1], 300)
    _served(station, c1[2], 400)  # more than 12 months ago: not active
    _served(station, c2[0], 1)
    total, rows = selectors.rates(unit=station.subdistrict)
    by_code = {r.unit.code: r for r in rows}
    one, two = by_code["DK-C01"], by_code["DK-C02"]
    assert (one.population, one.registered, one.active) == (1000, 5, 2)
    assert one.registration_rate == Decimal("0.50") and one.participation_rate == Decimal("40.00")
    assert (two.population, two.registered, two.active) == (400, 2, 1)
    assert two.registration_rate == Decimal("0.50") and two.participation_rate == Decimal("50.00")
    population = sum(Grid.objects.filter(kind="community", is_active=True).values_list("population", flat=True))
    assert total.population == population and total.registered == 7 and total.active == 3
    assert total.registration_rate == (Decimal(700) / population).quantize(Decimal("0.01"))
    assert total.participation_rate == Decimal("42.86")


def test_rates_at_a_past_day_are_read_from_the_records(station):
    _fresh(station)
    volunteer = station.volunteer()
    _served(station, volunteer, 5)
    today = timezone.localdate()
    _total, rows = selectors.rates_at(unit=station.subdistrict, day=today + timedelta(days=1))
    row = next(r for r in rows if r.unit.code == "DK-C01")
    assert (row.registered, row.active) == (1, 1)
    _total, rows = selectors.rates_at(unit=station.subdistrict, day=today - timedelta(days=10))
    row = next(r for r in rows if r.unit.code == "DK-C01")
    assert (row.registered, row.active) == (0, 0)


def test_communities_below_target_are_flagged(station):
    _fresh(station)
    station.volunteer()
    _total, rows = selectors.rates(unit=station.subdistrict)
    row = next(r for r in rows if r.unit.code == "DK-C01")
    assert row.registration_below and row.participation_below


def test_inactive_volunteers_are_listed_to_invite_back(station):
    _fresh(station)
    quiet, busy = station.volunteer(), station.volunteer()
    _served(station, quiet, 300)
    _served(station, busy, 3)
    listed = set(selectors.inactive_volunteers(user=station.admin).values_list("pk", flat=True))
    assert quiet.pk in listed and busy.pk not in listed


def test_the_monthly_snapshot_is_written_once_per_month(station):
    _fresh(station)
    station.volunteer()
    services.rate_snapshot()
    services.rate_snapshot()
    history = selectors.rate_history(unit=station.subdistrict)
    assert len([h for h in history if h["month"] == timezone.localdate().strftime("%Y-%m")]) == 1
