from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Department
from cases.services import transition
from grids.models import Grid
from open311.tests.conftest import REQUEST_ELEMENTS, errors_of, json_of, photo, tags, xml_of


def _ids(response) -> list[str]:
    return [item["service_request_id"] for item in json_of(response)]


def _file_and_dispatch(world, case):
    case = transition(
        case=case, action="file", actor=world.users["operator"], category=case.category, condition=world.condition
    )
    return transition(
        case=case,
        action="dispatch",
        actor=world.users["dispatcher"],
        department=Department.objects.get(code="DEP-HW"),
        instructions="内部派遣说明：请联系物业",
    )


def test_list_xml_has_every_spec_element_in_order(world):
    case = world.report(category=world.quiet, address="堤口路 1 号")
    root = xml_of(world.get("requests.xml", service_code=world.quiet.code))
    assert root.tag == "service_requests" and tags(root) == ["request"]
    request = root[0]
    assert tags(request) == REQUEST_ELEMENTS
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("status") == "open"
    assert request.findtext("status_notes") == gettext("Received; waiting to be reviewed.")
    assert request.findtext("service_name") == world.quiet.minor_name
    assert request.findtext("service_code") == world.quiet.code
    assert request.findtext("requested_datetime") == timezone.localtime(case.reported_at).isoformat(timespec="seconds")
    assert request.findtext("requested_datetime").endswith("+08:00")
    assert request.findtext("address") == ""  # never published (cases.publication)
    assert float(request.findtext("lat")) == round(case.lat, 3) and float(request.findtext("long")) == round(
        case.lng, 3
    )
    assert request.findtext("media_url") == "" and request.findtext("agency_responsible") == ""


def test_list_json_is_an_array_of_objects_with_the_same_fields(world):
    world.report(category=world.quiet)
    data = json_of(world.get("requests.json", service_code=world.quiet.code))
    assert isinstance(data, list) and len(data) == 1
    assert list(data[0]) == REQUEST_ELEMENTS
    assert data[0]["address_id"] is None and data[0]["media_url"] is None
    assert isinstance(data[0]["lat"], float)


def test_default_window_is_the_last_90_days(world):
    old = world.report(category=world.quiet, now=timezone.now() - timedelta(days=100))
    recent = world.report(category=world.quiet, now=timezone.now() - timedelta(days=10))
    assert _ids(world.get("requests.json", service_code=world.quiet.code)) == [recent.number]
    assert old.number in _ids(world.get("requests.json", service_request_id=old.number))


def test_start_and_end_date_select_by_requested_datetime(world):
    first = world.report(category=world.quiet, now=timezone.now() - timedelta(days=30))
    second = world.report(category=world.quiet, now=timezone.now() - timedelta(days=20))
    middle = timezone.now() - timedelta(days=25)
    start = middle.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _ids(world.get("requests.json", service_code=world.quiet.code, start_date=start)) == [second.number]
    end = timezone.localtime(middle).isoformat(timespec="seconds")
    assert _ids(world.get("requests.json", service_code=world.quiet.code, end_date=end)) == [first.number]
    day = timezone.localtime(first.reported_at).date().isoformat()
    found = _ids(world.get("requests.json", service_code=world.quiet.code, start_date=day))
    assert found == [second.number, first.number]


def test_an_unencoded_plus_in_the_offset_is_understood(world):
    case = world.report(category=world.quiet, now=timezone.now() - timedelta(days=5))
    start = timezone.localtime(timezone.now() - timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    response = world.http.get(f"/open311/v2/requests.json?service_code={world.quiet.code}&start_date={start}")
    assert _ids(response) == [case.number]


def test_bad_dates_are_400(world):
    for params in (
        {"start_date": "yesterday"},
        {"start_date": "2026-01-01T08:00:00"},  # a time needs its zone
        {"start_date": "2026-02-30T08:00:00Z"},
        {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # more than 90 days
    ):
        response = world.get("requests.xml", **params)
        assert response.status_code == 400, params
        assert errors_of(response)[0][0] == 400


def test_status_filter_open_and_closed(world):
    open_case = world.report(category=world.quiet)
    voided = transition(
        case=world.report(category=world.quiet), action="void", actor=world.users["operator"], reason="重复上报"
    )
    code = world.quiet.code
    assert _ids(world.get("requests.json", service_code=code, status="open")) == [open_case.number]
    assert _ids(world.get("requests.json", service_code=code, status="closed")) == [voided.number]
    assert len(_ids(world.get("requests.json", service_code=code, status="open,closed"))) == 2
    assert world.get("requests.json", status="pending").status_code == 400


def test_voided_case_is_closed_with_its_reason_as_status_notes(world):
    case = transition(
        case=world.report(category=world.quiet), action="void", actor=world.users["operator"], reason="重复上报"
    )
    [item] = json_of(world.get("requests.json", service_request_id=case.number))
    assert item["status"] == "closed" and item["status_notes"] == "重复上报"
    assert item["updated_datetime"] == timezone.localtime(case.closed_at).isoformat(timespec="seconds")
    assert item["expected_datetime"] is None


def test_dispatched_case_names_the_department_but_not_internal_instructions(world):
    case = _file_and_dispatch(world, world.report())
    response = world.get("requests.json", service_request_id=case.number)
    assert "内部派遣说明" not in response.content.decode()
    [item] = json_of(response)
    assert item["agency_responsible"] == "环卫所"
    assert item["status_notes"] == gettext("Sent to the responsible department.")
    assert world.condition.text in item["service_notice"]
    assert item["expected_datetime"] == timezone.localtime(case.due_at).isoformat(timespec="seconds")


def test_service_request_id_list_overrides_the_other_filters(world):
    first, second = world.report(category=world.quiet), world.report()
    response = world.get(
        "requests.json", service_request_id=f"{first.number}, {second.number},no-such", status="closed"
    )
    assert sorted(_ids(response)) == sorted([first.number, second.number])


def test_service_code_takes_a_comma_list(world):
    mine = world.report(category=world.quiet)
    other = world.report()
    found = _ids(world.get("requests.json", service_code=f"{world.quiet.code},{world.category.code}"))
    assert mine.number in found and other.number in found
    assert mine.number not in _ids(world.get("requests.json", service_code=world.category.code))


def test_page_and_page_size(world):
    now = timezone.now()
    cases = [world.report(category=world.quiet, now=now - timedelta(hours=hours)) for hours in (3, 2, 1)]
    newest_first = [case.number for case in reversed(cases)]
    code = world.quiet.code
    assert _ids(world.get("requests.json", service_code=code, page_size=2)) == newest_first[:2]
    assert _ids(world.get("requests.json", service_code=code, page_size=2, page=2)) == newest_first[2:]
    assert _ids(world.get("requests.json", service_code=code, page_size=2, page=3)) == []
    for bad in ({"page_size": "0"}, {"page_size": "1001"}, {"page": "x"}, {"page": "-1"}, {"page": "²"}):
        assert world.get("requests.json", **bad).status_code == 400, bad


def test_bbox_keeps_the_cases_inside(world):
    here = world.report(category=world.quiet)
    other_grid = Grid.objects.get(code="G-DK-C02")
    there = world.report(category=world.quiet, lng=other_grid.min_lng + 0.001, lat=other_grid.min_lat + 0.001)
    box = f"{here.lng - 0.0005},{here.lat - 0.0005},{here.lng + 0.0005},{here.lat + 0.0005}"
    assert _ids(world.get("requests.json", service_code=world.quiet.code, bbox=box)) == [here.number]
    assert there.number in _ids(world.get("requests.json", service_code=world.quiet.code))
    for bad in ("1,2,3", "a,b,c,d", "117,36,116,37", "200,36,201,37"):
        response = world.get("requests.json", bbox=bad)
        assert response.status_code == 400, bad
        assert "bbox" in errors_of(response, "json")[0][1]


def test_the_list_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for _ in range(5):
        world.report(category=world.quiet, photos=[photo()])
    with django_assert_max_num_queries(2):
        data = json_of(world.get("requests.json", service_code=world.quiet.code))
    assert len(data) == 5 and all(item["media_url"] is None for item in data)
