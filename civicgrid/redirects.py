"""Where a posted or linked `next` may send the browser: only to this site (Django's own check).

Every view that follows a `next` asks here, so an attacker's link cannot turn the site into a springboard
to theirs (https://evil.example/, //evil.example, /\\evil.example and the like)."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str) -> str:
    """The request's `next` (POST, else GET) if it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
