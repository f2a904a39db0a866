import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Chinese unless the user chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which
    turns the UI English on any office PC with an English browser. Here only an
    explicit choice (the language cookie set by the switch in the user menu)
    changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def tile_source(url: str) -> str:
    """The CSP source for a tile URL template: scheme and host, a {s} subdomain as a wildcard."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    host = re.sub(r"^\{s\}\.", "*.", parts.netloc)
    if "{" in host:  # a placeholder elsewhere in the host: allow the whole parent domain
        host = "*." + host.split("}", 1)[1].lstrip(".-")
    return f"{parts.scheme}://{host}"


def content_security_policy() -> str:
    # style-src keeps 'unsafe-inline': templates carry style="..." attributes (widths, legend colours)
    # and htmx adds its indicator <style>; scripts get no such exception.
    images = " ".join(filter(None, ["'self'", "data:", "blob:", tile_source(settings.MAP_TILE_URL)]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    """Every response says where scripts, styles and images may come from: no inline script runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
