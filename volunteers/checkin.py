"""The rotating check-in code shown at an activity's place, and the distance for a check-in by position.

A code names the activity and a time window and carries an HMAC of both with the activity's secret: it cannot be
made up, and it is good only while shown (this window and the one before, for a slow scan). Each volunteer may use
a code once (volunteers.models.UsedCode), so a check-in and a check-out need two scans of two codes.
"""

import hashlib
import hmac
import io
import math
import secrets
from datetime import datetime

import segno

from volunteers.models import Activity, VolunteerSettings


def new_secret() -> str:
    return secrets.token_hex(32)


def _window(now: datetime) -> int:
    return int(now.timestamp()) // VolunteerSettings.current().qr_seconds


def _code(activity: Activity, window: int) -> str:
    mac = hmac.new(activity.qr_secret.encode(), f"{activity.pk}:{window}".encode(), hashlib.sha256).hexdigest()
    return f"{activity.pk}-{window}-{mac[:16]}"


def current_code(activity: Activity, *, now: datetime) -> str:
    return _code(activity, _window(now))


def code_valid(activity: Activity, code: str, *, now: datetime) -> bool:
    window = _window(now)
    return any(hmac.compare_digest(code or "", _code(activity, w)) for w in (window, window - 1))


def qr_svg(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=6, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance (haversine): exact enough for a geofence of tens to hundreds of metres."""
    radius = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))
