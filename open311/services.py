"""Writes of the Open311 app: client keys, and a service request turned into a case (through cases.case_report)."""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from cases.models import Case, CaseSource, Category, FilingCondition
from cases.services import case_report
from open311.models import ClientApplication, Submission

KEY_PREFIX_LENGTH = 8


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def _set_key(client: ClientApplication, raw_key: str) -> None:
    client.key_hash = hash_key(raw_key)
    client.key_prefix = raw_key[:KEY_PREFIX_LENGTH]
    client.key_created_at = timezone.now()


def new_raw_key() -> str:
    return secrets.token_urlsafe(32)


def client_register(*, actor, client: ClientApplication, raw_key: str | None = None) -> str:
    """Save a new client application with a fresh key (or `raw_key`); return the key, which is not kept."""
    raw_key = raw_key or new_raw_key()
    with transaction.atomic():
        _set_key(client, raw_key)
        client.save()
        audit_record(actor=actor, action="open311.client.create", target=client, summary=client.name)
    return raw_key


def client_rotate_key(*, actor, client: ClientApplication) -> str:
    """Give the client a new key; the old one stops working at once. Returns the new key (shown once)."""
    raw_key = new_raw_key()
    with transaction.atomic():
        client = ClientApplication.objects.select_for_update().get(pk=client.pk)
        _set_key(client, raw_key)
        client.save(update_fields=["key_hash", "key_prefix", "key_created_at"])
        audit_record(actor=actor, action="open311.client.rotate_key", target=client, summary=client.name)
    return raw_key


def client_authenticate(raw_key: str | None) -> ClientApplication | None:
    """The active client application holding this key, or None."""
    raw_key = (raw_key or "").strip()
    if not raw_key or len(raw_key) > 200:
        return None
    client = ClientApplication.objects.filter(key_hash=hash_key(raw_key), is_active=True).first()
    if client is not None:
        ClientApplication.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client


@dataclass(frozen=True)
class NewRequest:
    """A validated POST requests call (see open311.params.parse_new_request)."""

    category: Category
    lng: float
    lat: float
    crs: str = "wgs84"
    description: str = ""
    address: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    account_id: str = ""
    device_id: str = ""
    media_url: str = ""
    condition: FilingCondition | None = None
    attributes: dict = field(default_factory=dict)
    photos: tuple = ()
    idempotency_key: str = ""


def _case_key(key: str) -> str | None:
    """A client's idempotency key (up to 200 characters) made short enough for Case.idempotency_key."""
    key = key.strip()
    if not key:
        return None
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def request_submit(*, client: ClientApplication, data: NewRequest) -> tuple[Case, bool]:
    """Report the problem as a case from source `open311`; the same idempotency key twice gives the same case.

    Raises django's ValidationError (from case_report) when the position or a photo is refused; nothing is stored.
    """
    description = data.description.strip() or data.category.label
    with transaction.atomic():
        case, created = case_report(
            source=CaseSource.OPEN311,
            description=description,
            lng=data.lng,
            lat=data.lat,
            crs=data.crs,
            category=data.category,
            address=data.address,
            reporter_name=data.reporter_name,
            reporter_phone=data.reporter_phone,
            reporter_email=data.reporter_email,
            idempotency_key=_case_key(data.idempotency_key),
            sender=f"open311:{client.pk}",  # a key is the client application's own
            photos=list(data.photos),
        )
        if created:
            Submission.objects.create(
                case=case,
                client=client,
                account_id=data.account_id[:100],
                device_id=data.device_id[:100],
                media_url=data.media_url[:500],
                condition=data.condition,
                attributes=data.attributes,
            )
    return case, created
