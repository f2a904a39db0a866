import pytest

from cases.models import Case
from open311.tests.conftest import errors_of, json_of


def test_jurisdiction_id_may_be_left_out_or_empty(world):
    assert world.get("services.json").status_code == 200
    assert world.get("services.json", jurisdiction_id="").status_code == 200


def test_the_configured_jurisdiction_is_accepted(world, settings):
    settings.OPEN311_JURISDICTION_ID = "grid.example.gov.cn"
    assert world.get("services.json", jurisdiction_id="grid.example.gov.cn").status_code == 200
    assert world.get("services.json", jurisdiction_id="dikou.example").status_code == 404


def test_default_jurisdiction_is_dikou_example(world):
    assert world.get("requests.json", jurisdiction_id="dikou.example").status_code == 200


@pytest.mark.parametrize("path", ["discovery.xml", "services.xml", "services/event-0102.xml", "requests.xml"])
def test_another_jurisdiction_is_404_on_every_get(world, path):
    response = world.get(path, jurisdiction_id="sfgov.org")
    assert response.status_code == 404
    [(code, description)] = errors_of(response)
    assert code == 404 and "sfgov.org" in description


def test_post_to_another_jurisdiction_is_404_and_stores_nothing(world):
    before = Case.objects.count()
    response = world.post("json", jurisdiction_id="sfgov.org")
    assert response.status_code == 404 and errors_of(response, "json")[0][0] == 404
    assert Case.objects.count() == before


def test_post_with_the_right_jurisdiction_is_accepted(world):
    response = world.post("json", jurisdiction_id="dikou.example")
    assert response.status_code == 201 and json_of(response)[0]["service_request_id"]
