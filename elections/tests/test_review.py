import pytest
from django.core.exceptions import ValidationError

from accounts.models import OrgUnit, RoleCode
from accounts.tests.factories import make_user
from audit.models import AuditEntry
from elections import services
from elections.models import Stage
from elections.tests.factories import assessor, make_nomination


@pytest.fixture
def nomination(campaign):
    return make_nomination(campaign, stage=Stage.COMMUNITY)


def community_assessor(code: str):
    return make_user(unit=OrgUnit.objects.get(code=code), roles=[RoleCode.ASSESSOR])


def test_a_nomination_passes_the_community_then_the_subdistrict_review(nomination):
    nomination = services.nomination_review(
        actor=community_assessor("DK-C01"), nomination=nomination, approved=True, reason="社区核实属实"
    )
    assert nomination.stage == Stage.SUBDISTRICT
    nomination = services.nomination_review(actor=assessor(), nomination=nomination, approved=True, reason="街道同意")
    assert nomination.stage == Stage.APPROVED
    assert [(r.stage, r.reason) for r in nomination.reviews.all()] == [
        (Stage.COMMUNITY, "社区核实属实"),
        (Stage.SUBDISTRICT, "街道同意"),
    ]


def test_a_rejection_ends_the_nomination_and_keeps_its_reason(nomination):
    nomination = services.nomination_review(actor=assessor(), nomination=nomination, approved=False, reason="材料不全")
    assert nomination.stage == Stage.REJECTED
    assert AuditEntry.objects.filter(action="elections.review", target_id=str(nomination.pk)).exists()


def test_a_decision_without_a_reason_is_refused(nomination):
    with pytest.raises(ValidationError) as error:
        services.nomination_review(actor=assessor(), nomination=nomination, approved=True, reason="  ")
    assert "reason" in error.value.message_dict


def test_staff_of_another_community_cannot_do_the_community_review(nomination):
    with pytest.raises(ValidationError):
        services.nomination_review(
            actor=community_assessor("DK-C02"), nomination=nomination, approved=True, reason="同意"
        )


def test_community_staff_cannot_do_the_subdistrict_review(campaign):
    nomination = make_nomination(campaign, stage=Stage.SUBDISTRICT)
    with pytest.raises(ValidationError):
        services.nomination_review(
            actor=community_assessor("DK-C01"), nomination=nomination, approved=True, reason="同意"
        )


def test_a_decided_nomination_cannot_be_reviewed_again(campaign):
    nomination = make_nomination(campaign, stage=Stage.APPROVED)
    with pytest.raises(ValidationError):
        services.nomination_review(actor=assessor(), nomination=nomination, approved=False, reason="改主意")
