"""An arithmetic captcha that needs no network and no image library: a signed question, answered once."""

import secrets

from django.core import signing

from civicgrid.ratelimit import use_once

SALT = "civicgrid.captcha"
MAX_AGE = 30 * 60


def new_challenge() -> tuple[str, str]:
    """(question text, signed token) — e.g. ("7 + 5 = ?", "...")."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(8)}, salt=SALT)
    return f"{a} + {b} = ?", token


def check(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    try:
        right = int((answer or "").strip()) == data["a"] + data["b"]
    except ValueError:
        return False
    # Each question is good for one submission: a bot cannot reuse one solved token.
    return right and use_once(f"captcha:{data['n']}", ttl_seconds=MAX_AGE)
