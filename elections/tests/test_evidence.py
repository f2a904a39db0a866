from elections import evidence, services
from elections.tests.factories import Voter, assessor, jpeg, make_nomination


def test_a_published_honour_roll_is_offered_to_the_archive_with_its_photos(campaign):
    nomination = make_nomination(campaign, photos=[jpeg()])
    Voter("13912345678").vote(campaign, nomination)
    services.campaign_publish(actor=assessor(), campaign=campaign)
    found = evidence.search(assessor(), "测试", 10)
    assert [ref.ref_id for ref in found] == [str(campaign.pk)]
    assert found[0].files[0].path == nomination.photos.get().file.name
    assert evidence.resolve(assessor(), str(campaign.pk)).title.startswith(campaign.title)


def test_an_unpublished_campaign_is_not_evidence(campaign):
    assert evidence.resolve(assessor(), str(campaign.pk)) is None
    assert evidence.resolve(assessor(), "x") is None
