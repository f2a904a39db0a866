"""Rate limits of the public pages, on the shared counter in civicgrid.ratelimit."""

from civicgrid.ratelimit import hit


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; False once more than `limit` uses fall in the current window."""
    return hit(key, limit=limit, window_seconds=window_seconds).allowed


def client_ip(request) -> str:
    # Behind the office's reverse proxy the client address is in X-Forwarded-For; trust it only when configured.
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
