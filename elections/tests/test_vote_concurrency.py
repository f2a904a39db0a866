import threading

import pytest
from django.db import connection

from elections import services
from elections.models import Vote, VoterDay
from elections.tests.factories import Voter, make_campaign, make_nomination

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_concurrent_votes_of_one_person_never_exceed_the_daily_limit():
    campaign = make_campaign(votes_per_day=3, votes_per_device_hour=100)
    nominations = [make_nomination(campaign, name=f"候选人{n}") for n in range(8)]
    voter = Voter("13912345678")
    start = threading.Barrier(len(nominations))
    outcomes = []

    def cast(nomination):
        try:
            start.wait()
            voter.vote(campaign, nomination)
            outcomes.append("counted")
        except services.VoteRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Vote.objects.filter(campaign=campaign).count() == 3
    assert sorted(outcomes) == ["counted"] * 3 + ["refused"] * 5
    assert VoterDay.objects.get(campaign=campaign).count == 3


def test_concurrent_repeats_of_one_vote_count_once():
    campaign = make_campaign()
    nomination = make_nomination(campaign)
    voter = Voter("13912345678")
    start = threading.Barrier(6)
    created = []

    def cast():
        try:
            start.wait()
            created.append(voter.vote(campaign, nomination)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Vote.objects.filter(nomination=nomination).count() == 1
    assert created.count(True) == 1
