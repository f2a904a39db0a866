"""The volunteer's phone: register with a code sent to the phone, then his own pages by that session."""

from datetime import timedelta

import pytest
from django.test import Client

from verification.senders import last_code
from volunteers.models import Volunteer
from volunteers.tests.conftest import adult_born, id_number


@pytest.fixture
def code_for(django_capture_on_commit_callbacks):
    """Ask for a code for a phone and read it from the test sender (the text goes out after commit)."""

    def ask(client: Client, phone: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/verification/code/", {"phone": phone, "purpose": "volunteer"})
        assert response.status_code == 200, response.content
        return last_code(phone)

    return ask


def _form(station, phone, code, **changes):
    data = {
        "name": "陈七",
        "id_type": "resident",
        "id_number": id_number(adult_born(25), 555),
        "phone": phone,
        "code": code,
        "community": station.community.pk,
        "consent": "on",
    }
    data.update(changes)
    return data


def test_registration_on_the_phone_signs_the_volunteer_in(station, code_for):
    client = Client()
    phone = "13700001111"
    response = client.post("/volunteers/m/register/", _form(station, phone, code_for(client, phone)))
    assert response.status_code == 302 and response["Location"] == "/volunteers/m/me/"
    volunteer = Volunteer.objects.get(name="陈七")
    page = client.get("/volunteers/m/me/").content.decode()
    assert "陈七" in page and volunteer.id_number not in page


def test_a_wrong_check_digit_keeps_the_code_for_the_corrected_form(station, code_for):
    client = Client()
    phone = "13700002222"
    code = code_for(client, phone)
    good = id_number(adult_born(25), 556)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    html = client.post("/volunteers/m/register/", _form(station, phone, code, id_number=bad)).content.decode()
    assert 'data-field-error="id_number"' in html
    assert client.post("/volunteers/m/register/", _form(station, phone, code, id_number=good)).status_code == 302


def test_a_wrong_code_is_refused(station, code_for):
    client = Client()
    phone = "13700003333"
    code_for(client, phone)
    html = client.post("/volunteers/m/register/", _form(station, phone, "000000")).content.decode()
    assert not Volunteer.objects.filter(name="陈七").exists()
    assert "invalid-feedback" in html


def test_sign_in_by_phone_code_opens_the_volunteers_page(station, code_for):
    volunteer = station.volunteer(phone="13700004444")
    client = Client()
    response = client.post("/volunteers/m/", {"phone": "13700004444", "code": code_for(client, "13700004444")})
    assert response.status_code == 302
    assert volunteer.name in client.get("/volunteers/m/me/").content.decode()


def test_sign_up_and_check_in_by_position_from_the_phone(station):
    volunteer = station.volunteer(phone="13700005555")
    activity = station.activity(starts=None)
    activity.starts_at = activity.starts_at - timedelta(minutes=20)  # running now
    activity.save(update_fields=["starts_at"])
    client = Client()
    session = client.session
    session["volunteer_id"] = volunteer.pk
    session.save()
    client.post(f"/volunteers/m/activities/{activity.pk}/signup/")
    lng, lat = station.point()
    client.post(f"/volunteers/m/activities/{activity.pk}/in/", {"method": "position", "lng": lng, "lat": lat})
    assert activity.records.filter(volunteer=volunteer).exists()
    far = client.post(
        f"/volunteers/m/activities/{activity.pk}/out/", {"method": "position", "lng": lng + 1, "lat": lat}, follow=True
    )
    assert activity.records.get(volunteer=volunteer).status == "open"
    assert "alert-danger" in far.content.decode() or "error" in far.content.decode()


def test_the_certificate_is_a_pdf(station):
    volunteer = station.volunteer()
    client = Client()
    session = client.session
    session["volunteer_id"] = volunteer.pk
    session.save()
    response = client.get("/volunteers/m/certificate.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
