"""The widely used `media` extension: a photo uploaded with the request, checked by cases.media."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from open311.tests.conftest import errors_of, json_of, photo

URL = "/open311/v2/requests.json"


def test_uploaded_photo_is_attached_but_not_published(world):
    response = world.http.post(URL, {**world.params(), "media": photo()})
    assert response.status_code == 201
    number = json_of(response)[0]["service_request_id"]
    case = Case.objects.get(number=number)
    attachment = case.attachments.get()
    assert attachment.kind == "photo" and attachment.phase == "before"
    [item] = json_of(world.get(f"requests/{number}.json"))
    assert item["media_url"] is None  # no photo goes out before a moderation step exists (cases.publication)


def test_oversized_photo_is_400_and_stores_nothing(world, settings):
    settings.CASE_PHOTO_MAX_BYTES = 200  # the body limit stays at the video limit: cases.media refuses it
    before = Case.objects.count()
    response = world.http.post(URL, {**world.params(), "media": photo()})
    assert response.status_code == 400
    [(code, description)] = errors_of(response, "json")
    assert code == 400 and "photo.jpg" in description
    assert Case.objects.count() == before


def test_body_larger_than_any_media_is_400_before_reading(world, settings):
    settings.OPEN311_MAX_BODY_BYTES = 1000
    response = world.http.post(URL, {**world.params(), "media": photo()})
    assert response.status_code == 400


def test_a_renamed_exe_is_400_and_stores_nothing(world):
    before = Case.objects.count()
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = world.http.post(URL, {**world.params(), "media": fake})
    assert response.status_code == 400
    assert "photo.jpg" in errors_of(response, "json")[0][1]
    assert Case.objects.count() == before


def test_more_than_three_media_files_is_400(world):
    response = world.http.post(URL, {**world.params(), "media": [photo(f"p{i}.jpg") for i in range(4)]})
    assert response.status_code == 400
