"""A case photo is served only to those who may see the case (civicgrid.uploads, cases.selectors)."""

import pytest
from django.test import override_settings

from cases.models import Attachment
from cases.services import case_report, transition
from cases.tests.conftest import photo


@pytest.fixture
def dispatched_photo(world):
    """A patrol report with a photo in 堤口庄社区 (patroller's community), sent to the handler's department."""
    lng, lat = world.point()
    case, _ = case_report(
        source="patrol", description="垃圾", lng=lng, lat=lat, actor=world.patroller, photos=[photo()]
    )
    case = transition(
        case=case, action="file", actor=world.operator, category=world.category, condition=world.condition
    )
    transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    return Attachment.objects.get(case=case)


def fetch(client, user, name):
    client.force_login(user)
    return client.get(f"/media/{name}")


def test_reporter_gets_the_photo_of_their_case(client, world, dispatched_photo):
    response = fetch(client, world.patroller, dispatched_photo.file.name)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == dispatched_photo.file.open("rb").read()


def test_handler_of_the_case_gets_its_photo_and_thumbnail(client, world, dispatched_photo):
    assert fetch(client, world.handler, dispatched_photo.file.name).status_code == 200
    assert fetch(client, world.handler, dispatched_photo.thumbnail.name).status_code == 200


def test_patroller_of_another_community_gets_404(client, world, dispatched_photo):
    assert fetch(client, world.patroller2, dispatched_photo.file.name).status_code == 404
    assert fetch(client, world.patroller2, dispatched_photo.thumbnail.name).status_code == 404


def test_volunteer_gets_404(client, world, dispatched_photo):
    assert fetch(client, world.users["volunteer"], dispatched_photo.file.name).status_code == 404


def test_handler_of_another_department_gets_404(client, world, dispatched_photo):
    assert fetch(client, world.handler_sz, dispatched_photo.file.name).status_code == 404


def test_anonymous_visitor_is_sent_to_the_login_page(client, world, dispatched_photo):
    response = client.get(f"/media/{dispatched_photo.file.name}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@override_settings(MEDIA_X_ACCEL_REDIRECT="/protected-media/")
def test_behind_nginx_the_app_checks_and_nginx_sends_the_file(client, world, dispatched_photo):
    response = fetch(client, world.handler, dispatched_photo.file.name)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{dispatched_photo.file.name}"
    assert fetch(client, world.patroller2, dispatched_photo.file.name).status_code == 404
