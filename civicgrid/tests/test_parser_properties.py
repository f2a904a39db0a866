"""Property-based fuzzing of the parsers every module shares: days and months from query strings and forms, and the
depth and bytes of a JSON body. Each hostile input gives a value or a clear error, never an exception.

Derandomized (the same inputs on every run) and bounded, so CI gives the same answer for the same code; explore
more locally by dropping `derandomize` and raising `max_examples`.
"""

import io
from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ParseError

from civicgrid.dates import EARLIEST, LATEST, DayField, parse_day, parse_month
from civicgrid.parsers import JSONParser

FUZZ = settings(max_examples=300, derandomize=True, deadline=None)
TRIED: Counter = Counter()

# What people and scripts put in ?day= / ?month= / a date field: real and impossible days, the edges of the
# calendar, signs, spaces, full-width digits, NUL, and any text at all.
DAY_TEXT = st.one_of(
    st.dates().map(date.isoformat),
    st.from_regex(r"\A[+-]?\d{1,6}-\d{1,3}(-\d{1,3})?\Z"),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)),
    st.sampled_from(["", " ", "9999-12-31", "0001-01-01", "2026-02-30", "２０２６-０１-０１", "2026-01-01\x00", "nan"]),
    st.text(max_size=30),
)


@pytest.fixture(autouse=True, scope="module")
def _say_how_many():
    yield
    print(f"\nshared parsers, inputs tried: {dict(TRIED)}")


@FUZZ
@given(DAY_TEXT)
def test_a_day_from_a_query_string_is_a_day_in_range_or_none(text):
    TRIED["day"] += 1
    day = parse_day(text)
    assert day is None or EARLIEST <= day <= LATEST
    if day is not None:  # the day written, whatever digits wrote it (２０２６-０１-０１ and 2026-1-1 are read too)
        assert [day.year, day.month, day.day] == [int(part) for part in text.strip().split("-")]


@FUZZ
@given(st.one_of(DAY_TEXT, DAY_TEXT.map(lambda text: text[:7])))
def test_a_month_from_a_query_string_is_a_month_in_range_or_none(text):
    TRIED["month"] += 1
    month = parse_month(text)
    assert month is None or (EARLIEST.year <= month[0] <= LATEST.year and 1 <= month[1] <= 12)


@FUZZ
@given(DAY_TEXT)
def test_a_day_typed_in_a_form_is_a_day_in_range_or_a_field_error(text):
    TRIED["day field"] += 1
    try:
        day = DayField(required=False).clean(text)
    except ValidationError as error:
        assert error.messages and all(message for message in error.messages)
    else:
        assert day is None or EARLIEST <= day <= LATEST


def parse_json(body: bytes):
    return JSONParser().parse(io.BytesIO(body), "application/json", {"request": None, "encoding": "utf-8"})


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    depth=st.integers(1, 200_000),
    opener=st.sampled_from(["[", '{"a":', '{"geometry":{"coordinates":[']),
    closed=st.booleans(),
)
def test_a_json_body_nested_any_depth_is_data_or_a_400(depth, opener, closed):
    TRIED["json depth"] += 1
    closer = {"[": "]", '{"a":': "}", '{"geometry":{"coordinates":[': "]}}"}[opener]
    body = (opener * depth + "1" + (closer * depth if closed else "")).encode()
    try:
        parse_json(body)
    except ParseError as error:
        assert str(error.detail)


@FUZZ
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode), st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=30,
).map(lambda value: repr(value).encode())))  # fmt: skip
def test_any_bytes_as_a_json_body_are_data_or_a_400(body):
    TRIED["json bytes"] += 1
    try:
        parse_json(body)
    except ParseError as error:
        assert str(error.detail)
