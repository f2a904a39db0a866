"""Fixed-window counters in Django's cache (Redis when scaled out): how many times per key per window."""

from django.core.cache import cache


def allow(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; False once more than `limit` uses fall in the current window."""
    bucket = f"rate:{key}"
    if cache.add(bucket, 1, window_seconds):
        return True
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, window_seconds)
        return True


def client_ip(request) -> str:
    # Behind the office's reverse proxy the client address is in X-Forwarded-For; trust it only when configured.
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
