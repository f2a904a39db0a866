from django.test import Client

from accounts.models import User


def test_the_results_page_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for index in range(12):
        world.answer(
            "知道" if index % 2 else "基本知道", "支持", str(1 + index % 5), community=[world.c01, world.c02][index % 2]
        )
    client = Client()
    client.force_login(User.objects.get(username="commander"))
    with django_assert_max_num_queries(30):
        assert client.get(f"/surveys/{world.survey.pk}/results/").status_code == 200


def test_the_survey_list_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = Client()
    client.force_login(User.objects.get(username="assessor"))
    with django_assert_max_num_queries(20):
        assert client.get("/surveys/").status_code == 200
