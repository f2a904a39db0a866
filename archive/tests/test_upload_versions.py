"""A new upload under the same name is the next version; the older one stays and stays readable."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from archive import samples
from archive.files import FileRejected
from archive.models import MaterialFile, MaterialStatus
from archive.services import ArchiveError


def test_the_first_file_makes_a_missing_material_a_draft(archive):
    material = archive.material()
    row = archive.upload(material)
    material.refresh_from_db()
    assert (row.version, row.is_current, material.status) == (1, True, MaterialStatus.DRAFT)


def test_the_stored_name_is_made_by_the_archive_not_taken_from_the_client(archive):
    row = archive.upload(archive.material(), name="方案 最终版.pdf")
    assert row.file.name.startswith("archive/")
    assert "方案" not in row.file.name
    assert row.name == "方案 最终版.pdf"


def test_a_second_upload_under_the_same_name_is_version_two_and_the_first_is_kept(archive):
    material = archive.material()
    first = archive.upload(material, samples.pdf("one"))
    second = archive.upload(material, samples.pdf("two"))
    first.refresh_from_db()
    assert (second.version, second.is_current, first.is_current) == (2, True, False)
    assert default_storage.exists(first.file.name)


def test_an_earlier_version_stays_downloadable_through_the_media_view(archive):
    material = archive.material()
    first = archive.upload(material, samples.pdf("one"))
    archive.upload(material, samples.pdf("two"))
    client = Client()
    client.force_login(archive.assessor)
    response = client.get(f"/media/{first.file.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf("one")


def test_the_same_file_sent_twice_is_stored_once(archive):
    material = archive.material()
    first = archive.upload(material)
    again = archive.upload(material)
    assert again.pk == first.pk
    assert MaterialFile.objects.filter(material=material).count() == 1


def test_a_refused_file_stores_nothing_and_leaves_the_status(archive):
    material = archive.material()
    with pytest.raises(FileRejected):
        archive.upload(material, samples.png(), name="方案.pdf")
    material.refresh_from_db()
    assert material.status == MaterialStatus.MISSING
    assert not material.files.exists()


def test_the_owner_may_upload_to_their_material(archive):
    material = archive.material(owner=archive.owner)
    assert archive.upload(material, actor=archive.owner).uploaded_by == archive.owner


def test_a_staff_user_who_neither_owns_nor_manages_the_material_may_not_upload(archive):
    material = archive.material(owner=archive.owner)
    with pytest.raises(ArchiveError):
        archive.upload(material, actor=archive.other_owner)
