import pytest
from django.test import Client

from accounts.models import User
from elections.models import Stage
from elections.tests.factories import Voter, make_nomination

PHONE = "13812345678"


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def nomination(campaign):
    return make_nomination(campaign, nominator_phone=PHONE, stage=Stage.COMMUNITY)


def test_the_assessor_sees_the_nominators_phone_masked(nomination):
    html = logged_in("assessor").get(f"/elections/nominations/{nomination.pk}/").content.decode()
    assert "138****5678" in html and PHONE not in html


def test_the_assessor_records_a_review_decision_on_the_page(nomination):
    response = logged_in("assessor").post(
        f"/elections/nominations/{nomination.pk}/review/", {"decision": "approve", "reason": "属实"}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.stage == Stage.SUBDISTRICT


def test_a_review_without_a_reason_answers_the_form_with_400(nomination):
    response = logged_in("assessor").post(f"/elections/nominations/{nomination.pk}/review/", {"decision": "approve"})
    assert response.status_code == 400


def test_the_commander_may_look_but_not_void_votes(campaign):
    nominee = make_nomination(campaign)
    vote, _created = Voter(PHONE).vote(campaign, nominee)
    assert logged_in("commander").get(f"/elections/{campaign.pk}/").status_code == 200
    response = logged_in("commander").post(
        f"/elections/{campaign.pk}/votes/void/", {"votes": [vote.pk], "reason": "刷票"}
    )
    assert response.status_code == 403


def test_the_assessor_voids_flagged_votes_on_the_page(campaign):
    nominee = make_nomination(campaign)
    vote, _created = Voter(PHONE).vote(campaign, nominee)
    response = logged_in("assessor").post(
        f"/elections/{campaign.pk}/votes/void/", {"votes": [vote.pk], "reason": "刷票"}
    )
    assert response.status_code == 302
    vote.refresh_from_db()
    assert vote.voided_at and vote.void_reason == "刷票"


def test_the_campaign_page_reads_a_page_of_nominations_in_a_fixed_number_of_queries(
    campaign, django_assert_max_num_queries
):
    for number in range(12):
        make_nomination(campaign, name=f"候选人{number}")
    client = logged_in("assessor")
    with django_assert_max_num_queries(20):
        assert client.get(f"/elections/{campaign.pk}/").status_code == 200


def test_the_public_ballot_reads_in_a_fixed_number_of_queries(campaign, django_assert_max_num_queries):
    for number in range(12):
        make_nomination(campaign, name=f"候选人{number}")
    with django_assert_max_num_queries(10):
        assert Client().get(f"/e/{campaign.pk}/").status_code == 200


def test_a_staff_nomination_from_the_page_awaits_the_community_review(campaign):
    from accounts.models import OrgUnit

    form = {
        "category": campaign.categories.get(name="敬业奉献").pk,
        "nominee_name": "赵国庆",
        "community": OrgUnit.objects.get(code="DK-C04").pk,
        "summary": "坚守网格",
        "story": "二十年网格员。",
        "nominator_name": "孙丽",
        "idempotency_key": "once",
    }
    client = logged_in("assessor")
    assert client.post(f"/elections/{campaign.pk}/nominate/", form).status_code == 302
    assert client.post(f"/elections/{campaign.pk}/nominate/", form).status_code == 302  # a resent form
    assert campaign.nominations.filter(nominee_name="赵国庆", stage=Stage.COMMUNITY).count() == 1


def test_the_assessor_changes_the_daily_limit_in_the_settings(campaign):
    from elections.forms import CampaignForm

    data = {name: value for name, value in CampaignForm(instance=campaign).initial.items() if value is not None}
    data.update(votes_per_day=5, title="改不了的名称", voting_starts="2026-12-01T08:00", voting_ends="2027-01-31T20:00")
    data = {k: v for k, v in data.items() if v is not False}
    response = logged_in("assessor").post(f"/elections/{campaign.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign.refresh_from_db()
    assert campaign.votes_per_day == 5 and campaign.title == "测试好人评选"
