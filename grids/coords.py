"""Coordinate systems used in China, converted to the WGS-84 we store.

- WGS-84: GPS, what we store and what Open311 speaks.
- GCJ-02 (国测局坐标, "Mars"): Gaode/AMap, Tencent, WeChat's `wx.getLocation({type: 'gcj02'})`.
- BD-09: Baidu Maps, a further offset of GCJ-02.

The GCJ-02 offset is a published closed-form function of the WGS-84 position;
its inverse has no closed form, so GCJ-02 → WGS-84 iterates (Newton-like fixed
point) to a few millimetres instead of the one-step approximation common in
the wild, which is off by up to a couple of metres.
"""

import math
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0

# The rough box of the People's Republic in which the GCJ-02 offset applies.
CHINA_BOUNDS = (72.004, 0.8293, 137.8347, 55.8271)  # min lng, min lat, max lng, max lat


class CRS(StrEnum):
    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


CRS_LABELS = {
    CRS.WGS84: _("WGS-84 (GPS)"),
    CRS.GCJ02: _("GCJ-02 (Gaode, Tencent, WeChat)"),
    CRS.BD09: _("BD-09 (Baidu)"),
}


def in_china(lng: float, lat: float) -> bool:
    min_lng, min_lat, max_lng, max_lat = CHINA_BOUNDS
    return min_lng < lng < max_lng and min_lat < lat < max_lat


def _offset(lng: float, lat: float) -> tuple[float, float]:
    x, y = lng - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlng += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlng += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlng += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlng, dlat


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if not in_china(lng, lat):
        return lng, lat
    dlng, dlat = _offset(lng, lat)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    if not in_china(lng, lat):
        return lng, lat
    wlng, wlat = lng, lat
    for _step in range(30):
        glng, glat = wgs84_to_gcj02(wlng, wlat)
        dlng, dlat = glng - lng, glat - lat
        if abs(dlng) < 1e-10 and abs(dlat) < 1e-10:  # ~0.01 mm
            break
        wlng, wlat = wlng - dlng, wlat - dlat
    return wlng, wlat


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def client_position(lng, lat, crs: str = CRS.WGS84) -> tuple[float, float]:
    """A position a client sent (numbers or text) as WGS-84; ValueError or TypeError unless it is a finite
    longitude and latitude in range (NaN, Infinity and 1e308 are not) in a known coordinate system."""
    lng, lat = float(lng), float(lat)
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):  # NaN fails every comparison
        raise ValueError("position out of range")
    return to_wgs84(lng, lat, crs)


def to_wgs84(lng: float, lat: float, crs: str = CRS.WGS84) -> tuple[float, float]:
    """Convert an input position in `crs` to WGS-84. Unknown `crs` raises ValueError."""
    crs = CRS(crs)
    if crs is CRS.GCJ02:
        return gcj02_to_wgs84(lng, lat)
    if crs is CRS.BD09:
        return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))
    return lng, lat


def from_wgs84(lng: float, lat: float, crs: str = CRS.WGS84) -> tuple[float, float]:
    crs = CRS(crs)
    if crs is CRS.GCJ02:
        return wgs84_to_gcj02(lng, lat)
    if crs is CRS.BD09:
        return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))
    return lng, lat


def distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlng = rlat2 - rlat1, math.radians(lng2 - lng1)
    h = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlng / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))
