"""The per-key rate limit: a fixed one-minute window counted in Django's cache (shared via Redis when scaled out)."""

import time
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 60


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def hit(*, client_id: int, limit: int) -> Verdict:
    """Count one request of the client in the current window; allowed while the count is within `limit`."""
    now = _now()
    window = int(now // WINDOW_SECONDS)
    key = f"open311:rate:{client_id}:{window}"
    # add() is a no-op when the key exists, so concurrent first requests do not reset each other's count.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)
