from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from surveys.models import Response
from verification import senders

PHONE = "13912345678"


@pytest.fixture
def send_code(django_capture_on_commit_callbacks):
    def send(client, world):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/verification/code/", {"phone": PHONE, "purpose": f"survey:{world.survey.pk}"})
        assert response.status_code == 200, response.content
        return senders.last_code(PHONE)

    return send


def submit(client, world, code, token):
    return client.post(
        f"/surveys/s/{world.survey.public_id}/",
        {"c": "DK-C01", "token": token, "q_Q1": "知道", "q_Q2": "支持", "q_Q3": "5", "phone": PHONE, "code": code},
    )


def test_the_second_answer_from_one_phone_is_refused(world, send_code):
    client = Client()
    first = submit(client, world, send_code(client, world), "token-1")
    assert first.status_code == 302
    other = Client()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):  # past the wait between two codes
        second = submit(other, world, send_code(other, world), "token-2")
    assert second.status_code == 400
    assert "已经参加过" in second.content.decode() or "already answered" in second.content.decode()
    assert Response.objects.filter(survey=world.survey).count() == 1


def test_the_phone_is_never_stored_beside_the_answers(world, send_code):
    client = Client()
    assert submit(client, world, send_code(client, world), "token-1").status_code == 302
    response = Response.objects.get(survey=world.survey)
    assert PHONE not in str(list(Response.objects.filter(survey=world.survey).values_list()))
    assert response.respondent_key.startswith("p:") and len(response.respondent_key) == 66


def test_a_retried_submission_is_recorded_once(world, send_code):
    client = Client()
    code = send_code(client, world)
    assert submit(client, world, code, "token-1").status_code == 302
    # The resend carries the same token (and the code, now used up): it lands on the thank-you page.
    assert submit(client, world, code, "token-1").status_code == 302
    assert Response.objects.filter(survey=world.survey).count() == 1


def test_the_same_respondent_key_twice_is_a_clear_error(world):
    world.answer(key="same")
    with pytest.raises(ValidationError) as error:
        world.answer(key="same")
    assert "respondent" in error.value.message_dict
