from django.test import Client

from civicgrid.personal import phone_hash
from surveys import privacy
from surveys.models import Response
from verification import senders

PHONE = "13912345670"


def answer_by_phone(world, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/verification/code/", {"phone": PHONE, "purpose": f"survey:{world.survey.pk}"})
    response = client.post(
        f"/surveys/s/{world.survey.public_id}/",
        {"c": "DK-C01", "token": "t", "q_Q1": "知道", "q_Q2": "支持", "q_Q3": "5", "phone": PHONE,
         "code": senders.last_code(PHONE)},
    )  # fmt: skip
    assert response.status_code == 302


def test_a_residents_answers_are_found_by_their_phone_for_an_export(world, django_capture_on_commit_callbacks):
    answer_by_phone(world, django_capture_on_commit_callbacks)
    rows = privacy.export(phone_hash(PHONE))
    assert len(rows) == 1 and rows[0]["answers"]["Q1"] == ["知道"] and rows[0]["survey"] == "创城调查"


def test_erasure_unlinks_the_answers_from_the_person_and_keeps_them_counted(world, django_capture_on_commit_callbacks):
    answer_by_phone(world, django_capture_on_commit_callbacks)
    assert privacy.erase(phone_hash(PHONE)) == 1
    assert privacy.export(phone_hash(PHONE)) == []
    assert Response.objects.filter(survey=world.survey).count() == 1
