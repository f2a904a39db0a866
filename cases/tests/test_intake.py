import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from cases.services import case_report
from cases.tests.conftest import at, photo
from grids.coords import wgs84_to_gcj02


def test_report_lands_in_reported_with_grid_scope_and_event(world):
    lng, lat = world.point()
    case, created = case_report(
        source="citizen",
        description="人行道破损",
        lng=lng,
        lat=lat,
        reporter_phone="13912345678",
        now=at("2026-11-30 09:00"),
    )
    assert created and case.state == "reported"
    assert case.community_grid == world.grid and case.road_grid.code == "G-DK-Z1"
    assert case.org_unit.code == "DK-C01" and case.scope_path == case.org_unit.path
    assert len(case.tracking_code) == 10
    assert list(case.events.values_list("action", flat=True)) == ["report"]


def test_same_idempotency_key_twice_gives_one_case(world):
    lng, lat = world.point()
    first, created = case_report(source="patrol", description="a", lng=lng, lat=lat, idempotency_key="phone-123-0001")
    again, created_again = case_report(
        source="patrol", description="a", lng=lng, lat=lat, idempotency_key="phone-123-0001"
    )
    assert created and not created_again and first.pk == again.pk
    assert Case.objects.count() == 1


def test_same_idempotency_key_from_the_same_user_gives_their_case(world):
    lng, lat = world.point()
    first, _ = case_report(
        source="patrol", description="a", lng=lng, lat=lat, actor=world.patroller, idempotency_key="k"
    )
    again, created = case_report(
        source="patrol", description="a", lng=lng, lat=lat, actor=world.patroller, idempotency_key="k"
    )
    assert not created and again.pk == first.pk


def test_same_idempotency_key_from_another_sender_is_a_new_case(world):
    lng, lat = world.point()
    mine, _ = case_report(
        source="patrol", description="a", lng=lng, lat=lat, actor=world.patroller, idempotency_key="k"
    )
    theirs, created = case_report(
        source="patrol", description="b", lng=lng, lat=lat, actor=world.patroller2, idempotency_key="k"
    )
    citizen, citizen_created = case_report(
        source="citizen", description="c", lng=lng, lat=lat, sender="citizen:x", idempotency_key="k"
    )
    assert created and citizen_created and len({mine.pk, theirs.pk, citizen.pk}) == 3


def test_outside_the_service_area_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        case_report(source="patrol", description="a", lng=116.5, lat=36.5)
    assert error.value.message_dict == {"position": ["该位置不在服务区域内。"]}
    assert not Case.objects.exists()


def test_bad_input_names_every_field(world):
    with pytest.raises(ValidationError) as error:
        case_report(source="fax", description=" ", lng="x", lat=200)
    assert set(error.value.message_dict) == {"source", "description", "position"}


def test_gcj02_position_is_stored_as_wgs84(world):
    lng, lat = world.point()
    case, _ = case_report(
        source="open311", description="a", lng=wgs84_to_gcj02(lng, lat)[0], lat=wgs84_to_gcj02(lng, lat)[1], crs="gcj02"
    )
    assert abs(case.lng - lng) < 1e-6 and abs(case.lat - lat) < 1e-6


def test_a_renamed_exe_is_rejected_with_a_clear_message_and_nothing_stored(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lng, lat = world.point()
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        case_report(source="patrol", description="a", lng=lng, lat=lat, photos=[fake])
    assert "photo.jpg" in error.value.message_dict["photos"][0]
    assert not Case.objects.exists()


def test_photos_are_stored_with_thumbnails(world):
    lng, lat = world.point()
    case, _ = case_report(source="patrol", description="a", lng=lng, lat=lat, photos=[photo()])
    attachment = case.attachments.get()
    assert attachment.phase == "before" and attachment.kind == "photo"
    assert attachment.file.read()[:3] == b"\xff\xd8\xff" and attachment.thumbnail


def test_likely_duplicate_is_flagged_only_nearby_same_category_and_recent(world):
    lng, lat = world.point()
    first, _ = case_report(
        source="patrol", description="垃圾", lng=lng, lat=lat, category=world.category, now=at("2026-11-30 09:00")
    )
    near, _ = case_report(
        source="citizen",
        description="垃圾",
        lng=lng + 0.0002,
        lat=lat,
        category=world.category,
        now=at("2026-11-30 10:00"),
    )
    far, _ = case_report(
        source="citizen",
        description="垃圾",
        lng=lng + 0.002,
        lat=lat,
        category=world.category,
        now=at("2026-11-30 10:00"),
    )
    late, _ = case_report(
        source="citizen", description="垃圾", lng=lng, lat=lat, category=world.category, now=at("2026-12-20 10:00")
    )
    assert near.duplicate_of == first and 0 < near.duplicate_score <= 1
    assert far.duplicate_of is None
    assert late.duplicate_of is None
