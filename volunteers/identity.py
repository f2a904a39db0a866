"""Checks of the personal details a volunteer gives: the 18-digit 居民身份证 (GB 11643-1999), other documents, the
mobile number, and the age the ID number implies."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from civicgrid.personal import lookup_hash

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
OTHER_ID = re.compile(r"^[A-Z0-9()（）-]{5,30}$")


def check_digit(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize_id(id_type: str, value: str) -> str:
    """The ID number as stored (upper case, no spaces); raises ValidationError on the `id_number` field."""
    text = re.sub(r"\s+", "", value or "").upper()
    if not text:
        raise ValidationError({"id_number": _("Enter the ID number.")})
    if id_type == "resident":
        if not RESIDENT_ID.match(text):
            raise ValidationError(
                {"id_number": _("A resident ID number has 18 characters: 17 digits and a digit or X.")}
            )
        if check_digit(text[:17]) != text[17]:
            raise ValidationError({"id_number": _("The ID number's check digit is wrong: please check the number.")})
        born = resident_birth_date(text)
        if born is None or born > date.today() or born.year < 1900:
            raise ValidationError({"id_number": _("The birth date in the ID number is not a real date.")})
        return text
    if not OTHER_ID.match(text):
        raise ValidationError({"id_number": _("Enter the document number as printed (letters and digits).")})
    return text


def resident_birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def normalize_mobile(value: str) -> str:
    """The verification app's rule for a mainland mobile number, as a form error."""
    from verification.services import VerificationError, normalize_phone

    try:
        return normalize_phone(value)
    except VerificationError as exc:
        raise ValidationError({"phone": [exc.message]}) from None


def id_lookup(id_type: str, number: str) -> str:
    # The type is part of the hash: a passport number cannot collide with a resident ID number.
    return lookup_hash(f"{id_type}:{number}", purpose="volunteer-id")


def phone_lookup(phone: str) -> str:
    # The verification app's hash of a phone, so a checked code leads straight to the volunteer.
    from verification.services import phone_hash

    return phone_hash(phone)
