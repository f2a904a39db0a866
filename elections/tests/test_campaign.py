import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from elections.tests.factories import make_campaign


def test_a_new_campaign_has_the_five_categories_of_good_people(campaign):
    assert list(campaign.categories.values_list("name", flat=True)) == [
        "助人为乐",
        "见义勇为",
        "诚实守信",
        "敬业奉献",
        "孝老爱亲",
    ]


def test_creating_a_campaign_writes_an_audit_row(campaign):
    assert AuditEntry.objects.filter(action="elections.campaign_create", target_id=str(campaign.pk)).exists()


def test_a_vote_that_ends_before_it_starts_is_refused(db):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        make_campaign(voting_starts=now, voting_ends=now)
    assert "voting_ends" in error.value.message_dict


def test_two_campaigns_cannot_share_a_title(campaign):
    with pytest.raises(ValidationError):
        make_campaign(title=campaign.title)
