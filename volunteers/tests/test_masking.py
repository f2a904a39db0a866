"""ID numbers and phones are masked in the pages, the API and the export; a permitted reveal is audited."""

import io

from django.test import Client
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditEntry
from civicgrid.masking import mask_id_number


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_volunteer_page_shows_the_id_number_masked(station):
    volunteer = station.volunteer(phone="13966667777")
    html = _client("commander").get(f"/volunteers/people/{volunteer.pk}/").content.decode()
    assert mask_id_number(volunteer.id_number) in html and volunteer.id_number not in html
    assert "139****7777" in html and "13966667777" not in html


def test_the_list_shows_masked_numbers_only(station):
    volunteer = station.volunteer()
    html = _client("volunteer_admin").get("/volunteers/people/", {"q": "张三"}).content.decode()
    assert volunteer.id_number[:4] + "**********" + volunteer.id_number[-4:] in html
    assert volunteer.id_number not in html


def test_the_api_answers_masked_numbers(station):
    volunteer = station.volunteer()
    body = _client("admin").get("/volunteers/api/volunteers/", {"page": 999}).content.decode()
    data = _client("admin").get("/volunteers/api/volunteers/").json()
    assert volunteer.id_number not in body
    assert all("*" in row["id_number"] and "*" in row["phone"] for row in data["results"])


def test_the_export_has_no_id_numbers_and_is_audited(station):
    volunteer = station.volunteer(phone="13911112222")
    response = _client("volunteer_admin").get("/volunteers/people/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert volunteer.id_number not in cells and "13911112222" not in cells and "139****2222" in cells
    assert "证件号码" not in cells
    assert AuditEntry.objects.filter(action="volunteer.export").exists()


def test_a_permitted_reveal_shows_the_numbers_and_leaves_an_audit_row(station):
    volunteer = station.volunteer()
    response = _client("volunteer_admin").post(f"/volunteers/people/{volunteer.pk}/reveal/")
    assert response.json()["id_number"] == volunteer.id_number
    row = AuditEntry.objects.get(action="volunteer.reveal", target_id=str(volunteer.pk))
    assert row.actor.username == "volunteer_admin"


def test_a_commander_may_not_reveal(station):
    volunteer = station.volunteer()
    response = _client("commander").post(f"/volunteers/people/{volunteer.pk}/reveal/")
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="volunteer.reveal").exists()


def test_the_team_list_answers_in_a_fixed_number_of_queries(station, django_assert_max_num_queries):
    client = _client("volunteer_admin")
    with django_assert_max_num_queries(12):
        assert client.get("/volunteers/teams/").status_code == 200


def test_the_volunteer_list_answers_in_a_fixed_number_of_queries(station, django_assert_max_num_queries):
    for _ in range(5):
        station.volunteer()
    client = _client("volunteer_admin")
    with django_assert_max_num_queries(12):
        assert client.get("/volunteers/people/").status_code == 200
