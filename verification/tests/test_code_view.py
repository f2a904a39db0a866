import pytest
from django.test import Client

from verification.senders import last_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_page_asks_for_a_code_and_gets_ok():
    response = Client().post("/verification/code/", {"phone": "13712345678", "purpose": "survey:3"})
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert last_code("13712345678")


def test_a_bad_phone_gets_a_field_error_in_chinese():
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post("/verification/code/", {"phone": "123", "purpose": "s:1"})
    assert response.status_code == 400
    assert "手机" in response.json()["errors"]["phone"][0]


def test_asking_again_at_once_answers_429():
    client = Client()
    client.post("/verification/code/", {"phone": "13712345678", "purpose": "survey:3"})
    response = client.post("/verification/code/", {"phone": "13712345678", "purpose": "survey:3"})
    assert response.status_code == 429
    assert "phone" in response.json()["errors"]


def test_the_form_needs_the_csrf_token():
    response = Client(enforce_csrf_checks=True).post("/verification/code/", {"phone": "13712345678", "purpose": "s:1"})
    assert response.status_code == 403
