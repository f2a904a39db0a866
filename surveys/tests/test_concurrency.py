"""One respondent's answer sent twice at the same instant (two taps, two tabs): one is recorded, the other is told;
two answers racing for a community's last quota place: one is flagged."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from civicgrid.testing import demo_subdistrict
from surveys.models import Response
from surveys.tests.conftest import SurveyWorld


def race(world, calls):
    start = threading.Barrier(len(calls))
    outcomes = []

    def run(kwargs):
        try:
            start.wait()
            world.answer(**kwargs)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(sorted(exc.message_dict))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(kwargs,)) for kwargs in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_respondent_answering_twice_at_once_is_recorded_once():
    demo_subdistrict()  # a transactional test before may have emptied the database
    world = SurveyWorld()
    outcomes = race(world, [{"key": "same", "token": "a"}, {"key": "same", "token": "b"}])
    assert sorted(map(str, outcomes)) == ["['respondent']", "ok"]
    assert Response.objects.filter(survey=world.survey).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_answers_racing_for_the_last_quota_place_flag_one():
    demo_subdistrict()
    world = SurveyWorld(quota=1)
    assert race(world, [{"key": "one", "token": "a"}, {"key": "two", "token": "b"}]) == ["ok", "ok"]
    flags = sorted(Response.objects.filter(survey=world.survey).values_list("over_quota", flat=True))
    assert flags == [False, True]
