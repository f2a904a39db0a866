"""Property-based fuzzing of the GPS batches a phone sends during a patrol: any envelope and any list of positions
(good, impossible, hostile) is stored as counts per reason or refused with field errors — never a 500 — and what is
kept of a rejected position is small and storable on every database. Derandomized and bounded for CI."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrols.models import PointBatch
from patrols.tests.conftest import SQUARE_LAT, SQUARE_LNG

TRIED: Counter = Counter()
FUZZ = settings(max_examples=120, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["NaN", "Infinity", "1e308", "", "\x00", "117.0\x00", "x" * 2000]),
)
JSON = st.recursive(
    SCALAR, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3), max_leaves=8
)


def moment(offset_s: float) -> str:
    return (timezone.now() + timedelta(seconds=offset_s)).isoformat()


TIME = st.one_of(
    st.floats(-3600, 60).map(moment),  # around now: many are accepted
    st.integers(-(2**62), 2**62),
    st.floats(allow_nan=False),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "2026-02-30T00:00:00", "now"]),
    SCALAR,
)
POSITION = st.one_of(
    st.fixed_dictionaries(
        {"lng": st.floats(SQUARE_LNG, SQUARE_LNG + 0.005), "lat": st.floats(SQUARE_LAT, SQUARE_LAT + 0.005), "t": TIME},
        optional={"acc": SCALAR, "extra": JSON},
    ),
    st.fixed_dictionaries({}, optional={"lng": SCALAR, "lat": SCALAR, "t": TIME, "acc": SCALAR}),
    JSON,
)
BODY = st.one_of(
    st.fixed_dictionaries(
        {"batch_id": st.text(min_size=1, max_size=20), "points": st.lists(POSITION, min_size=1, max_size=20)},
        optional={"crs": st.sampled_from(["wgs84", "gcj02", "bd09", "utm", ""])},
    ),
    st.fixed_dictionaries({}, optional={"batch_id": JSON, "points": JSON, "crs": JSON}),
    JSON,
)


@pytest.fixture
def session_url(client, world):
    client.force_login(world.patroller)
    started = client.post("/patrols/api/sessions/", {"grid": world.square.pk}, content_type="application/json")
    assert started.status_code == 201, started.content
    return client, f"/patrols/api/sessions/{started.json()['id']}/points/"


@pytest.fixture(autouse=True, scope="module")
def _say_how_many():
    yield
    print(f"\nGPS batches, tried: {dict(TRIED)}")


@FUZZ
@given(body=BODY)
def test_a_batch_is_counted_or_refused_never_a_server_error(session_url, body):
    client, url = session_url
    TRIED["batches"] += 1
    TRIED["positions"] += len(body["points"]) if isinstance(body, dict) and isinstance(body.get("points"), list) else 0
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["error"]["status"] == 400
    else:
        result = response.json()
        TRIED["accepted"] += result["accepted"]
        assert result["received"] == result["accepted"] + result["duplicates"] + result["rejected"]
        stored = PointBatch.objects.get(batch_id=str(body["batch_id"]).strip())
        # A rejected position is kept as a short sample for the office to see why, not verbatim.
        assert len(json.dumps(stored.samples)) < 20_000
