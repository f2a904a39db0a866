"""What the public may see of a case (Open311 GET requests and any public page): the publication policy.

Modelled on FixMyStreet: a report the public sent us is public, the city's own work is not, and nothing that
identifies a person or a home comes out.

- Which cases: those the public sent us (sources `citizen`, the 随手拍 page, and `open311`) once numbered.
  Patrol, hotline (12345 callers were not told their words would be published), field-check and camera
  cases are internal, unless an admin marks their category `published` (e.g. street lights: what the city
  itself found is then public too, under the same rules below).
- Where: longitude and latitude rounded to `PUBLIC_COORDINATE_DECIMALS` places (default 3: about 110 m
  north–south and 90 m east–west at Jinan's latitude), enough to see the street, not the door. A bounding-box
  search is answered on the rounded position, so narrowing boxes cannot recover the exact one.
- No address: a street and house number would give back what the rounding hides.
- The description and status notes as written, with phone numbers, ID-card numbers and e-mail addresses
  blanked out (people write them into free text).
- No photo (`media_url` is always empty): a photo may show faces, number plates and doorways, and there is
  no moderation step yet to decide which may go out.
- Never the reporter's name, phone, e-mail or account: these fields are not even loaded.
"""

import math
import re

from django.conf import settings
from django.db.models import Q, QuerySet

from cases.models import Case, CaseSource

PUBLIC_SOURCES = (CaseSource.CITIZEN, CaseSource.OPEN311)
DEFAULT_COORDINATE_DECIMALS = 3
HIDDEN = "***"
# E-mail addresses; runs of 7 or more digits, spaces or dashes between them allowed (mobile and landline
# numbers, ID-card numbers, whose last character may be X), but not a date written 2026-11-30.
PERSONAL_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\d)(?!\d{4}-\d\d?-\d\d?(?!\d))\d(?:[ -]?\d){5,}[\dXx]")


def published_cases() -> QuerySet[Case]:
    return Case.objects.filter(Q(source__in=PUBLIC_SOURCES) | Q(category__published=True), number__isnull=False)


def coordinate_decimals() -> int:
    return getattr(settings, "PUBLIC_COORDINATE_DECIMALS", DEFAULT_COORDINATE_DECIMALS)


def public_position(lng: float, lat: float) -> tuple[float, float]:
    decimals = coordinate_decimals()
    return round(lng, decimals), round(lat, decimals)


def in_public_box(min_lng: float, min_lat: float, max_lng: float, max_lat: float) -> Q:
    """Cases whose *rounded* position lies in the box (a box edge between two grid lines moves inward)."""
    step = 10.0 ** -coordinate_decimals()

    def cells(low: float, high: float) -> tuple[float, float]:
        # The exact values that round into [ceil(low), floor(high)] on the published grid.
        first, last = math.ceil(round(low / step, 6)), math.floor(round(high / step, 6))
        return (first - 0.5) * step, (last + 0.5) * step

    lng_from, lng_to = cells(min_lng, max_lng)
    lat_from, lat_to = cells(min_lat, max_lat)
    return Q(lng__gte=lng_from, lng__lt=lng_to, lat__gte=lat_from, lat__lt=lat_to)


def public_text(text: str) -> str:
    """Free text with the personal data people write into it (phones, ID numbers, e-mails) blanked out."""
    return PERSONAL_TEXT.sub(HIDDEN, text or "")
