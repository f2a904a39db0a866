"""The report form's image captcha: drawn offline, refreshed by script without inline code, stored in the database."""

import io
import re

from captcha.models import CaptchaStore
from django.test import Client
from PIL import Image

from cases.captcha import ALPHABET, challenge


def shown_key(client) -> str:
    return re.search(r'name="captcha_0" value="(\w+)"', client.get("/public/report/").content.decode())[1]


def test_the_form_shows_a_picture_and_stores_its_answer(db):
    client = Client()
    key = shown_key(client)
    store = CaptchaStore.objects.get(hashkey=key)
    assert len(store.challenge) == 4 and set(store.challenge) <= set(ALPHABET)
    # The answer is in the database only, not on the page.
    assert store.challenge not in client.get("/public/report/").content.decode().split('name="csrfmiddlewaretoken"')[0]


def test_the_picture_is_drawn_with_the_bundled_font(db):
    client = Client()
    key = shown_key(client)
    response = client.get(f"/captcha/image/{key}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.width > 60 and picture.height > 20


def test_another_picture_is_a_new_challenge_for_a_script_only(db):
    client = Client()
    assert client.get("/captcha/refresh/").status_code == 404
    answer = client.get("/captcha/refresh/", headers={"X-Requested-With": "XMLHttpRequest"}).json()
    assert CaptchaStore.objects.filter(hashkey=answer["key"]).exists()
    assert answer["image_url"] == f"/captcha/image/{answer['key']}/"


def test_new_pictures_are_limited_per_client(db, monkeypatch, time_machine):
    """Each new picture is a row in the database: a client may not draw them without end."""
    time_machine.move_to("2026-11-30 09:00:01+08:00", tick=False)  # well inside one ten-minute window
    monkeypatch.setattr("cases.public.CAPTCHA_REFRESHES", 3)
    client, xhr = Client(), {"X-Requested-With": "XMLHttpRequest"}
    codes = [client.get("/captcha/refresh/", headers=xhr).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/captcha/refresh/", headers=xhr).json()["error"]
    assert CaptchaStore.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get("/captcha/refresh/", headers=xhr).status_code == 200


def test_the_form_page_has_no_inline_script(db):
    page = Client().get("/public/report/").content.decode()
    assert 'src="/static/js/captcha.js"' in page or "js/captcha" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
    assert "data-captcha-refresh" in page


def test_challenges_use_letters_that_cannot_be_confused():
    text, answer = challenge()
    assert answer == text.lower() and not set(text) & set("0O1IL2Z5S8B")


def test_expired_challenges_are_forgotten(db, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    from cases.tasks import forget_expired_captchas

    CaptchaStore.objects.create(challenge="ACDE", response="acde")
    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    assert forget_expired_captchas.call_local() == 1
