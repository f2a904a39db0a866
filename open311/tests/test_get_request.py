from open311.tests.conftest import REQUEST_ELEMENTS, errors_of, json_of, tags, xml_of


def test_one_request_xml(world):
    case = world.report()
    root = xml_of(world.get(f"requests/{case.number}.xml"))
    assert root.tag == "service_requests" and tags(root) == ["request"]
    assert tags(root[0]) == REQUEST_ELEMENTS
    assert root[0].findtext("service_request_id") == case.number


def test_one_request_json_is_an_array_of_one(world):
    case = world.report()
    data = json_of(world.get(f"requests/{case.number}.json"))
    assert isinstance(data, list) and len(data) == 1 and data[0]["service_request_id"] == case.number


def test_an_old_request_is_found_by_id(world):
    from datetime import timedelta

    from django.utils import timezone

    case = world.report(now=timezone.now() - timedelta(days=400))
    assert world.get(f"requests/{case.number}.json").status_code == 200


def test_unknown_request_is_404_in_both_formats(world):
    response = world.get("requests/19990101000001.xml")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404
    response = world.get("requests/19990101000001.json")
    assert response.status_code == 404 and errors_of(response, "json")[0][0] == 404


def test_token_gives_the_request_id(world):
    case = world.report()
    root = xml_of(world.get(f"tokens/{case.tracking_code}.xml"))
    assert root.tag == "service_requests" and tags(root) == ["request"]
    assert tags(root[0]) == ["service_request_id", "token"]
    assert root[0].findtext("service_request_id") == case.number
    assert root[0].findtext("token") == case.tracking_code


def test_token_is_read_in_any_case_and_json_is_an_array(world):
    case = world.report()
    data = json_of(world.get(f"tokens/{case.tracking_code.lower()}.json"))
    assert data == [{"service_request_id": case.number, "token": case.tracking_code.lower()}]


def test_unknown_token_is_404(world):
    response = world.get("tokens/NOPE.json")
    assert response.status_code == 404 and errors_of(response, "json")[0][0] == 404
