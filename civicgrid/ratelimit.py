"""Fixed-window rate limits counted in Django's cache (shared through Redis when scaled out)."""

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def hit(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> Verdict:
    """Count one use of `key` in the current window; allowed while the count is within `limit`."""
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    bucket = f"rate:{key}:{window}"
    # add() is a no-op when the key exists, so concurrent first requests do not reset each other's count.
    cache.add(bucket, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.set(bucket, 1, timeout=window_seconds + 5)
        count = 1
    retry_after = max(1, int((window + 1) * window_seconds - now + 0.999))
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)
