"""The publication policy (cases.publication) as an anonymous Open311 client meets it."""

from cases.publication import public_text
from open311.tests.conftest import json_of


def _report_from_every_source(world):
    return {
        source: world.report(
            category=world.quiet,
            source=source,
            description=f"{source}：门口有垃圾，联系 138 0013 8000 或 zhang@example.com",
            address="堤口路 88 号 3 单元",
            reporter_name="张三",
            reporter_phone="13800138000",
        )
        for source in ("patrol", "hotline", "inspection", "camera", "citizen", "open311")
    }


def test_anonymous_client_sees_exactly_the_public_fields_of_citizen_and_open311_cases(world):
    cases = _report_from_every_source(world)
    data = json_of(world.get("requests.json", service_code=world.quiet.code))
    assert sorted(item["service_request_id"] for item in data) == sorted(
        [cases["citizen"].number, cases["open311"].number]
    )
    for item in data:
        case = cases["citizen"] if item["service_request_id"] == cases["citizen"].number else cases["open311"]
        assert item == {
            "service_request_id": case.number,
            "status": "open",
            "status_notes": item["status_notes"],
            "service_name": world.quiet.minor_name or world.quiet.major_name,
            "service_code": world.quiet.code,
            "description": f"{case.source}：门口有垃圾，联系 *** 或 ***",
            "agency_responsible": None,
            "service_notice": None,
            "requested_datetime": item["requested_datetime"],
            "updated_datetime": item["updated_datetime"],
            "expected_datetime": item["expected_datetime"],
            "address": None,
            "address_id": None,
            "zipcode": None,
            "lat": round(case.lat, 3),
            "long": round(case.lng, 3),
            "media_url": None,
        }


def test_an_internal_case_is_404_to_anonymous_by_number(world):
    cases = _report_from_every_source(world)
    assert world.get(f"requests/{cases['patrol'].number}.json").status_code == 404
    assert world.get(f"requests/{cases['hotline'].number}.json").status_code == 404
    assert world.get(f"requests/{cases['open311'].number}.json").status_code == 200


def test_an_internal_case_is_not_found_by_its_number_in_the_list_either(world):
    cases = _report_from_every_source(world)
    assert json_of(world.get("requests.json", service_request_id=cases["patrol"].number)) == []


def test_a_narrow_box_around_the_exact_position_does_not_find_the_case(world):
    lng, lat = world.point()
    # 0.44 of a published step east and north of a grid line: published on the line.
    public_lng, public_lat = round(lng + 0.002, 3), round(lat + 0.002, 3)
    case = world.report(category=world.quiet, lng=public_lng + 0.00044, lat=public_lat + 0.00044)

    def found(*box):
        bbox = ",".join(f"{value:.5f}" for value in box)
        return [item["service_request_id"] for item in json_of(world.get("requests.json", bbox=bbox))]

    exact = (case.lng - 0.00001, case.lat - 0.00001, case.lng + 0.00001, case.lat + 0.00001)
    assert case.number not in found(*exact)
    around_public = (public_lng - 0.0001, public_lat - 0.0001, public_lng + 0.0001, public_lat + 0.0001)
    assert case.number in found(*around_public)


def test_coordinate_decimals_are_a_setting(world, settings):
    settings.PUBLIC_COORDINATE_DECIMALS = 2
    case = world.report(category=world.quiet)
    [item] = json_of(world.get(f"requests/{case.number}.json"))
    assert (item["long"], item["lat"]) == (round(case.lng, 2), round(case.lat, 2))


def test_phone_id_numbers_and_emails_are_blanked_in_public_text():
    text = "电话13800138000，座机 0531-8888 6666，身份证37010219900101123X，邮箱 a.b@x.cn，3号楼2单元"
    assert public_text(text) == "电话***，座机 ***，身份证***，邮箱 ***，3号楼2单元"


def test_an_admin_publishes_every_case_of_a_category_under_the_same_rules(world):
    world.quiet.published = True
    world.quiet.save(update_fields=["published"])
    cases = _report_from_every_source(world)
    data = json_of(world.get("requests.json", service_code=world.quiet.code))
    assert sorted(item["service_request_id"] for item in data) == sorted(case.number for case in cases.values())
    assert {item["address"] for item in data} == {None} and {item["media_url"] for item in data} == {None}
    assert world.get(f"requests/{cases['patrol'].number}.json").status_code == 200


def test_a_date_in_public_text_is_not_taken_for_a_phone_number():
    assert public_text("2026-11-30 发现，2026-1-5 复查") == "2026-11-30 发现，2026-1-5 复查"
