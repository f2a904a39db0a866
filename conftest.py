from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.tests.factories import make_tree
from civicgrid.testing import demo_subdistrict


def pytest_addoption(parser):
    parser.addoption(
        "--shift-clock",
        type=float,
        default=0,
        metavar="DAYS",
        help="run the whole session with the clock moved forward by DAYS (fractions allowed; it keeps ticking): "
        "proves that no test depends on the day or the hour it runs",
    )


def pytest_configure(config):
    days = config.getoption("--shift-clock")
    if days:
        # Started before Django creates the test database, so the demo data too is written in the shifted
        # present; a test's own time_machine.travel nests inside it.
        traveller = time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    days = config.getoption("--shift-clock")
    if days:
        return f"clock shifted forward by {days:g} days: it is {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    return None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Most tests start from the demo subdistrict: loaded once here (about a second), not once per test.
    with django_db_blocker.unblock():
        demo_subdistrict()


@pytest.fixture
def tree(db):
    district, street, community_a, community_b = make_tree()
    return {"district": district, "street": street, "a": community_a, "b": community_b}


@pytest.fixture(autouse=True)
def _fresh_in_process_caches():
    # The point→grid index, the work calendar and the cache live in process memory; tests roll the
    # database back under them.
    from django.core.cache import cache

    from cases.deadlines import reset_calendar_cache
    from civicgrid.config_cache import forget
    from grids.locator import reset_index

    for reset in (reset_index, reset_calendar_cache, forget, cache.clear):
        reset()
    yield
    for reset in (reset_index, reset_calendar_cache, forget, cache.clear):
        reset()


def pytest_collection_modifyitems(config, items):
    # One place decides what needs PostgreSQL (row locks, SKIP LOCKED, real concurrency): the marker.
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (row locks, SKIP LOCKED); SQLite serialises writers")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)
