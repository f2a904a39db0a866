"""GeoReport v2 documents as XML or JSON, the two formats of the spec.

JSON follows the spec's "Spark" convention: the root element is dropped, a list is an array, a value is a
scalar. XML names each list item by its container (services → service, errors → error, …).
"""

import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse

FORMATS = ("xml", "json")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
LIST_ITEMS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "errors": "error",
}
# Characters XML 1.0 cannot carry at all; user text may contain them (pasted control characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ET.SubElement(element, name), child)
    elif isinstance(value, list | tuple):
        item = LIST_ITEMS[element.tag]
        for child in value:
            _fill(ET.SubElement(element, item), child)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(root: str, data, fmt: str, status: int = 200) -> HttpResponse:
    body = to_json(data) if fmt == "json" else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES["xml"]))


def render_errors(errors: list[tuple[int, str]], fmt: str, status: int) -> HttpResponse:
    """The spec's error document: one <error> with code and description per problem."""
    data = [{"code": code, "description": str(description)} for code, description in errors]
    return render("errors", data, fmt if fmt in FORMATS else "xml", status)
