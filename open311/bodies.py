"""Reading a POST requests body: form-encoded or multipart (the spec), JSON or XML (our extensions).

Every body becomes the same `Body`: single values by parameter name, `attribute[code]` values, and the
`media` uploads. XML is parsed with defusedxml and any DTD is refused, so no entity is ever expanded.
"""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from open311 import conf
from open311.errors import Open311Error

ATTRIBUTE = re.compile(r"attribute\[([^\[\]]{1,100})\](\[\])?")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
XML_TYPES = ("text/xml", "application/xml")
# Parameters a client may also put in the query string of a POST (some libraries send the key there).
QUERY_FALLBACK = ("api_key", "jurisdiction_id")


@dataclass
class Body:
    values: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str | list[str]] = field(default_factory=dict)
    files: list = field(default_factory=list)
    query: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        value = self.values.get(name)
        if value is None and name in QUERY_FALLBACK:
            value = self.query.get(name)
        return (value or "").strip()


def read_body(request) -> Body:
    """The parameters of a POST, or Open311Error(400) for a body we cannot read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > conf.max_body_bytes():
        raise Open311Error(400, _("The request is too large."))
    body = Body(query={key: request.GET.get(key, "") for key in QUERY_FALLBACK if key in request.GET})
    content_type = (request.content_type or "").lower()
    try:
        if content_type == "application/json":
            _from_json(body, request.body)
        elif content_type in XML_TYPES:
            _from_xml(body, request.body)
        elif content_type in FORM_TYPES:
            _from_form(body, request.POST, request.FILES)
        elif request.body:
            raise Open311Error(
                400,
                _("Send the request as form data, multipart form data, JSON or XML; “%(type)s” is not supported.")
                % {"type": content_type},
            )
    except RequestDataTooBig:
        raise Open311Error(400, _("The request is too large.")) from None
    except (SuspiciousOperation, MultiPartParserError):
        raise Open311Error(400, _("The request body cannot be read.")) from None
    _strip_nul(body)
    return body


def _strip_nul(body: Body) -> None:
    """No one types a NUL character, PostgreSQL text cannot hold one, and it hides text from some readers."""

    def clean(value):
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value.replace("\x00", "") if isinstance(value, str) else value

    body.values = {key: clean(value) for key, value in body.values.items()}
    body.attributes = {key: clean(value) for key, value in body.attributes.items()}
    body.query = {key: clean(value) for key, value in body.query.items()}


def _add_attribute(body: Body, code: str, value, multiple: bool) -> None:
    if multiple:
        existing = body.attributes.get(code)
        values = existing if isinstance(existing, list) else ([existing] if existing is not None else [])
        body.attributes[code] = [*values, value]
    else:
        body.attributes[code] = value


def _from_form(body: Body, post, files) -> None:
    for key in post:
        match = ATTRIBUTE.fullmatch(key)
        if match:
            values = post.getlist(key)
            body.attributes[match[1]] = values if match[2] else values[-1]
        else:
            body.values[key] = post.get(key, "")
    body.files = files.getlist("media")


def _scalar(name: str, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise Open311Error(400, _("“%(name)s” must be a single value.") % {"name": name})


def _from_json(body: Body, raw: bytes) -> None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Open311Error(400, _("The JSON body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise Open311Error(400, _("The JSON body must be an object of parameters."))
    for key, value in data.items():
        if value is None:
            continue
        match = ATTRIBUTE.fullmatch(key)
        if key in ("attribute", "attributes") and isinstance(value, dict):
            for code, item in value.items():
                if isinstance(item, list):
                    body.attributes[str(code)] = [_scalar(f"attribute[{code}]", v) for v in item]
                elif item is not None:
                    body.attributes[str(code)] = _scalar(f"attribute[{code}]", item)
        elif match:
            if isinstance(value, list):
                body.attributes[match[1]] = [_scalar(key, v) for v in value]
            else:
                body.attributes[match[1]] = _scalar(key, value)
        else:
            body.values[key] = _scalar(key, value)


def _local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _from_xml(body: Body, raw: bytes) -> None:
    """<service_request><service_code>…</service_code>…<attribute><condition>12</condition></attribute></…>."""
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Open311Error(400, _("The XML body may not contain a DTD or entities.")) from None
    except (ET.ParseError, ValueError, UnicodeDecodeError):
        raise Open311Error(400, _("The XML body is not well-formed XML.")) from None
    for child in root:
        name = _local_name(child.tag)
        if name in ("attribute", "attributes"):
            for item in child:
                code = _local_name(item.tag)
                if code:
                    _add_attribute(body, code, (item.text or "").strip(), code in body.attributes)
        elif name:
            body.values[name] = (child.text or "").strip()
