import pytest

from civicgrid.personal import EncryptedTextField, decrypt, encrypt, lookup_hash


def test_an_encrypted_value_opens_to_the_same_text_and_hides_it():
    token = encrypt("370102199003071234")
    assert "370102199003071234" not in token
    assert decrypt(token) == "370102199003071234"


def test_encryption_is_randomised_so_equal_values_look_different():
    assert encrypt("13812345678") != encrypt("13812345678")


def test_the_field_stores_a_token_and_gives_back_the_text():
    field = EncryptedTextField()
    stored = field.get_prep_value("13812345678")
    assert stored.startswith("enc1:") and "13812345678" not in stored
    assert field.from_db_value(stored, None, None) == "13812345678"
    assert field.get_prep_value("") == "" and field.get_prep_value(None) is None


def test_old_keys_still_open_values_after_a_rotation(settings):
    settings.PERSONAL_DATA_KEY = "old-master-key-0000000000000000000000"
    token = encrypt("13812345678")
    settings.PERSONAL_DATA_KEY = "new-master-key-1111111111111111111111"
    with pytest.raises(ValueError):
        decrypt(token)
    settings.PERSONAL_DATA_OLD_KEYS = ["old-master-key-0000000000000000000000"]
    assert decrypt(token) == "13812345678"


def test_lookup_hashes_are_keyed_and_separated_by_purpose(settings):
    one = lookup_hash("13812345678", purpose="phone")
    assert one == lookup_hash("13812345678", purpose="phone") and len(one) == 64
    assert one != lookup_hash("13812345678", purpose="id-number")
    settings.PERSONAL_DATA_LOOKUP_KEY = "another-lookup-key-22222222222222222"
    assert lookup_hash("13812345678", purpose="phone") != one
