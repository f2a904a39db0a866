"""QR codes of a survey's link, one per community (segno, rendered on the server: no script, no network)."""

import io
from urllib.parse import urlencode

import segno


def community_link(base: str, code: str) -> str:
    return f"{base}?{urlencode({'c': code})}"


def svg(url: str) -> str:
    """An inline SVG (no XML declaration) sized by CSS."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, omitsize=True)
    return out.getvalue().decode()
