"""Phone verification codes: send one, check one. The SMS gateway is the setting SMS_SENDER.

No audit row per code: codes are asked for by anonymous residents in large numbers, and the PhoneCode row is the
record (without the phone in clear). What the code then proves (an answer, a vote) is audited by its own module.
"""

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from civicgrid.personal import lookup_hash, phone_hash
from civicgrid.ratelimit import hit
from verification.models import PhoneCode

CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
PURPOSE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass
class VerificationError(Exception):
    field: str
    message: str
    status: int = 400

    def __str__(self) -> str:
        return self.message


def normalize_phone(value: str) -> str:
    """A mainland mobile number as 11 digits; spaces, dashes and a +86 / 0086 prefix are dropped."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
    if not digits:
        raise VerificationError("phone", _("Enter your mobile phone number."))
    if not MOBILE.match(digits):
        raise VerificationError("phone", _("Enter an 11-digit mainland mobile number, e.g. 13812345678."))
    return digits


def _code_hash(*, phone: str, purpose: str, code: str) -> str:
    return lookup_hash(f"{phone}\x00{purpose}\x00{code}", purpose="verification-code")


def _limit(key: str, *, limit: int, window_seconds: int, message: str) -> None:
    verdict = hit(key, limit=limit, window_seconds=window_seconds)
    if not verdict.allowed:
        raise VerificationError("phone", message.format(seconds=verdict.retry_after), status=429)


def code_send(*, phone: str, purpose: str, ip: str) -> None:
    """Send a six-digit code to `phone` for `purpose`; raises VerificationError (status 429 when rate-limited)."""
    phone = normalize_phone(phone)
    if not PURPOSE.match(purpose or ""):
        raise VerificationError("purpose", _("This page cannot ask for a verification code."))
    hashed = phone_hash(phone)
    limits = settings.VERIFICATION_LIMITS
    _limit(
        f"sms:ip:{ip}",
        limit=limits["per_ip_hour"],
        window_seconds=3600,
        message=_("Too many codes were asked for from this network. Try again in {seconds} seconds."),
    )
    _limit(
        f"sms:phone:{hashed}:minute",
        limit=1,
        window_seconds=60,
        message=_("A code was just sent to this phone. Ask again in {seconds} seconds."),
    )
    _limit(
        f"sms:phone:{hashed}:day",
        limit=limits["per_phone_day"],
        window_seconds=86400,
        message=_("This phone has had too many codes today. Try again tomorrow."),
    )
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.create(
            phone_hash=hashed,
            purpose=purpose,
            code_hash=_code_hash(phone=phone, purpose=purpose, code=code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        text = _("Your CivicGrid verification code is {code}. It is valid for 10 minutes; do not tell anyone.").format(
            code=code
        )
        transaction.on_commit(lambda: sender().send(phone, text))


def code_check(*, phone: str, purpose: str, code: str) -> str:
    """The phone's look-up hash if `code` is a live code sent to it for `purpose`; the code is then used up.

    Call it outside your own transaction: a wrong try must stay counted even when your action is rolled back."""
    phone = normalize_phone(phone)
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        raise VerificationError("code", _("Enter the six-digit code from the text message."))
    now = timezone.now()
    hashed = phone_hash(phone)
    live = list(
        PhoneCode.objects.filter(
            phone_hash=hashed, purpose=purpose, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS
        ).order_by("-created_at")[:3]
    )
    if not live:
        raise VerificationError("code", _("The code has expired or was used. Ask for a new one."))
    wanted = _code_hash(phone=phone, purpose=purpose, code=code)
    match = next((row for row in live if hmac.compare_digest(row.code_hash, wanted)), None)
    if match is None:
        PhoneCode.objects.filter(pk__in=[row.pk for row in live]).update(attempts=F("attempts") + 1)
        raise VerificationError("code", _("The code is not right. Check the text message and try again."))
    # A conditional update, so two requests racing with one code cannot both pass.
    if not PhoneCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=now):
        raise VerificationError("code", _("The code has expired or was used. Ask for a new one."))
    return hashed


def codes_forget(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete codes past use: they serve nothing after their lifetime but rate-limit history (kept elsewhere)."""
    deleted, _rows = PhoneCode.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


def sender():
    return import_string(settings.SMS_SENDER)()


__all__ = ["VerificationError", "code_check", "code_send", "codes_forget", "normalize_phone", "phone_hash"]
