"""Every GET route of the URL configuration, with hostile query values, answers without a server error."""

import pytest
from django.test import Client

from accounts.models import User
from cases.services import case_report
from civicgrid.testing_routes import fill, routes
from command.models import Report
from grids.models import Grid

HOSTILE_QUERIES = [
    "day=2026-02-30&month=9999-12&start=0001-01-01&end=9999-12-31&page=-1&since=abc&unit=99999999&q=%00",
    "day=9999-12-31&month=0000-01&start=9999-12-31&end=9999-12-31&page=99999999999999999999&since=9999-12-31",
    "day=0001-01-01&month=0001-01&preset=custom&start=0001-01-01&end=0001-01-02&unit=-1&q=" + "%F0" * 3,
    "kind=org&counter=reports&subject=1&start=9999-12-01&end=9999-12-31&sort=nonsense&page=abc",
    "start_date=9999-12-31T23:59:59Z&end_date=0001-01-01T00:00:00Z&bbox=nan,inf,-inf,1e308&service_request_id=%00",
]


@pytest.fixture
def sample_case(db):
    grid = Grid.objects.get(code="G-DK-C01")
    case, _created = case_report(
        source="citizen", description="路边有垃圾", lng=grid.min_lng + 0.001, lat=grid.min_lat + 0.001
    )
    Report.objects.create(
        kind="weekly", org_unit=User.objects.get(username="admin").org_unit, start="2026-11-30", end="2026-12-06"
    )
    return case


@pytest.mark.parametrize("username", ["commander", "admin"])
def test_no_get_route_answers_hostile_query_values_with_a_server_error(sample_case, username):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    tried, skipped, failures = 0, [], []
    for route in routes():
        if route.startswith(("admin/", "i18n/")) or route.endswith("logout/"):
            continue
        url = fill(route, sample_case)
        if url is None:
            skipped.append(route)
            continue
        for query in HOSTILE_QUERIES:
            tried += 1
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {url}?{query}")
    print(f"\n{username}: {tried} requests ({tried // len(HOSTILE_QUERIES)} routes × {len(HOSTILE_QUERIES)} inputs)")
    print(f"{len(skipped)} routes skipped, no demo object to fill them: {', '.join(skipped)}")
    assert failures == [], "\n".join(failures)
