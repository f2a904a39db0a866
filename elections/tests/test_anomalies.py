from elections import services
from elections.anomalies import network_of
from elections.models import Flag, Vote
from elections.tests.factories import Voter, make_nomination


def _tight(campaign, **settings):
    services.campaign_update(actor=campaign.created_by, campaign=campaign, **settings)
    campaign.refresh_from_db()
    return campaign


def test_a_burst_of_votes_from_one_network_is_flagged(campaign):
    campaign = _tight(campaign, burst_votes=3)
    nomination = make_nomination(campaign)
    for number in range(4):
        Voter(f"13{number}12345678", ip=f"192.168.7.{10 + number}").vote(campaign, nomination)
    assert set(Vote.objects.filter(campaign=campaign).values_list("flag", flat=True)) == {Flag.NETWORK_BURST}


def test_votes_from_different_networks_are_not_flagged(campaign):
    campaign = _tight(campaign, burst_votes=3)
    nomination = make_nomination(campaign)
    for number in range(4):
        Voter(f"13{number}12345678", ip=f"192.168.{number}.10").vote(campaign, nomination)
    assert set(Vote.objects.filter(campaign=campaign).values_list("flag", flat=True)) == {""}


def test_many_phones_of_one_number_sequence_are_flagged(campaign):
    campaign = _tight(campaign, sequence_phones=3)
    nomination = make_nomination(campaign)
    for number in range(3):
        Voter(f"1380000001{number}").vote(campaign, nomination)  # 13800000010, 11, 12: one block of 100
    assert set(Vote.objects.filter(campaign=campaign).values_list("flag", flat=True)) == {Flag.PHONE_SEQUENCE}


def test_phones_of_different_blocks_are_not_flagged(campaign):
    campaign = _tight(campaign, sequence_phones=3)
    nomination = make_nomination(campaign)
    for number in range(3):
        Voter(f"138000{number}0010").vote(campaign, nomination)
    assert set(Vote.objects.filter(campaign=campaign).values_list("flag", flat=True)) == {""}


def test_the_network_of_an_address_is_its_slash_24_or_slash_48():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert network_of("::ffff:203.0.113.77") == "203.0.113.0/24"
    assert network_of("not an address") == "unknown"
