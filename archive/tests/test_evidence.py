"""Records of other modules kept as evidence: the link is kept, and their files go into the export."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from archive import samples, services
from archive.models import EvidenceLink, MaterialStatus
from archive.services import ArchiveError
from cases.models import Attachment, Case
from cases.services import case_report
from grids.models import Grid


def _closed_case_with_photos(*, resolution="fixed", phases=("before", "after")):
    grid = Grid.objects.get(code="G-DK-C01")
    case, _created = case_report(
        source="citizen", description="路边暴露垃圾", lng=grid.min_lng + 0.001, lat=grid.min_lat + 0.001
    )
    Case.objects.filter(pk=case.pk).update(state="closed", resolution=resolution, closed_at=timezone.now())
    for phase in phases:
        content = samples.jpeg()
        name = default_storage.save(f"cases/2026/12/{phase}.jpg", ContentFile(content))
        Attachment.objects.create(
            case=case,
            kind="photo",
            phase=phase,
            file=name,
            content_type="image/jpeg",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
    return case


def test_the_cases_source_offers_a_case_closed_as_fixed_with_photos_before_and_after(archive):
    case = _closed_case_with_photos()
    found = services.evidence_sources()["cases"].search(archive.assessor, "暴露垃圾", 10)
    assert [ref.ref_id for ref in found] == [str(case.pk)]
    assert len(found[0].files) == 2


def test_a_case_without_a_photo_after_is_not_offered(archive):
    _closed_case_with_photos(phases=("before",))
    assert services.evidence_sources()["cases"].search(archive.assessor, "暴露垃圾", 10) == []


def test_linking_a_case_makes_the_material_a_draft_and_linking_it_again_keeps_one_link(archive):
    case = _closed_case_with_photos()
    material = archive.material(kind="photo")
    services.material_link(actor=archive.assessor, material=material, source="cases", ref_id=str(case.pk))
    services.material_link(actor=archive.assessor, material=material, source="cases", ref_id=str(case.pk))
    material.refresh_from_db()
    assert material.status == MaterialStatus.DRAFT
    assert EvidenceLink.objects.filter(material=material).count() == 1


def test_a_record_the_user_may_not_see_cannot_be_linked(archive):
    case = _closed_case_with_photos()
    material = archive.material(owner=archive.other_owner)  # a handler of 城管, to whom the case was never sent
    with pytest.raises(ArchiveError):
        services.material_link(actor=archive.other_owner, material=material, source="cases", ref_id=str(case.pk))


def test_an_unknown_source_is_refused_with_a_message(archive):
    with pytest.raises(ArchiveError):
        services.material_link(actor=archive.assessor, material=archive.material(), source="nope", ref_id="1")


def test_the_photos_of_a_linked_case_go_into_the_export(archive):
    case = _closed_case_with_photos()
    material = archive.material(code=archive.codes[0], title="整改前后照片", kind="photo")
    services.material_link(actor=archive.assessor, material=material, source="cases", ref_id=str(case.pk))
    client = Client()
    client.force_login(archive.assessor)
    response = client.get("/archive/export.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    folder = "/".join(archive.tree[archive.codes[0]].labels) + "/整改前后照片/"
    assert len([name for name in names if name.startswith(folder) and name.endswith(".jpg")]) == 2


def test_the_field_check_source_offers_the_checks_the_user_may_see(archive):
    found = services.evidence_sources()["field_checks"].search(archive.assessor, "", 5)
    assert all(ref.source == "field_checks" for ref in found)
    assert services.evidence_sources()["field_checks"].search(archive.owner, "", 5) == []
