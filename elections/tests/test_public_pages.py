"""The residents' pages: verify a phone, vote, nominate; and no personal data on any of them."""

import re

import pytest
from django.test import Client

from elections.models import Nomination, Stage, Vote
from elections.tests.factories import Voter, jpeg, make_nomination
from verification.senders import last_code

PHONE = "13912345678"
# Not inside a longer run of letters and digits: a form's random hex key (uuid4) may hold 11 digits in a row.
PHONE_LIKE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d[\d*]{4}\d{4}(?![0-9A-Za-z])")


@pytest.fixture
def ask_code(django_capture_on_commit_callbacks):
    """Ask for a code as the page's button does; the SMS goes out after commit, so run the callbacks."""

    def ask(client: Client, phone: str, purpose: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/verification/code/", {"phone": phone, "purpose": purpose}).status_code == 200
        return last_code(phone)

    return ask


@pytest.fixture
def verified(ask_code):
    def verify(client: Client, campaign, phone: str = PHONE) -> Client:
        ask_code(client, phone, f"vote:{campaign.pk}")
        response = client.post(f"/e/{campaign.pk}/verify/", {"phone": phone, "code": last_code(phone)})
        assert response.status_code == 302
        return client

    return verify


@pytest.fixture
def nomination(campaign):
    return make_nomination(campaign, photos=[jpeg()])


def test_a_verified_resident_votes_on_the_public_page(campaign, nomination, verified):
    client = verified(Client(), campaign)
    response = client.post(f"/e/{campaign.pk}/vote/", {"nomination": nomination.pk})
    assert response.status_code == 302
    assert Vote.objects.filter(nomination=nomination).count() == 1


def test_a_resident_without_a_verified_phone_cannot_vote(campaign, nomination):
    response = Client().post(f"/e/{campaign.pk}/vote/", {"nomination": nomination.pk})
    assert response.status_code == 403
    assert not Vote.objects.filter(nomination=nomination).exists()


def test_a_wrong_code_is_answered_on_the_form(campaign, nomination):
    client = Client()
    client.post("/verification/code/", {"phone": PHONE, "purpose": f"vote:{campaign.pk}"})
    response = client.post(f"/e/{campaign.pk}/verify/", {"phone": PHONE, "code": "000000"})
    assert response.status_code == 400


def test_a_vote_for_a_nominee_of_another_stage_is_refused_with_400(campaign, nomination, verified):
    pending = make_nomination(campaign, name="未审核", stage=Stage.COMMUNITY)
    client = verified(Client(), campaign)
    assert client.post(f"/e/{campaign.pk}/vote/", {"nomination": pending.pk}).status_code == 400
    assert client.post(f"/e/{campaign.pk}/vote/", {"nomination": "x"}).status_code == 400


def test_a_resident_nominates_with_a_verified_phone(campaign, ask_code):
    client = Client()
    code = ask_code(client, PHONE, f"nominate:{campaign.pk}")
    form = {
        "category": campaign.categories.get(name="孝老爱亲").pk,
        "nominee_name": "李淑华",
        "community": Nomination._meta.get_field("community").related_model.objects.get(code="DK-C05").pk,
        "summary": "照料瘫痪婆婆",
        "story": "婆婆瘫痪在床十五年。",
        "nominator_name": "邻居",
        "phone": PHONE,
        "code": code,
        "idempotency_key": "k1",
        "photos": [jpeg()],
    }
    response = client.post(f"/e/{campaign.pk}/nominate/", form)
    assert response.status_code == 200, response.content.decode()[:2000]
    nomination = Nomination.objects.get(campaign=campaign, nominee_name="李淑华")
    assert (
        nomination.nominator_phone == PHONE and nomination.stage == Stage.COMMUNITY and nomination.photos.count() == 1
    )


def test_a_nomination_with_a_wrong_code_is_not_saved(campaign):
    response = Client().post(
        f"/e/{campaign.pk}/nominate/",
        {"category": campaign.categories.first().pk, "nominee_name": "某某", "phone": PHONE, "code": "123456"},
    )
    assert response.status_code == 400
    assert not Nomination.objects.filter(campaign=campaign, nominee_name="某某").exists()


def test_the_public_pages_show_no_phone_numbers(campaign, nomination, verified):
    make_nomination(campaign, name="居民推荐", nominator_phone="13812345678", stage=Stage.APPROVED)
    Voter(PHONE).vote(campaign, nomination)
    from elections import services

    services.campaign_publish(actor=campaign.created_by, campaign=campaign)
    client = verified(Client(), campaign, "13700001111")
    for url in (f"/e/{campaign.pk}/", f"/e/{campaign.pk}/honours/", f"/e/{campaign.pk}/nominate/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PHONE_LIKE.findall(html) == [], url
        assert "居民推荐" in html or url.endswith("nominate/")


def test_live_results_are_hidden_unless_the_campaign_shows_them(campaign, nomination):
    Voter(PHONE).vote(campaign, nomination)
    assert 'data-testid="count"' not in Client().get(f"/e/{campaign.pk}/").content.decode()
    from elections import services

    services.campaign_update(actor=campaign.created_by, campaign=campaign, show_live_results=True)
    assert 'data-testid="count"' in Client().get(f"/e/{campaign.pk}/").content.decode()


def test_the_photo_of_an_approved_nomination_is_public(campaign, nomination):
    photo = nomination.photos.get()
    response = Client().get(f"/e/photos/{photo.pk}/?size=thumb")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_the_photo_of_a_nomination_under_review_is_not_public(campaign):
    pending = make_nomination(campaign, name="审核中", stage=Stage.COMMUNITY, photos=[jpeg()])
    assert Client().get(f"/e/photos/{pending.photos.get().pk}/").status_code == 404


def test_the_ballot_is_paginated(campaign):
    from elections.public import BALLOT_PAGE

    for number in range(BALLOT_PAGE + 1):
        make_nomination(campaign, name=f"候选人{number}")
    first = Client().get(f"/e/{campaign.pk}/").content.decode()
    second = Client().get(f"/e/{campaign.pk}/?page=2").content.decode()
    assert first.count('data-testid="nominee"') == BALLOT_PAGE
    assert second.count('data-testid="nominee"') == 1
