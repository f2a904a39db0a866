from elections import selectors, services
from elections.models import Stage
from elections.tests.factories import Voter, assessor, make_nomination


def test_the_most_voted_of_each_category_go_on_the_honour_roll(campaign):
    services.campaign_update(actor=assessor(), campaign=campaign, winners_per_category=1)
    campaign.refresh_from_db()
    first, second = make_nomination(campaign, name="甲"), make_nomination(campaign, name="乙")
    brave = make_nomination(campaign, name="丙", category="见义勇为")
    make_nomination(campaign, name="丁", stage=Stage.SUBDISTRICT)
    for n in range(2):
        Voter(f"13{n}12345678").vote(campaign, second)
    Voter("13912345678").vote(campaign, first)
    campaign = services.campaign_publish(actor=assessor(), campaign=campaign)
    assert [n.nominee_name for n in selectors.honour_roll(campaign)] == ["乙", "丙"]
    assert not services.voting_open(campaign)
    assert brave.pk in {n.pk for n in selectors.honour_roll(campaign)}


def test_voided_votes_do_not_count_for_the_honour_roll(campaign):
    services.campaign_update(actor=assessor(), campaign=campaign, winners_per_category=1)
    campaign.refresh_from_db()
    first, second = make_nomination(campaign, name="甲"), make_nomination(campaign, name="乙")
    stuffed = [Voter(f"13{n}12345678").vote(campaign, second)[0] for n in range(3)]
    Voter("13912345678").vote(campaign, first)
    services.votes_void(actor=assessor(), campaign=campaign, vote_ids=[v.pk for v in stuffed], reason="刷票")
    services.campaign_publish(actor=assessor(), campaign=campaign)
    assert [n.nominee_name for n in selectors.honour_roll(campaign)] == ["甲"]
