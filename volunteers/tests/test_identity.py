from datetime import date

import pytest
from django.core.exceptions import ValidationError

from volunteers.identity import check_digit, normalize_id
from volunteers.tests.conftest import id_number

# Real-format numbers (GB 11643-1999): the well-known specimen 11010519491231002X and one computed here.
SPECIMEN = "11010519491231002X"


def test_a_resident_id_with_a_right_check_digit_is_accepted():
    assert normalize_id("resident", SPECIMEN) == SPECIMEN
    assert normalize_id("resident", SPECIMEN.lower()) == SPECIMEN


def test_the_check_digit_is_computed_by_the_national_standard():
    assert check_digit("11010519491231002") == "X"
    assert check_digit("44052418800101001") == "4"


def test_a_wrong_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as caught:
        normalize_id("resident", "110105194912310021")
    assert (
        "check digit" in caught.value.message_dict["id_number"][0]
        or "校验" in caught.value.message_dict["id_number"][0]
    )


def test_an_impossible_birth_date_is_refused():
    first17 = "37010520230230123"  # 30 February
    with pytest.raises(ValidationError):
        normalize_id("resident", first17 + check_digit(first17))


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError):
        normalize_id("resident", id_number(date(2990, 1, 1)))


def test_a_short_resident_id_is_refused():
    with pytest.raises(ValidationError):
        normalize_id("resident", "37010519800101")


def test_other_documents_are_accepted_as_printed():
    assert normalize_id("passport", " e1234 5678 ") == "E12345678"
    assert normalize_id("hk_macao", "H12345678") == "H12345678"
