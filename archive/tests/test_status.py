"""Missing → draft → complete or rejected (with a reason); anything new makes it a draft again."""

import pytest

from archive import services
from archive.models import MaterialStatus
from archive.services import ArchiveError
from notifications.models import Notification


def test_a_material_with_nothing_supplied_cannot_be_accepted(archive):
    with pytest.raises(ArchiveError):
        archive.complete(archive.material())


def test_the_civilization_office_accepts_a_supplied_material_as_complete(archive):
    material = archive.material()
    archive.upload(material)
    material = archive.complete(material)
    assert material.status == MaterialStatus.COMPLETE
    assert material.completed_at is not None


def test_an_owner_may_not_accept_their_own_material(archive):
    material = archive.material(owner=archive.owner)
    archive.upload(material, actor=archive.owner)
    with pytest.raises(ArchiveError):
        services.material_complete(actor=archive.owner, material=material)


def test_a_rejection_needs_a_reason(archive):
    material = archive.material()
    archive.upload(material)
    with pytest.raises(ArchiveError):
        services.material_reject(actor=archive.assessor, material=material, reason="  ")


def test_a_rejected_material_keeps_its_reason_and_its_owner_is_told(archive, django_capture_on_commit_callbacks):
    material = archive.material(owner=archive.owner)
    archive.upload(material)
    with django_capture_on_commit_callbacks(execute=True):
        material = services.material_reject(actor=archive.assessor, material=material, reason="缺少会议签到表")
    assert (material.status, material.reject_reason) == (MaterialStatus.REJECTED, "缺少会议签到表")
    assert Notification.objects.filter(user=archive.owner, body="缺少会议签到表").exists()


def test_a_new_file_after_a_rejection_makes_the_material_a_draft_again(archive):
    material = archive.material()
    archive.upload(material)
    services.material_reject(actor=archive.assessor, material=material, reason="不清晰")
    archive.upload(material, name="新版.pdf")
    material.refresh_from_db()
    assert (material.status, material.reject_reason) == (MaterialStatus.DRAFT, "")


def test_a_meeting_record_typed_in_the_archive_is_evidence(archive):
    material = archive.material(kind="meeting")
    services.material_note(actor=archive.assessor, material=material, note="议题：市容秩序整改分工")
    assert archive.complete(material).status == MaterialStatus.COMPLETE


def test_clearing_the_only_record_makes_the_material_missing_again(archive):
    material = archive.material(kind="meeting")
    services.material_note(actor=archive.assessor, material=material, note="议题")
    material = services.material_note(actor=archive.assessor, material=material, note="")
    assert material.status == MaterialStatus.MISSING


def test_a_material_must_hang_on_an_indicator_of_the_scheme_in_use(archive):
    with pytest.raises(ArchiveError) as refused:
        archive.material(code="Z99")
    assert "indicator_code" in refused.value.message_dict


def test_the_same_title_twice_on_one_indicator_and_unit_is_refused_with_a_message(archive):
    archive.material(title="工作方案")
    with pytest.raises(ArchiveError) as refused:
        archive.material(title="工作方案")
    assert "title" in refused.value.message_dict


def test_the_owner_is_told_when_a_material_is_assigned_to_them(archive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        material = archive.material(owner=archive.owner)
    assert Notification.objects.filter(user=archive.owner, link=f"/archive/materials/{material.pk}/").exists()


def test_the_demo_materials_leave_no_inbox_messages(db):
    from archive.models import ArchiveMaterial

    assert ArchiveMaterial.objects.filter(is_demo=True).exists()
    assert not Notification.objects.filter(link__startswith="/archive/").exists()
