from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.models import RoleCode
from accounts.tests.factories import make_user


def test_a_file_that_belongs_to_no_case_is_served_to_no_one(client, tree):
    name = default_storage.save("cases/test/photo.jpg", ContentFile(b"\xff\xd8\xff data"))
    client.force_login(make_user(unit=tree["street"], roles=[RoleCode.COMMANDER]))
    assert client.get(f"/media/{name}").status_code == 404


def test_a_file_outside_every_declared_folder_is_served_to_no_one(client, tree):
    name = default_storage.save("elsewhere/notes.txt", ContentFile(b"secret"))
    client.force_login(make_user(unit=tree["street"], roles=[RoleCode.ADMIN]))
    assert client.get(f"/media/{name}").status_code == 404


def test_no_path_leads_out_of_media_root(client, tree):
    client.force_login(make_user(unit=tree["street"], roles=[RoleCode.ADMIN]))
    for path in ("%2e%2e/settings.py", "grid-imports/../../settings.py", "grid-imports/%00x"):
        assert client.get(f"/media/{path}").status_code in (400, 404), path


def test_grid_import_files_are_for_admins(client, tree):
    name = default_storage.save("grid-imports/x.geojson", ContentFile(b"{}"))
    client.force_login(make_user(unit=tree["a"], roles=[RoleCode.PATROLLER]))
    assert client.get(f"/media/{name}").status_code == 404
    client.force_login(make_user(unit=tree["street"], roles=[RoleCode.ADMIN]))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_a_file_sent_leaves_an_audit_row_naming_it(client, tree):
    from audit.models import AuditEntry

    name = default_storage.save("grid-imports/y.geojson", ContentFile(b"{}"))
    admin = make_user(unit=tree["street"], roles=[RoleCode.ADMIN])
    client.force_login(admin)
    client.get(f"/media/{name}")
    entry = AuditEntry.objects.get(action="media.download")
    assert (entry.actor, entry.summary) == (admin, name)
