from cases.models import Case
from open311.models import ClientApplication, Submission
from open311.tests.conftest import errors_of, json_of, tags, xml_of


def test_form_post_creates_an_open311_case_and_answers_with_its_number(world):
    response = world.post("xml", email="li@example.com", first_name="伟", last_name="张", phone="13912345678")
    assert response.status_code == 201
    root = xml_of(response)
    assert root.tag == "service_requests" and tags(root) == ["request"]
    assert tags(root[0]) == ["service_request_id", "service_notice", "account_id"]
    case = Case.objects.get(number=root[0].findtext("service_request_id"))
    assert case.source == "open311" and case.state == "reported"
    assert case.category == world.category and case.community_grid == world.grid
    assert case.description == "路边有暴露垃圾" and case.address == "堤口路 88 号"
    assert (case.reporter_name, case.reporter_phone, case.reporter_email) == ("张伟", "13912345678", "li@example.com")
    assert case.tracking_code in root[0].findtext("service_notice")
    assert root[0].findtext("account_id") == ""


def test_json_answer_is_an_array_with_account_id_echoed(world):
    response = world.post("json", account_id="user-42", device_id="dev-7")
    assert response.status_code == 201
    [item] = json_of(response)
    assert list(item) == ["service_request_id", "service_notice", "account_id"]
    assert item["account_id"] == "user-42"
    submission = Submission.objects.get(case__number=item["service_request_id"])
    assert submission.client.name.startswith("Open311") and submission.device_id == "dev-7"


def test_without_account_id_the_json_answer_has_null(world):
    [item] = json_of(world.post("json"))
    assert item["account_id"] is None


def test_latin_names_keep_their_order(world):
    [item] = json_of(world.post("json", first_name="John", last_name="Smith"))
    assert Case.objects.get(number=item["service_request_id"]).reporter_name == "John Smith"


def test_a_chosen_filing_condition_is_recorded(world):
    response = world.post("json", **{"attribute[condition]": str(world.condition.pk)})
    assert response.status_code == 201
    submission = Submission.objects.get(case__number=json_of(response)[0]["service_request_id"])
    assert submission.condition == world.condition


def test_a_condition_of_another_service_is_400(world):
    other = world.quiet.conditions.filter(is_active=True).first()
    response = world.post("xml", **{"attribute[condition]": str(other.pk)})
    assert response.status_code == 400 and "attribute[condition]" in errors_of(response)[0][1]


def test_without_description_the_service_name_describes_the_case(world):
    [item] = json_of(world.post("json", description=None))
    assert Case.objects.get(number=item["service_request_id"]).description == world.category.label


def test_missing_api_key_is_403_and_stores_nothing(world):
    before = Case.objects.count()
    response = world.post("xml", api_key=None)
    assert response.status_code == 403
    [(code, description)] = errors_of(response)
    assert code == 403 and "api_key" in description
    assert Case.objects.count() == before


def test_wrong_or_retired_api_key_is_403(world):
    assert world.post("json", api_key="not-a-key").status_code == 403
    ClientApplication.objects.update(is_active=False)
    assert world.post("json").status_code == 403


def test_unknown_service_code_is_404(world):
    response = world.post("json", service_code="event-9999")
    assert response.status_code == 404
    assert errors_of(response, "json")[0][0] == 404


def test_missing_required_parameters_are_all_named(world):
    response = world.post("json", service_code=None, lat=None, long=None)
    assert response.status_code == 400
    descriptions = " ".join(d for _, d in errors_of(response, "json"))
    assert "service_code" in descriptions and "lat" in descriptions


def test_address_alone_is_not_enough_here(world):
    response = world.post("xml", lat=None, long=None, address_string="堤口路 88 号")
    assert response.status_code == 400
    assert "address_string" in errors_of(response)[0][1]


def test_bad_lat_is_400_and_stores_nothing(world):
    before = Case.objects.count()
    for bad in ("91", "-90.5", "abc", "nan", "inf", ""):
        response = world.post("xml", lat=bad)
        assert response.status_code == 400, bad
        assert any("lat" in description for _, description in errors_of(response))
    assert world.post("json", long="181").status_code == 400
    assert Case.objects.count() == before


def test_outside_the_service_area_is_400_with_case_reports_message(world):
    before = Case.objects.count()
    response = world.post("xml", lat="36.5", long="116.5")
    assert response.status_code == 400
    assert errors_of(response) == [(400, "该位置不在服务区域内。")]
    assert Case.objects.count() == before


def test_bad_email_and_media_url_are_400(world):
    response = world.post("json", email="not-an-email", media_url="javascript:alert(1)")
    assert response.status_code == 400
    assert len(errors_of(response, "json")) == 2


def test_media_url_is_kept_with_the_submission(world):
    [item] = json_of(world.post("json", media_url="https://img.example.com/a.jpg"))
    assert Submission.objects.get(case__number=item["service_request_id"]).media_url == "https://img.example.com/a.jpg"


def test_too_long_description_is_400_naming_the_parameter(world):
    response = world.post("json", description="长" * 2001)
    assert response.status_code == 400
    assert errors_of(response, "json")[0][1].startswith("description: ")


def test_gcj02_position_is_converted_to_wgs84(world):
    from grids.coords import wgs84_to_gcj02

    lng, lat = world.point()
    gcj_lng, gcj_lat = wgs84_to_gcj02(lng, lat)
    [item] = json_of(world.post("json", lat=str(gcj_lat), long=str(gcj_lng), crs="gcj02"))
    case = Case.objects.get(number=item["service_request_id"])
    assert abs(case.lng - lng) < 1e-6 and abs(case.lat - lat) < 1e-6
    assert world.post("json", crs="mars").status_code == 400


def test_same_idempotency_key_twice_gives_one_case(world):
    headers = {"HTTP_IDEMPOTENCY_KEY": "phone-7-0001"}
    from urllib.parse import urlencode

    body = urlencode(world.params())
    url = "/open311/v2/requests.json"
    first = world.http.post(url, body, content_type="application/x-www-form-urlencoded", **headers)
    again = world.http.post(url, body, content_type="application/x-www-form-urlencoded", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert json_of(first)[0]["service_request_id"] == json_of(again)[0]["service_request_id"]
    assert Submission.objects.count() == 1


def test_idempotency_keys_of_two_clients_do_not_collide(world):
    from open311 import services

    other_key = services.client_register(actor=None, client=ClientApplication(name="另一个应用"))
    first = json_of(world.post("json", idempotency_key="k-1"))[0]["service_request_id"]
    second = json_of(world.post("json", idempotency_key="k-1", api_key=other_key))[0]["service_request_id"]
    assert first != second


def test_attribute_values_are_kept_bounded(world):
    response = world.post("json", **{"attribute[note]": "长" * 5000, "attribute[tags][]": ["a"] * 50})
    submission = Submission.objects.get(case__number=json_of(response)[0]["service_request_id"])
    assert len(submission.attributes["note"]) == 500 and len(submission.attributes["tags"]) == 20
