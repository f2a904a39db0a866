"""Property-based fuzzing of Open311 input: POST bodies as form data, JSON and XML, and the GET query of
requests.json. Every hostile input is answered in the spec's error shape (400/403/404/429) or accepted — never by
the catch-all "general service error", which would mean an exception escaped a parser. Derandomized and bounded."""

from collections import Counter
from unittest import mock
from urllib.parse import urlencode
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from open311 import views
from open311.models import ClientApplication

TRIED: Counter = Counter()
FUZZ = settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
ANSWERS = {200, 201, 400, 403, 404, 413, 429}

NAMES = [
    "service_code", "lat", "long", "crs", "description", "address_string", "address_id", "email", "device_id",
    "account_id", "first_name", "last_name", "phone", "media_url", "idempotency_key", "jurisdiction_id",
    "attribute[condition]", "attribute[x][]", "attribute[]",
]  # fmt: skip
NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(2**70), 2**70).map(str),
    st.floats(36.6, 36.75).map(str),
    st.sampled_from(["nan", "inf", "1e308", "-0", "１１７", "117.0\x00"]),
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["x" * 5000, "http://", "javascript:alert(1)", "a@b", "=cmd|' /C calc'!A0", "wgs84", "bd09"]),
    NUMBER,
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10,
)
PARAMS = st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=10), TEXT, max_size=8)


@pytest.fixture
def api(world):
    # The fuzz is about parsing: the client's rate limit would answer most draws with 429 before any reading.
    ClientApplication.objects.update(rate_limit_per_minute=1_000_000)
    with mock.patch.object(views.logger, "exception") as escaped:
        yield world, escaped


@pytest.fixture(autouse=True, scope="module")
def _say_how_many():
    yield
    print(f"\nOpen311 input, tried: {dict(TRIED)}")


def check(response, escaped, what):
    assert response.status_code in ANSWERS, what
    assert not escaped.called, f"an exception escaped the parsers: {what!r}"


def with_key(world, params: dict) -> dict:
    return {"api_key": world.key, "service_code": world.category.code, **params}


@FUZZ
@given(params=PARAMS, fmt=st.sampled_from(["json", "xml"]))
def test_a_form_post_is_accepted_or_refused_in_the_specs_shape(api, params, fmt):
    world, escaped = api
    TRIED["form"] += 1
    body = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in with_key(world, params).items()})
    response = world.http.post(
        f"/open311/v2/requests.{fmt}", body, content_type="application/x-www-form-urlencoded; charset=utf-8"
    )
    check(response, escaped, params)


@FUZZ
@given(
    data=st.one_of(
        st.dictionaries(st.sampled_from(NAMES) | st.sampled_from(["attribute", "attributes"]), JSON_VALUE, max_size=8),
        JSON_VALUE,
    )
)
def test_a_json_post_is_accepted_or_refused_in_the_specs_shape(api, data):
    import json

    world, escaped = api
    TRIED["json"] += 1
    document = with_key(world, data) if isinstance(data, dict) else data
    response = world.http.post(
        "/open311/v2/requests.json", json.dumps(document, allow_nan=True), content_type="application/json"
    )
    check(response, escaped, document)


def _xml(params: dict, attributes: dict) -> bytes:
    fields = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in params.items())
    extra = "".join(f"<{code}>{escape(value)}</{code}>" for code, value in attributes.items())
    return f"<service_request>{fields}<attributes>{extra}</attributes></service_request>".encode(
        "utf-8", "surrogatepass"
    )


TAG = st.from_regex(r"\A[a-z_][a-z0-9_]{0,12}\Z")


@FUZZ
@given(
    params=st.dictionaries(st.sampled_from([n for n in NAMES if "[" not in n]) | TAG, TEXT, max_size=8),
    attributes=st.dictionaries(TAG, TEXT, max_size=3),
    raw=st.one_of(st.none(), st.binary(max_size=80), st.text(max_size=80).map(lambda t: t.encode("utf-8", "replace"))),
)
def test_an_xml_post_is_accepted_or_refused_in_the_specs_shape(api, params, attributes, raw):
    world, escaped = api
    TRIED["xml"] += 1
    body = raw if raw is not None else _xml(with_key(world, params), attributes)
    response = world.http.post("/open311/v2/requests.xml", body, content_type="application/xml")
    check(response, escaped, body)


QUERY_NAMES = [
    "start_date", "end_date", "status", "service_code", "service_request_id", "page", "page_size", "bbox",
    "jurisdiction_id", "updated_after", "updated_before",
]  # fmt: skip
DATE = st.one_of(
    st.datetimes().map(lambda moment: moment.isoformat() + "Z"),
    st.builds(
        lambda y, mo, d, h: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:00:00Z",
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 25),
    ),
)


@FUZZ
@given(query=st.dictionaries(st.sampled_from(QUERY_NAMES), st.one_of(DATE, TEXT), max_size=5))
def test_a_requests_query_is_answered_or_refused_in_the_specs_shape(api, query):
    world, escaped = api
    TRIED["query"] += 1
    encoded = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in query.items()})
    response = world.http.get(f"/open311/v2/requests.json?{encoded}")
    check(response, escaped, query)
