"""The archive pages: thin views over the services, with field errors in Chinese and bounded queries."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive import samples
from archive.models import MaterialStatus


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_file_uploaded_on_the_page_is_stored_and_the_material_becomes_a_draft(archive):
    material = archive.material()
    upload = SimpleUploadedFile("方案.pdf", samples.pdf(), content_type="application/pdf")
    response = _client(archive.assessor).post(f"/archive/materials/{material.pk}/upload/", {"file": upload})
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT


def test_a_file_that_is_not_what_its_name_says_is_refused_on_the_page_with_a_chinese_error(archive):
    material = archive.material()
    upload = SimpleUploadedFile("方案.pdf", samples.png(), content_type="application/pdf")
    response = _client(archive.assessor).post(
        f"/archive/materials/{material.pk}/upload/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "文件名与内容不符" in response.content.decode()


def test_a_path_in_an_uploaded_file_name_never_reaches_storage(archive):
    # Django's form parser already cuts a client's path ("..\\..\\", "/etc/") down to its last part; the
    # archive's own check (archive.files.clean_file_name) refuses what other callers might pass whole.
    material = archive.material()
    upload = SimpleUploadedFile("x.pdf", samples.pdf(), content_type="application/pdf")
    upload.name = "..\\..\\evil.pdf"
    _client(archive.assessor).post(f"/archive/materials/{material.pk}/upload/", {"file": upload})
    row = material.files.get()
    assert row.name == "evil.pdf"
    assert row.file.name.startswith("archive/") and ".." not in row.file.name


def test_accepting_on_the_page_makes_the_material_complete(archive):
    material = archive.material()
    archive.upload(material)
    assert _client(archive.assessor).post(f"/archive/materials/{material.pk}/complete/").status_code == 302
    material.refresh_from_db()
    assert material.status == MaterialStatus.COMPLETE


def test_rejecting_without_a_reason_shows_a_field_error(archive):
    material = archive.material()
    archive.upload(material)
    response = _client(archive.assessor).post(f"/archive/materials/{material.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert 'data-field-error="reason"' in response.content.decode()


def test_an_owner_may_not_accept_on_the_page(archive):
    material = archive.material(owner=archive.owner)
    archive.upload(material)
    assert _client(archive.owner).post(f"/archive/materials/{material.pk}/complete/").status_code == 403


def test_a_material_is_created_on_the_page(archive):
    response = _client(archive.assessor).post(
        "/archive/materials/new/",
        {"indicator_code": archive.codes[0], "title": "宣传栏照片", "kind": "photo", "org_unit": archive.street.pk},
    )
    assert response.status_code == 302


def test_a_material_with_an_unknown_indicator_is_refused_with_a_field_error(archive):
    response = _client(archive.assessor).post(
        "/archive/materials/new/",
        {"indicator_code": "Z99", "title": "宣传栏照片", "kind": "photo", "org_unit": archive.street.pk},
    )
    assert response.status_code == 200
    assert 'data-field-error="indicator_code"' in response.content.decode()


def test_the_list_page_reads_a_page_of_materials_in_a_bounded_number_of_queries(archive, django_assert_max_num_queries):
    for _ in range(30):
        archive.material()
    client = _client(archive.assessor)
    with django_assert_max_num_queries(12):
        assert client.get("/archive/materials/").status_code == 200


def test_the_overview_shows_the_completion_rate(archive):
    material = archive.material()
    archive.material()
    archive.upload(material)
    archive.complete(material)
    html = _client(archive.assessor).get("/archive/").content.decode()
    assert "50.0%" in html


def test_the_overview_survives_hostile_query_values(archive):
    response = _client(archive.assessor).get("/archive/", {"unit": "x\x00'"})
    assert response.status_code == 200
