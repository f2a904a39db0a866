"""Fixed-window rate limits and one-use tokens counted where every app process sees them.

Scaled out (REDIS_URL set) the counts live in Redis through Django's cache, whose incr and add are atomic. The
embedded install has no Redis and runs several gunicorn workers, each with its own in-process cache: there the
counts live in the database (SharedCounter, UsedToken), whose row locks (PostgreSQL) or IMMEDIATE transactions
(SQLite) make them exact.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def _in_database() -> bool:
    return not getattr(settings, "REDIS_URL", "")


def hit(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> Verdict:
    """Count one use of `key` in the current window; allowed while the count is within `limit`."""
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    bucket = f"rate:{key}:{window}"[:200]
    count = _count_in_database(bucket, window_seconds) if _in_database() else _count_in_cache(bucket, window_seconds)
    retry_after = max(1, int((window + 1) * window_seconds - now + 0.999))
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


def _count_in_cache(bucket: str, window_seconds: int) -> int:
    # add() is a no-op when the key exists, so concurrent first requests do not reset each other's count.
    cache.add(bucket, 0, timeout=window_seconds + 5)
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.set(bucket, 1, timeout=window_seconds + 5)
        return 1


def _count_in_database(bucket: str, window_seconds: int) -> int:
    from civicgrid.models import SharedCounter

    expires = datetime.now(UTC) + timedelta(seconds=window_seconds + 5)
    with transaction.atomic():
        if not SharedCounter.objects.filter(bucket=bucket).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SharedCounter.objects.create(bucket=bucket, count=1, expires_at=expires)
            except IntegrityError:  # another process created it first
                SharedCounter.objects.filter(bucket=bucket).update(count=F("count") + 1)
        return SharedCounter.objects.filter(bucket=bucket).values_list("count", flat=True).get()


def use_once(key: str, *, ttl_seconds: int) -> bool:
    """True the first time `key` is used within `ttl_seconds`, False every time after, in every process."""
    key = key[:200]
    if not _in_database():
        return cache.add(f"once:{key}", 1, ttl_seconds)
    from civicgrid.models import UsedToken

    try:
        with transaction.atomic():
            UsedToken.objects.create(key=key, expires_at=datetime.now(UTC) + timedelta(seconds=ttl_seconds))
    except IntegrityError:
        return False
    return True


def forget_expired() -> int:
    """Delete the counters and tokens whose time is over (the worker does it every hour)."""
    from civicgrid.models import SharedCounter, UsedToken

    now = datetime.now(UTC)
    return (
        SharedCounter.objects.filter(expires_at__lt=now).delete()[0]
        + UsedToken.objects.filter(expires_at__lt=now).delete()[0]
    )


def client_ip(request) -> str:
    """The client's address. Behind the office's reverse proxy it is in X-Forwarded-For; trusted only when set."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
