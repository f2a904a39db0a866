"""Positions from the phone, in batches: validated, de-duplicated, stored, and every rejection counted.

A batch carries an id chosen by the phone; sending it again (after a timeout, on reconnect)
answers with the first outcome and stores nothing twice. Positions are keyed by capture time
within a session, so overlapping batches and out-of-order arrival are harmless: the track is
always read ordered by capture time.
"""

import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from grids.coords import CRS, in_china, to_wgs84
from patrols.models import PatrolSession, PatrolSettings, PointBatch, SessionStatus, TrackPoint

MAX_BATCH = 5000
MAX_SAMPLES = 20


class Reason:
    BAD_COORDINATES = "bad_coordinates"
    BAD_TIME = "bad_time"
    FUTURE = "future"
    TOO_OLD = "too_old"
    BEFORE_START = "before_start"
    AFTER_END = "after_end"


@dataclass
class BatchResult:
    batch_id: str
    received: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    replayed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def parse_time(value) -> datetime | None:
    """ISO 8601 (a time without offset is local time) or epoch milliseconds; None if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)  # fast path: what phones send
        except ValueError:
            try:
                moment = parse_datetime(value.strip())
            except ValueError:
                return None
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
    return None


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _short(value):
    """One field of a rejected position as kept in its sample: a finite number as it is, anything else as at most
    40 characters without NUL (PostgreSQL's JSON cannot hold one, nor NaN)."""
    if value is None or isinstance(value, bool):
        return value
    if (isinstance(value, int) and abs(value) < 2**53) or (isinstance(value, float) and math.isfinite(value)):
        return value
    return str(value)[:40].replace("\x00", "")


def _sample(raw):
    """What is kept of a rejected position for the office to see why: its own fields, cut short, never the junk a
    client sent verbatim."""
    if isinstance(raw, dict):
        return {key: _short(raw[key]) for key in ("lng", "lat", "t", "acc") if key in raw}
    return _short(raw)


def _check_envelope(batch_id, points, crs) -> str:
    errors = {}
    # An id is a text or a number; a list or an object sent as one is refused, not turned into its repr.
    batch_id = str(batch_id).strip() if isinstance(batch_id, str | int) and not isinstance(batch_id, bool) else ""
    if not batch_id or len(batch_id) > 64 or "\x00" in batch_id:
        errors["batch_id"] = _("Give each batch an id of 1 to 64 characters.")
    if not isinstance(points, list) or not points:
        errors["points"] = _("Send a non-empty list of positions.")
    elif len(points) > MAX_BATCH:
        errors["points"] = _("At most %(max)s positions per batch.") % {"max": MAX_BATCH}
    if not isinstance(crs, str) or crs not in CRS._value2member_map_:
        errors["crs"] = _("Unknown coordinate system.")
    if errors:
        raise ValidationError(errors)
    return batch_id


def ingest_points(
    *, session: PatrolSession, batch_id: str, points: list, crs: str = "wgs84", now: datetime | None = None
) -> BatchResult:
    """Store one batch of positions; see the module docstring. Field errors only for a malformed envelope."""
    now = now or timezone.now()
    batch_id = _check_envelope(batch_id, points, crs)
    stored = PointBatch.objects.filter(session=session, batch_id=batch_id).first()
    if stored is not None:
        return _replay(stored)
    limits = PatrolSettings.current()
    newest = now + timedelta(seconds=limits.future_tolerance_s)
    oldest = max(now - timedelta(hours=limits.max_point_age_hours), session.started_at - timedelta(minutes=5))
    latest = session.ended_at
    result = BatchResult(batch_id=batch_id, received=len(points))
    samples: list[dict] = []
    candidates: dict[datetime, TrackPoint] = {}

    def reject(reason: str, raw) -> None:
        result.rejected += 1
        result.reasons[reason] = result.reasons.get(reason, 0) + 1
        if len(samples) < MAX_SAMPLES:
            samples.append({"reason": reason, "point": _sample(raw)})

    for raw in points:
        item = raw if isinstance(raw, dict) else {}
        lng, lat = _number(item.get("lng")), _number(item.get("lat"))
        if lng is None or lat is None or not in_china(lng, lat):
            reject(Reason.BAD_COORDINATES, raw)
            continue
        moment = parse_time(item.get("t"))
        if moment is None:
            reject(Reason.BAD_TIME, raw)
            continue
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
        if moment > newest:
            reject(Reason.FUTURE, raw)
            continue
        if moment < oldest:
            reject(
                Reason.BEFORE_START if moment >= now - timedelta(hours=limits.max_point_age_hours) else Reason.TOO_OLD,
                raw,
            )
            continue
        if latest is not None and moment > latest + timedelta(seconds=limits.future_tolerance_s):
            reject(Reason.AFTER_END, raw)
            continue
        if moment in candidates:
            result.duplicates += 1
            continue
        if crs != CRS.WGS84:
            lng, lat = to_wgs84(lng, lat, crs)
        accuracy = _number(item.get("acc"))
        candidates[moment] = TrackPoint(
            session_id=session.pk,
            captured_at=moment,
            lng=lng,
            lat=lat,
            accuracy_m=accuracy if accuracy and accuracy >= 0 else None,
        )
    try:
        with transaction.atomic():
            if candidates:
                existing = set(
                    TrackPoint.objects.filter(
                        session=session, captured_at__gte=min(candidates), captured_at__lte=max(candidates)
                    ).values_list("captured_at", flat=True)
                )
                fresh = [point for moment, point in candidates.items() if moment not in existing]
                result.duplicates += len(candidates) - len(fresh)
                TrackPoint.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
                result.accepted = len(fresh)
            PointBatch.objects.create(
                session=session,
                batch_id=batch_id,
                received_at=now,
                received=result.received,
                accepted=result.accepted,
                duplicates=result.duplicates,
                rejected=result.rejected,
                reasons=result.reasons,
                samples=samples,
            )
            changes = {
                "point_count": F("point_count") + result.accepted,
                "duplicate_count": F("duplicate_count") + result.duplicates,
                "rejected_count": F("rejected_count") + result.rejected,
            }
            if result.accepted:
                newest_point = Value(max(candidates), output_field=DateTimeField())
                changes["last_point_at"] = Greatest(Coalesce("last_point_at", newest_point), newest_point)
            PatrolSession.objects.filter(pk=session.pk).update(**changes)
            if result.accepted and session.status != SessionStatus.ACTIVE:
                # Positions buffered offline may arrive after the end: the summary is computed again.
                from patrols.services import session_summarise

                transaction.on_commit(lambda: session_summarise(session_id=session.pk))
    except IntegrityError:
        stored = PointBatch.objects.filter(session=session, batch_id=batch_id).first()
        if stored is None:
            raise
        return _replay(stored)
    return result


def _replay(stored: PointBatch) -> BatchResult:
    PointBatch.objects.filter(pk=stored.pk).update(replays=F("replays") + 1)
    return BatchResult(
        batch_id=stored.batch_id,
        received=stored.received,
        accepted=stored.accepted,
        duplicates=stored.duplicates,
        rejected=stored.rejected,
        reasons=stored.reasons,
        replayed=True,
    )
