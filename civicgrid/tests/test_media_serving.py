from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.models import RoleCode
from accounts.tests.factories import make_user


def test_uploads_are_served_to_staff_only(client, tree):
    name = default_storage.save("cases/test/photo.jpg", ContentFile(b"\xff\xd8\xff data"))
    assert client.get(f"/media/{name}").status_code == 302  # to the login page
    client.force_login(make_user(unit=tree["a"], roles=[RoleCode.PATROLLER]))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/%2e%2e/settings.py").status_code in (400, 404)  # no way out of MEDIA_ROOT


def test_grid_import_files_are_for_admins(client, tree):
    name = default_storage.save("grid-imports/x.geojson", ContentFile(b"{}"))
    client.force_login(make_user(unit=tree["a"], roles=[RoleCode.PATROLLER]))
    assert client.get(f"/media/{name}").status_code == 403
