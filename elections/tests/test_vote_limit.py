from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from elections import services
from elections.models import Vote
from elections.tests.factories import Voter, make_campaign, make_nomination

CHINA = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def ballot(campaign):
    names = ["刘秀英", "王志强", "张红梅", "赵国庆"]
    return [make_nomination(campaign, name=name) for name in names]


def test_a_voter_casts_no_more_than_the_daily_limit(campaign, ballot):
    voter = Voter("13912345678")
    for nomination in ballot[:3]:
        voter.vote(campaign, nomination)
    with pytest.raises(services.VoteRefused):
        voter.vote(campaign, ballot[3])
    assert Vote.objects.filter(campaign=campaign).count() == 3


def test_voting_again_for_the_same_nominee_on_one_day_returns_the_first_vote(campaign, ballot):
    voter = Voter("13912345678")
    first, _created = voter.vote(campaign, ballot[0])
    again, created = voter.vote(campaign, ballot[0])
    assert again.pk == first.pk and not created


def test_the_limit_starts_again_on_the_next_china_day(db):
    # 23:30 and 00:30 China time are two days, though both fall on one UTC day.
    evening = datetime(2026, 12, 7, 23, 30, tzinfo=CHINA)
    with time_machine.travel(evening, tick=False):
        campaign = make_campaign(voting_starts=evening - timedelta(days=1), votes_per_day=1)
        first, second = make_nomination(campaign, name="甲"), make_nomination(campaign, name="乙")
        voter = Voter("13912345678")
        voter.vote(campaign, first)
        with pytest.raises(services.VoteRefused):
            voter.vote(campaign, second)
    with time_machine.travel(evening + timedelta(hours=1), tick=False):
        _vote, created = voter.vote(campaign, second)
    assert created


def test_a_nominee_not_approved_is_not_on_the_ballot(campaign):
    from elections.models import Stage

    pending = make_nomination(campaign, stage=Stage.SUBDISTRICT)
    with pytest.raises(services.VoteRefused) as refused:
        Voter("13912345678").vote(campaign, pending)
    assert refused.value.status == 404


def test_no_vote_is_taken_outside_the_voting_window(db):
    campaign = make_campaign(voting_starts=None, voting_ends=None)
    nomination = make_nomination(campaign)
    with pytest.raises(services.VoteRefused):
        Voter("13912345678").vote(campaign, nomination)


def test_one_device_is_held_to_its_hourly_limit(campaign, ballot):
    services.campaign_update(actor=campaign.created_by, campaign=campaign, votes_per_device_hour=2)
    campaign.refresh_from_db()
    for number in range(2):
        Voter(f"1391234000{number}", device="same-phone").vote(campaign, ballot[0])
    with pytest.raises(services.VoteRefused) as refused:
        Voter("13912340009", device="same-phone").vote(campaign, ballot[0])
    assert refused.value.status == 429


def test_one_network_address_is_held_to_its_hourly_limit(campaign, ballot):
    services.campaign_update(actor=campaign.created_by, campaign=campaign, votes_per_ip_hour=2)
    campaign.refresh_from_db()
    for number in range(2):
        Voter(f"1391234000{number}", ip="10.0.0.7").vote(campaign, ballot[0])
    with pytest.raises(services.VoteRefused) as refused:
        Voter("13912340009", ip="10.0.0.7").vote(campaign, ballot[0])
    assert refused.value.status == 429
