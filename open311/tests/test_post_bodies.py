"""Our extensions to the spec's form-encoded POST: JSON and XML bodies, read safely."""

import json
import time

from cases.models import Case
from open311.tests.conftest import errors_of, json_of, xml_of

URL = "/open311/v2/requests.json"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<service_request><api_key>demo-open311-key-2026</api_key><description>&lol9;</description></service_request>"""


def _xml(world, **overrides) -> bytes:
    params = world.params(**overrides)
    attributes = params.pop("attributes", "")
    fields = "".join(f"<{name}>{value}</{name}>" for name, value in params.items())
    return f"<?xml version='1.0' encoding='utf-8'?><service_request>{fields}{attributes}</service_request>".encode()


def test_json_body_creates_a_case(world):
    params = world.params(attribute={"condition": world.condition.pk})
    params["lat"], params["long"] = float(params["lat"]), float(params["long"])
    response = world.http.post(URL, json.dumps(params), content_type="application/json")
    assert response.status_code == 201
    case = Case.objects.get(number=json_of(response)[0]["service_request_id"])
    assert case.source == "open311" and case.open311_submission.condition == world.condition


def test_xml_body_creates_a_case(world):
    body = _xml(world, attributes=f"<attribute><condition>{world.condition.pk}</condition></attribute>")
    response = world.http.post("/open311/v2/requests.xml", body, content_type="text/xml; charset=utf-8")
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=xml_of(response).findtext("request/service_request_id"))
    assert case.description == "路边有暴露垃圾" and case.open311_submission.condition == world.condition


def test_malformed_json_is_400(world):
    for body in (b"{not json", b"[1, 2]", b'{"lat": [1]}', b"\xff\xfe"):
        response = world.http.post(URL, body, content_type="application/json")
        assert response.status_code == 400, body
        assert errors_of(response, "json")[0][0] == 400


def test_malformed_xml_is_400(world):
    for body in (b"<service_request><lat>1</service_request>", b"  ", b"plain text", b"<a>\xff</a>"):
        response = world.http.post(URL, body, content_type="application/xml")
        assert response.status_code == 400, body
        assert errors_of(response, "json")[0][0] == 400


def test_billion_laughs_is_refused_without_expanding(world):
    before = Case.objects.count()
    started = time.monotonic()
    response = world.http.post("/open311/v2/requests.xml", BILLION_LAUGHS, content_type="text/xml")
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    [(code, description)] = errors_of(response)
    assert code == 400 and "DTD" in description
    assert b"lollol" not in response.content
    assert Case.objects.count() == before


def test_external_entity_is_refused(world):
    body = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<service_request><description>&x;</description></service_request>"""
    response = world.http.post(URL, body, content_type="text/xml")
    assert response.status_code == 400
    assert b"root:" not in response.content


def test_unsupported_content_type_is_400(world):
    response = world.http.post(URL, b"service_code=event-0102", content_type="text/plain")
    assert response.status_code == 400


def test_nul_characters_are_removed_before_anything_is_stored(world):
    response = world.post(
        "json", description="路边\x00有垃圾", address_string="堤口路\x00 88 号", first_name="晓\x00明"
    )
    assert response.status_code == 201
    case = Case.objects.get(number=json_of(response)[0]["service_request_id"])
    assert case.description == "路边有垃圾" and case.address == "堤口路 88 号"
    assert "\x00" not in case.reporter_name


def test_nul_characters_in_a_json_body_are_removed_too(world):
    params = {**world.params(), "description": "井盖\u0000缺失"}
    response = world.http.post(URL, json.dumps(params), content_type="application/json")
    assert response.status_code == 201
    assert Case.objects.get(number=json_of(response)[0]["service_request_id"]).description == "井盖缺失"
