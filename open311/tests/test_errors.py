from open311 import selectors
from open311.tests.conftest import errors_of


def test_unknown_resource_is_a_spec_error_not_an_html_page(world):
    response = world.get("nothing/here")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404
    response = world.get("nothing.json")
    assert response.status_code == 404 and errors_of(response, "json")[0][0] == 404
    assert world.get("services").status_code == 404


def test_unsupported_format_is_404(world):
    response = world.get("services.html")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404


def test_wrong_method_is_405_with_allow(world):
    response = world.http.put("/open311/v2/requests.json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"
    assert errors_of(response, "json")[0][0] == 405
    response = world.http.post("/open311/v2/services.xml")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_an_unexpected_failure_is_a_general_service_error_not_a_500(world, monkeypatch):
    def broken():
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "services", broken)
    response = world.get("services.xml")
    assert response.status_code == 400
    [(code, description)] = errors_of(response)
    assert code == 400 and "database on fire" not in description


def test_post_without_csrf_token_is_accepted(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    from urllib.parse import urlencode

    response = strict.post(
        "/open311/v2/requests.json", urlencode(world.params()), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201


def test_a_start_date_at_the_end_of_the_calendar_is_a_clear_400(world):
    response = world.get("requests.json", start_date="9999-12-31T23:59:59Z")
    [(code, description)] = errors_of(response, "json")
    assert response.status_code == 400 and code == 400
    assert "start_date" in description and "2099-12-31" in description
