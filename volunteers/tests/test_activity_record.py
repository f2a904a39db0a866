import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from cases.tests.conftest import photo
from volunteers import services


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_an_activity_record_keeps_text_and_checked_photos(station):
    activity = station.activity()
    report = services.activity_report_save(actor=station.admin, activity=activity, text="义剪30人次", photos=[photo()])
    assert report.photos.count() == 1 and report.text == "义剪30人次"


def test_a_file_that_is_no_photo_is_refused(station):
    activity = station.activity()
    with pytest.raises(ValidationError):
        services.activity_report_save(
            actor=station.admin, activity=activity, text="x", photos=[SimpleUploadedFile("a.jpg", b"not an image")]
        )


def test_the_photo_is_served_to_the_station_and_not_to_a_patroller(station):
    activity = station.activity()
    report = services.activity_report_save(actor=station.admin, activity=activity, text="环境整治", photos=[photo()])
    url = "/media/" + report.photos.get().file.name
    assert _client("volunteer_admin").get(url).status_code == 200
    assert _client("patroller").get(url).status_code == 404


def test_the_record_form_saves_from_the_activity_page(station):
    activity = station.activity()
    response = _client("volunteer_admin").post(
        f"/volunteers/activities/{activity.pk}/record/", {"text": "道德讲堂", "photos": [photo()]}
    )
    assert response.status_code == 302
    assert activity.report.photos.count() == 1
