from django.test import Client

from surveys.models import Response
from surveys.tests.conftest import SurveyWorld


def post(client, world, token, community="DK-C01"):
    return client.post(
        f"/surveys/s/{world.survey.public_id}/",
        {"c": community, "token": token, "q_Q1": "知道", "q_Q2": "支持", "q_Q3": "4"},
    )


def device_survey():
    return SurveyWorld(identification="device")


def test_a_second_answer_from_the_same_device_is_refused(db):
    world = device_survey()
    client = Client()
    client.get(f"/surveys/s/{world.survey.public_id}/")  # sets the signed device cookie
    assert post(client, world, "a").status_code == 302
    second = post(client, world, "b")
    assert second.status_code == 400
    assert Response.objects.filter(survey=world.survey).count() == 1


def test_a_forged_device_cookie_is_not_taken(db):
    world = device_survey()
    client = Client()
    client.cookies["cg_survey_device"] = "forged"
    assert post(client, world, "a").status_code == 400
    assert not Response.objects.filter(survey=world.survey).exists()


def test_an_answer_from_outside_the_area_is_flagged_not_dropped(db):
    world = device_survey()
    client = Client()
    client.get(f"/surveys/s/{world.survey.public_id}/")
    assert post(client, world, "a", community="-").status_code == 302
    response = Response.objects.get(survey=world.survey)
    assert response.outside_area and response.community is None


def test_a_skipped_required_question_on_the_page_names_it(db):
    world = device_survey()
    client = Client()
    client.get(f"/surveys/s/{world.survey.public_id}/")
    response = client.post(f"/surveys/s/{world.survey.public_id}/", {"c": "DK-C01", "token": "a", "q_Q1": "知道"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-question-error="Q2"' in body and 'data-question-error="Q3"' in body


def test_a_closed_survey_takes_no_answers(db):
    world = device_survey()
    world.survey.is_open = False
    world.survey.save()
    client = Client()
    assert "未开放" in client.get(f"/surveys/s/{world.survey.public_id}/").content.decode()
    post(client, world, "a")
    assert not Response.objects.filter(survey=world.survey).exists()


def test_answers_beyond_the_hourly_limit_of_a_network_are_refused(db, settings):
    settings.SURVEY_ANSWERS_PER_IP_HOUR = 1
    world = device_survey()
    first, second = Client(), Client()
    for client in (first, second):
        client.get(f"/surveys/s/{world.survey.public_id}/")
    assert post(first, world, "a").status_code == 302
    assert post(second, world, "b").status_code == 400
    assert Response.objects.filter(survey=world.survey).count() == 1


def test_an_answer_keeps_the_version_the_resident_was_shown(db):
    from surveys import services

    world = device_survey()
    client = Client()
    client.get(f"/surveys/s/{world.survey.public_id}/")
    shown = world.version
    draft = services.draft_for_edit(actor=world.assessor, survey=world.survey)
    services.version_publish(actor=world.assessor, version=draft)
    response = client.post(
        f"/surveys/s/{world.survey.public_id}/",
        {"c": "DK-C01", "token": "a", "version": shown.pk, "q_Q1": "知道", "q_Q2": "支持", "q_Q3": "4"},
    )
    assert response.status_code == 302
    assert Response.objects.get(survey=world.survey).version == shown


def test_a_community_must_be_chosen(db):
    world = device_survey()
    client = Client()
    client.get(f"/surveys/s/{world.survey.public_id}/")
    assert post(client, world, "a", community="").status_code == 400
    assert not Response.objects.filter(survey=world.survey).exists()
