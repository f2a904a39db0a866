from django.test import Client

from accounts.models import User
from surveys.models import Response


def door_post(world, address, token):
    client = Client()
    client.force_login(User.objects.get(username="patroller"))
    return client.post(
        f"/surveys/door/{world.survey.pk}/",
        {"community": world.c01.pk, "address": address, "token": token, "q_Q1": "知道", "q_Q2": "支持", "q_Q3": "4"},
    )


def test_a_patroller_records_a_household_door_to_door_counted_separately(world):
    assert door_post(world, "堤口庄3号楼2单元", "d1").status_code == 302
    response = Response.objects.get(survey=world.survey)
    assert (response.mode, response.community, response.address) == ("door", world.c01, "堤口庄3号楼2单元")
    assert response.collected_by.username == "patroller"


def test_the_same_household_twice_is_refused(world):
    door_post(world, "堤口庄3号楼2单元", "d1")
    second = door_post(world, " 堤口庄3号楼2单元 ", "d2")
    assert second.status_code == 400
    assert Response.objects.filter(survey=world.survey).count() == 1


def test_a_grid_worker_cannot_record_a_household_of_another_community(world):
    client = Client()
    client.force_login(User.objects.get(username="patroller2"))  # 化纤厂路社区
    response = client.post(
        f"/surveys/door/{world.survey.pk}/",
        {"community": world.c01.pk, "address": "堤口庄1号", "token": "x", "q_Q1": "知道", "q_Q2": "支持", "q_Q3": "4"},
    )
    assert response.status_code == 400
    assert not Response.objects.filter(survey=world.survey).exists()


def test_door_to_door_answers_are_not_held_to_the_public_quota(db):
    from surveys.tests.conftest import SurveyWorld

    world = SurveyWorld(quota=1)
    world.answer()
    assert not world.answer(mode="door").over_quota
