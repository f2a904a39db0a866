"""The per-key rate limit: a fixed one-minute window counted in Django's cache (shared via Redis when scaled out)."""

import time

from civicgrid.ratelimit import Verdict
from civicgrid.ratelimit import hit as shared_hit

WINDOW_SECONDS = 60


def _now() -> float:
    return time.time()


def hit(*, client_id: int, limit: int) -> Verdict:
    """Count one request of the client in the current window; allowed while the count is within `limit`."""
    return shared_hit(f"open311:{client_id}", limit=limit, window_seconds=WINDOW_SECONDS, now=_now())
