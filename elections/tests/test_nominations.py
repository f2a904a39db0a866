import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.models import OrgUnit
from elections import services
from elections.models import Nomination, NominatorKind, Stage
from elections.tests.factories import jpeg, make_nomination
from verification.services import phone_hash

PHONE = "13912345678"


def _resident(campaign, **extra):
    return services.nomination_create(
        campaign=campaign,
        category=campaign.categories.get(name="见义勇为"),
        nominee_name="王志强",
        community=OrgUnit.objects.get(code="DK-C02"),
        summary="救起落水儿童",
        story="跳入河中救起落水儿童。",
        nominator_name="居民甲",
        nominator_phone=PHONE,
        **extra,
    )


def test_a_residents_nomination_awaits_the_community_review(campaign):
    nomination, created = _resident(campaign)
    assert created and nomination.stage == Stage.COMMUNITY and nomination.nominator_kind == NominatorKind.RESIDENT


def test_the_nominators_phone_is_stored_encrypted_with_a_lookup_hash(campaign):
    nomination, _created = _resident(campaign)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nominator_phone FROM elections_nomination WHERE id = %s", [nomination.pk])
        stored = cursor.fetchone()[0]
    assert PHONE not in stored
    assert Nomination.objects.get(pk=nomination.pk).nominator_phone == PHONE
    assert nomination.nominator_phone_hash == phone_hash(PHONE)


def test_a_resent_nomination_returns_the_first_one(campaign):
    first, _created = _resident(campaign, idempotency_key="abc")
    again, created = _resident(campaign, idempotency_key="abc")
    assert again.pk == first.pk and not created
    assert Nomination.objects.filter(campaign=campaign).count() == 1


def test_photos_are_checked_by_their_content_and_stored(campaign):
    nomination, _created = _resident(campaign, photos=[jpeg()])
    photo = nomination.photos.get()
    assert photo.content_type == "image/jpeg" and photo.thumbnail


def test_a_file_that_is_not_a_photo_is_refused(campaign):
    fake = SimpleUploadedFile("deed.jpg", b"MZ\x90\x00 not a photo at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        _resident(campaign, photos=[fake])
    assert "photos" in error.value.message_dict
    assert not Nomination.objects.filter(campaign=campaign).exists()


def test_a_community_outside_the_organising_subdistrict_is_refused(campaign, tree):
    with pytest.raises(ValidationError) as error:
        make_nomination(campaign, community=tree["a"].code)
    assert "community" in error.value.message_dict


def test_residents_cannot_nominate_once_nominations_are_closed(campaign):
    services.campaign_update(actor=campaign.created_by, campaign=campaign, nomination_open=False)
    campaign.refresh_from_db()
    with pytest.raises(ValidationError):
        _resident(campaign)
