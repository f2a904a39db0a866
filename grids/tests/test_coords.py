"""Conversions checked against the values published with the widely used coordtransform library."""

import pytest

from grids.coords import bd09_to_gcj02, distance_m, gcj02_to_bd09, gcj02_to_wgs84, to_wgs84, wgs84_to_gcj02

# wandergis/coordtransform, test/app.js: every function applied to (116.404, 39.915).
PUBLISHED = {
    "bd09togcj02": (116.39762729119315, 39.90865673957631),
    "gcj02tobd09": (116.41036949371029, 39.92133699351021),
    "wgs84togcj02": (116.41024449916938, 39.91640428150164),
    # Their inverse is the one-step approximation; ours iterates, so allow the metre the issue allows.
    "gcj02towgs84": (116.39775550083061, 39.91359571849836),
}
POINT = (116.404, 39.915)


@pytest.mark.parametrize(
    ("name", "function"),
    [
        ("bd09togcj02", bd09_to_gcj02),
        ("gcj02tobd09", gcj02_to_bd09),
        ("wgs84togcj02", wgs84_to_gcj02),
        ("gcj02towgs84", gcj02_to_wgs84),
    ],
)
def test_conversion_matches_published_value_within_a_metre(name, function):
    assert distance_m(*function(*POINT), *PUBLISHED[name]) < 1.0


def test_gcj02_inverse_is_exact_to_a_centimetre():
    wgs = gcj02_to_wgs84(*POINT)
    assert distance_m(*wgs84_to_gcj02(*wgs), *POINT) < 0.01


def test_bd09_input_lands_on_the_same_wgs84_point_as_gcj02_input():
    wgs = (117.0, 36.68)
    gcj = wgs84_to_gcj02(*wgs)
    bd = gcj02_to_bd09(*gcj)
    assert distance_m(*to_wgs84(*gcj, "gcj02"), *wgs) < 0.01
    assert distance_m(*to_wgs84(*bd, "bd09"), *wgs) < 0.5


def test_offset_in_jinan_is_hundreds_of_metres():
    # Why conversion matters: a Gaode position taken as WGS-84 lands in the wrong street.
    assert 300 < distance_m(117.0, 36.68, *wgs84_to_gcj02(117.0, 36.68)) < 800


def test_points_outside_china_are_not_shifted():
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)


def test_unknown_crs_is_an_error():
    with pytest.raises(ValueError):
        to_wgs84(117.0, 36.68, "utm50")
