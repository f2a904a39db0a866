"""The Open311 settings, each read with a default so an install without them works."""

from django.conf import settings
from django.utils.translation import gettext as _

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_REQUESTS = 1000  # the spec's default and our maximum page size
DEFAULT_WINDOW_DAYS = 90  # the spec's default and largest start_date..end_date span
MAX_MEDIA_FILES = 3


def jurisdiction_id() -> str:
    return getattr(settings, "OPEN311_JURISDICTION_ID", "dikou.example")


def contact() -> str:
    return getattr(settings, "OPEN311_CONTACT", "") or _("Ask the administrator of this site for help.")


def key_service() -> str:
    return getattr(settings, "OPEN311_KEY_SERVICE", "") or _("Ask the administrator of this site for an API key.")


def max_body_bytes() -> int:
    """The largest POST body we read: one photo or video at its limit, plus the form fields."""
    media = max(
        getattr(settings, "CASE_PHOTO_MAX_BYTES", 15 * 1024 * 1024),
        getattr(settings, "CASE_VIDEO_MAX_BYTES", 60 * 1024 * 1024),
    )
    return getattr(settings, "OPEN311_MAX_BODY_BYTES", media + 2 * 1024 * 1024)
