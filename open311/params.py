"""Checking the parameters of POST requests and GET requests; every problem is an Open311Error with a message."""

import math
import re
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.dates import EARLIEST, LATEST, in_range
from grids.coords import CRS
from open311 import conf, selectors
from open311.bodies import Body
from open311.errors import Open311Error
from open311.selectors import RequestQuery
from open311.services import NewRequest

MAX_IDS = 1000
MAX_PAGE = 100_000
MAX_TEXT = {"address_string": 200, "first_name": 50, "last_name": 50, "phone": 20, "account_id": 100}
MAX_TEXT |= {"device_id": 100, "email": 254, "idempotency_key": 200}


def _number(text: str, bound: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and -bound <= value <= bound else None


def _name(first: str, last: str) -> str:
    """Family name first in Chinese (张 + 伟 → 张伟), given name first with a space in Latin script."""
    if first.isascii() and last.isascii():
        return f"{first} {last}".strip()
    return f"{last}{first}"


def parse_new_request(body: Body, *, idempotency_header: str = "") -> NewRequest:
    errors: list[str] = []
    code = body.get("service_code")
    if not code:
        errors.append(_("service_code is required."))
    lat_text, lng_text = body.get("lat"), body.get("long")
    lat = lng = None
    if not lat_text and not lng_text:
        if body.get("address_string") or body.get("address_id"):
            errors.append(_("lat and long are required: this server cannot look up an address_string or address_id."))
        else:
            errors.append(_("lat and long are required."))
    else:
        lat, lng = _number(lat_text, 90), _number(lng_text, 180)
        if lat is None:
            errors.append(_("lat must be a number from -90 to 90 (WGS-84)."))
        if lng is None:
            errors.append(_("long must be a number from -180 to 180 (WGS-84)."))
    crs = body.get("crs").lower() or CRS.WGS84
    if crs not in {member.value for member in CRS}:
        errors.append(_("crs must be one of wgs84, gcj02 or bd09."))
    email = body.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("email is not a valid e-mail address."))
    media_url = body.get("media_url")
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
            if len(media_url) > 500:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(_("media_url must be an http or https address of at most 500 characters."))
    idempotency_key = idempotency_header.strip() or body.get("idempotency_key")
    texts = {name: body.get(name) for name in MAX_TEXT}
    texts["idempotency_key"] = idempotency_key
    for name, text in texts.items():
        if len(text) > MAX_TEXT[name]:
            errors.append(
                _("%(name)s may have at most %(count)d characters.") % {"name": name, "count": MAX_TEXT[name]}
            )
    if len(body.files) > conf.MAX_MEDIA_FILES:
        errors.append(_("At most %(count)d media files may be sent.") % {"count": conf.MAX_MEDIA_FILES})
    if errors:
        raise Open311Error(400, *errors)

    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("There is no service with service_code “%(code)s”.") % {"code": code})
    condition = _condition(category, body.attributes.get("condition"))
    return NewRequest(
        category=category,
        lng=lng,
        lat=lat,
        crs=crs,
        description=body.get("description"),
        address=texts["address_string"],
        reporter_name=_name(texts["first_name"], texts["last_name"]),
        reporter_phone=texts["phone"],
        reporter_email=email,
        account_id=texts["account_id"],
        device_id=texts["device_id"],
        media_url=media_url,
        condition=condition,
        attributes=_kept_attributes(body.attributes),
        photos=tuple(body.files),
        idempotency_key=idempotency_key,
    )


def _kept_attributes(attributes: dict) -> dict:
    """The attribute values as sent, bounded: at most 20 codes, 20 values each, 500 characters a value."""
    kept = {}
    for code, value in list(attributes.items())[:20]:
        values = value if isinstance(value, list) else [value]
        values = [str(item)[:500] for item in values[:20]]
        kept[str(code)[:100]] = values if isinstance(value, list) else values[0]
    return kept


def _condition(category, value):
    if value is None or value == "":
        return None
    by_key = {str(condition.pk): condition for condition in category.active_conditions}
    if not isinstance(value, str) or value.strip() not in by_key:
        raise Open311Error(
            400, _("attribute[condition] must be one of the values listed in the service definition of this service.")
        )
    return by_key[value.strip()]


# --- GET requests ------------------------------------------------------------------------------------------

W3C = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2}))?)?)?"
)


def parse_w3c(text: str, name: str) -> datetime:
    """A W3C date-time (a date alone means local midnight); a time needs its zone, as the spec says."""
    text = text.strip()
    # An unencoded "+08:00" in a query string arrives as " 08:00".
    text = re.sub(r" (\d{2}:\d{2})$", r"+\1", text)
    match = W3C.fullmatch(text)
    invalid = Open311Error(
        400,
        _("%(name)s must be a W3C date-time with its time zone, e.g. 2026-01-31T08:00:00+08:00.") % {"name": name},
    )
    if not match:
        raise invalid
    parts = match.groupdict()
    try:
        if parts["tz"] is None:
            zone = timezone.get_current_timezone()
        elif parts["tz"] == "Z":
            zone = UTC
        else:
            sign = -1 if parts["tz"][0] == "-" else 1
            hours, minutes = int(parts["tz"][1:3]), int(parts["tz"][4:6])
            zone = dt_timezone(sign * timedelta(hours=hours, minutes=minutes))
        moment = datetime(
            int(parts["year"]),
            int(parts["month"] or 1),
            int(parts["day"] or 1),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int((parts["fraction"] or "0")[:6].ljust(6, "0")),
            tzinfo=zone,
        )
    except ValueError:
        raise invalid from None
    # The default window is counted from it: a moment at the end of the calendar would overflow there.
    if not in_range(moment.date()):
        raise Open311Error(
            400,
            _("%(name)s must be between %(earliest)s and %(latest)s.")
            % {"name": name, "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return moment


def _list(params, name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in params.get(name, "").split(",") if item.strip())


def _positive(params, name: str, default: int, maximum: int) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= maximum:
        raise Open311Error(
            400, _("%(name)s must be a whole number from 1 to %(max)d.") % {"name": name, "max": maximum}
        )
    return int(text)


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    if not text.strip():
        return None
    parts = text.split(",")
    values = [_number(part.strip(), 180 if index % 2 == 0 else 90) for index, part in enumerate(parts)]
    if len(parts) != 4 or None in values or values[0] > values[2] or values[1] > values[3]:
        raise Open311Error(
            400, _("bbox must be min_long,min_lat,max_long,max_lat in WGS-84, e.g. 116.95,36.66,117.01,36.70.")
        )
    return tuple(values)


def parse_request_query(params, now: datetime | None = None) -> RequestQuery:
    ids = _list(params, "service_request_id")
    if len(ids) > MAX_IDS:
        raise Open311Error(400, _("At most %(count)d service_request_id values at once.") % {"count": MAX_IDS})
    page = _positive(params, "page", 1, MAX_PAGE)
    page_size = _positive(params, "page_size", conf.MAX_REQUESTS, conf.MAX_REQUESTS)
    if ids:  # "This overrides all other arguments."
        return RequestQuery(ids=ids, start=None, end=None, page=page, page_size=page_size)
    statuses = _list(params, "status")
    if any(status not in ("open", "closed") for status in statuses):
        raise Open311Error(400, _("status must be open, closed, or both separated by a comma."))
    start = parse_w3c(params["start_date"], "start_date") if params.get("start_date", "").strip() else None
    end = parse_w3c(params["end_date"], "end_date") if params.get("end_date", "").strip() else None
    window = timedelta(days=conf.DEFAULT_WINDOW_DAYS)
    if start is None and end is None:
        end = now or timezone.now()
        start = end - window
    elif start is None:
        start = end - window
    elif end is None:
        end = start + window
    if end < start:
        raise Open311Error(400, _("end_date must not be before start_date."))
    if end - start > window:
        raise Open311Error(
            400, _("start_date and end_date may not span more than %(days)d days.") % {"days": conf.DEFAULT_WINDOW_DAYS}
        )
    return RequestQuery(
        ids=ids,
        service_codes=_list(params, "service_code"),
        start=start,
        end=end,
        statuses=statuses,
        bbox=_bbox(params.get("bbox", "")),
        page=page,
        page_size=page_size,
    )
