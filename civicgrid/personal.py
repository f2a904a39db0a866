"""Personal data at rest (个人信息保护法): ID numbers and phones are stored so that the database alone reveals nothing.

A value is encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the maintained `cryptography` library) under a key
derived from `CIVICGRID_PERSONAL_DATA_KEY`. Encryption is randomised, so the database cannot compare encrypted
values: where a module must find or forbid a duplicate (one person = one volunteer, one answer per phone) it stores
`lookup_hash(value)` beside it, a keyed HMAC that only holders of the key can recompute.

Rotation: set the new key, list the old ones in `CIVICGRID_PERSONAL_DATA_OLD_KEYS` (they still decrypt), keep
`CIVICGRID_LOOKUP_KEY` at the old master key, then run `manage.py reencrypt_personal_data`.
"""

import base64
import hashlib
import hmac
from collections.abc import Iterator
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.conf import settings
from django.db import models

PREFIX = "enc1:"  # marks a stored token, so a plain value left from before (or a wrong key) is told apart


def _derive(master: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"civicgrid personal data", info=purpose).derive(
        master.encode()
    )


@cache
def _fernet(current: str, old: tuple[str, ...]) -> MultiFernet:
    keys = [current, *old]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(key, b"encryption"))) for key in keys])


@cache
def _lookup_key(master: str) -> bytes:
    return _derive(master, b"lookup")


def _keys() -> MultiFernet:
    return _fernet(settings.PERSONAL_DATA_KEY, tuple(settings.PERSONAL_DATA_OLD_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + _keys().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    """The plain value; ValueError if the token was not made with any of the configured keys."""
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _keys().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("the personal-data key does not open this value") from exc


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash for finding equal values (64 hex chars). Normalise `value` first: "370102…x" ≠ "370102…X".

    `purpose` separates uses, so the hash of a phone in the surveys cannot be matched against another table's."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(_lookup_key(settings.PERSONAL_DATA_LOOKUP_KEY), message, hashlib.sha256).hexdigest()


def normalize_phone_digits(value: str) -> str:
    """A phone as its digits, without the country code of a mainland number: the form every hash is made of."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def phone_hash(value: str) -> str:
    """The look-up hash of a phone, the same in every module that keeps one ("" for no phone), so that one
    person's records can be found across modules (an export or an erasure on request)."""
    digits = normalize_phone_digits(value)
    return lookup_hash(digits, purpose="phone") if digits else ""


class EncryptedTextField(models.TextField):
    """A text column whose value is plain in Python and a Fernet token in the database.

    It cannot be filtered, ordered or made unique on: pair it with a `lookup_hash` column for that."""

    description = "Encrypted text"

    def formfield(self, **kwargs):
        # Every encrypted value is one line (a phone, a name, an ID number, an e-mail): a text box, not a textarea.
        return super().formfield(**{"widget": forms.TextInput, **kwargs})

    def from_db_value(self, value, expression, connection):
        # A value without the token prefix was written before the column was encrypted (the migration that
        # encrypts it runs in batches) or by a bulk loader: it is read as it is, and encrypted when saved.
        if value is None or not value.startswith(PREFIX):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


class PhoneHashes:
    """Model mixin: each keyed phone hash column (PHONE_HASHES: phone field → hash field) is set from its phone on
    every save, and saved with it when `update_fields` names the phone, so no form or service can forget it."""

    PHONE_HASHES: dict[str, str] = {}

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        for phone, hashed in self.PHONE_HASHES.items():
            setattr(self, hashed, phone_hash(getattr(self, phone)))
            if update_fields and phone in update_fields:
                kwargs["update_fields"] = update_fields = {*update_fields, hashed}
        super().save(*args, **kwargs)


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and their names."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names
