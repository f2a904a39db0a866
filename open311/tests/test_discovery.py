from open311.tests.conftest import json_of, tags, xml_of


def test_discovery_xml_lists_this_endpoint_with_both_formats(world):
    root = xml_of(world.get("discovery.xml"))
    assert root.tag == "discovery"
    assert tags(root) == ["changeset", "contact", "key_service", "endpoints"]
    (endpoint,) = root.find("endpoints")
    assert endpoint.tag == "endpoint"
    assert tags(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == "http://testserver/open311/v2/"
    assert endpoint.findtext("type") == "production"
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
    assert tags(endpoint.find("formats")) == ["format", "format"]
    assert "+08:00" in root.findtext("changeset")


def test_discovery_json_is_an_object_with_an_endpoints_array(world):
    data = json_of(world.get("discovery.json"))
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert data["endpoints"][0]["url"] == "http://testserver/open311/v2/"
