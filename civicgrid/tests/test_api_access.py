"""The REST API shows what the pages show, to the same people."""

import pytest

from accounts.models import User


@pytest.fixture
def volunteer(client, db):
    client.force_login(User.objects.get(username="volunteer"))
    return client


@pytest.mark.parametrize("path", ["/api/v1/org-units/", "/api/v1/grids/", "/api/v1/departments/", "/api/v1/users/"])
def test_a_volunteer_reads_no_staff_data_through_the_api(volunteer, path):
    assert volunteer.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/accounts/org/", "/grids/"])
def test_the_pages_say_the_same_to_a_volunteer(volunteer, path):
    assert volunteer.get(path).status_code == 403


def test_a_volunteer_may_still_ask_who_they_are(volunteer):
    response = volunteer.get("/api/v1/users/me/")
    assert response.status_code == 200 and response.json()["username"] == "volunteer"


def test_staff_read_org_units_and_grids_through_the_api(client, db):
    client.force_login(User.objects.get(username="patroller"))
    assert client.get("/api/v1/org-units/").status_code == 200
    assert client.get("/api/v1/grids/").status_code == 200


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_are_for_signed_in_users(client, db, path):
    assert client.get(path).status_code in (401, 403)
    client.force_login(User.objects.get(username="volunteer"))
    assert client.get(path).status_code == 200


def test_the_api_docs_page_runs_no_inline_script(client, db):
    # The Content-Security-Policy forbids inline scripts: the page loads its start-up script as a file.
    client.force_login(User.objects.get(username="admin"))
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")
    assert "?script=" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
