from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from verification.senders import last_code
from verification.services import VerificationError, code_check, code_send, phone_hash

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "13912345678"


def send(purpose="survey:1"):
    code_send(phone=PHONE, purpose=purpose, ip="10.0.0.1")
    return last_code(PHONE)


def test_the_right_code_proves_the_phone_and_returns_its_hash():
    code = send()
    assert code_check(phone=PHONE, purpose="survey:1", code=code) == phone_hash(PHONE)


def test_a_code_is_good_once():
    code = send()
    code_check(phone=PHONE, purpose="survey:1", code=code)
    with pytest.raises(VerificationError) as error:
        code_check(phone=PHONE, purpose="survey:1", code=code)
    assert error.value.field == "code"


def test_a_code_for_one_purpose_does_not_open_another():
    code = send("survey:1")
    with pytest.raises(VerificationError):
        code_check(phone=PHONE, purpose="vote:1", code=code)


def test_a_code_expires_after_ten_minutes():
    code = send()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)), pytest.raises(VerificationError):
        code_check(phone=PHONE, purpose="survey:1", code=code)


def test_five_wrong_tries_kill_the_code():
    code = send()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _try in range(5):
        with pytest.raises(VerificationError) as error:
            code_check(phone=PHONE, purpose="survey:1", code=wrong)
        assert error.value.field == "code"
    with pytest.raises(VerificationError):
        code_check(phone=PHONE, purpose="survey:1", code=code)


@pytest.mark.parametrize("typed", ["", "12345", "12345a", "1234567"])
def test_a_code_that_is_not_six_digits_is_refused_on_the_code_field(typed):
    send()
    with pytest.raises(VerificationError) as error:
        code_check(phone=PHONE, purpose="survey:1", code=typed)
    assert error.value.field == "code"


def test_a_code_from_a_message_that_arrived_late_still_works():
    first = send()
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        send()
        assert code_check(phone=PHONE, purpose="survey:1", code=first) == phone_hash(PHONE)
