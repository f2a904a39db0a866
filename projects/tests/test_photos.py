from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from projects import services
from projects.models import ProjectPhoto
from projects.tests.conftest import picture


def test_before_and_after_photos_are_stored_once_however_often_they_are_sent(works):
    services.photos_add(actor=works.member, project=works.project, phase="before", files=[picture()])
    services.photos_add(actor=works.member, project=works.project, phase="before", files=[picture()])
    services.photos_add(actor=works.member, project=works.project, phase="after", files=[picture((20, 160, 60))])
    assert sorted(works.project.photos.values_list("phase", flat=True)) == ["after", "before"]


def test_a_file_that_is_not_a_picture_is_refused_by_its_content_whatever_its_name(works):
    client = Client()
    client.force_login(works.member)
    fake = SimpleUploadedFile("before.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(f"/projects/{works.project.pk}/photos/", {"phase": "before", "photos": [fake]})
    assert response.status_code == 400
    assert 'data-field-error="photos"' in response.content.decode()
    assert not ProjectPhoto.objects.filter(project=works.project).exists()


def test_the_photo_of_a_project_not_shown_to_the_public_is_not_served_publicly(works):
    (photo,) = services.photos_add(actor=works.member, project=works.project, phase="before", files=[picture()])
    assert Client().get(f"/public/projects/photos/{photo.pk}/").status_code == 200
    works.project.is_public = False
    works.project.save()
    assert Client().get(f"/public/projects/photos/{photo.pk}/").status_code == 404


def test_a_staff_user_who_cannot_see_the_project_cannot_read_its_photo_file(works):
    (photo,) = services.photos_add(actor=works.member, project=works.project, phase="before", files=[picture()])
    member, outsider = Client(), Client()
    member.force_login(works.member)
    outsider.force_login(works.outsider)
    assert member.get(f"/media/{photo.file.name}").status_code == 200
    assert outsider.get(f"/media/{photo.file.name}").status_code == 404
