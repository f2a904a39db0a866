"""Rate limits of the public pages, on the shared counter in civicgrid.ratelimit."""

from civicgrid.ratelimit import client_ip, hit

__all__ = ["allow", "client_ip"]


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; False once more than `limit` uses fall in the current window."""
    return hit(key, limit=limit, window_seconds=window_seconds).allowed
