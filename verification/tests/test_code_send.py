import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verification.models import PhoneCode
from verification.senders import last_code, outbox
from verification.services import VerificationError, code_send, normalize_phone

pytestmark = pytest.mark.django_db(transaction=True)  # the text goes out after commit


def test_a_code_is_sent_to_the_phone_after_commit():
    code_send(phone="138 1234 5678", purpose="survey:1", ip="10.0.0.1")
    assert outbox[-1][0] == "13812345678"
    assert len(last_code("13812345678")) == 6


def test_neither_phone_nor_code_is_stored_in_clear():
    with CaptureQueriesContext(connection) as queries:
        code_send(phone="13812345678", purpose="survey:1", ip="10.0.0.1")
    row = PhoneCode.objects.get()
    code = last_code("13812345678")
    assert "13812345678" not in row.phone_hash and code not in row.code_hash
    assert not any("13812345678" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("raw", ["+86 138-1234-5678", "008613812345678", "13812345678"])
def test_common_ways_of_writing_a_mobile_number_are_accepted(raw):
    assert normalize_phone(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["", "12812345678", "1381234567", "010-12345678", "1381234567x"])
def test_a_number_that_is_not_a_mainland_mobile_is_refused_on_the_phone_field(raw):
    with pytest.raises(VerificationError) as error:
        code_send(phone=raw, purpose="survey:1", ip="10.0.0.1")
    assert error.value.field == "phone"
    assert not outbox


def test_a_second_code_within_a_minute_is_refused_with_the_wait():
    code_send(phone="13812345678", purpose="survey:1", ip="10.0.0.1")
    with pytest.raises(VerificationError) as error:
        code_send(phone="13812345678", purpose="vote:2", ip="10.0.0.2")
    assert error.value.status == 429
    assert len(outbox) == 1


def test_one_network_cannot_ask_for_codes_without_end(settings):
    settings.VERIFICATION_LIMITS = {"per_ip_hour": 2, "per_phone_day": 10}
    code_send(phone="13800000001", purpose="survey:1", ip="10.9.9.9")
    code_send(phone="13800000002", purpose="survey:1", ip="10.9.9.9")
    with pytest.raises(VerificationError) as error:
        code_send(phone="13800000003", purpose="survey:1", ip="10.9.9.9")
    assert error.value.status == 429
    assert [to for to, _text in outbox] == ["13800000001", "13800000002"]


def test_a_purpose_with_odd_characters_is_refused():
    with pytest.raises(VerificationError) as error:
        code_send(phone="13812345678", purpose="survey 1; drop", ip="10.0.0.1")
    assert error.value.field == "purpose"
