"""The one rule for what HTML an article may hold, applied by nh3 (the Python binding of the Ammonia sanitiser).

An allow-list: text formatting, headings, lists, quotes, tables, links and our own images. Everything else goes:
<script>, <style> and <iframe> with their content, every on* handler and style attribute, javascript:/data:
URLs (only http, https and mailto links are kept), and images that are not this site's article images (an
intranet page must not load pictures from outside, and the Content-Security-Policy would block them anyway).
"""

import nh3

IMAGE_PREFIX = "/public/articles/images/"

TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "span",
    "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not value.startswith(IMAGE_PREFIX):
        return None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """The words of an article (for a summary): no tags at all."""
    return nh3.clean(html or "", tags=set(), clean_content_tags=DROP_WITH_CONTENT).strip()
