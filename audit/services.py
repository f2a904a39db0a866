import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.chain import GENESIS, entry_hash
from audit.models import AuditChainHead, AuditEntry


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write the audit row of a business action. Call it inside the action's transaction."""
    return _append(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary,
        data=data,
    )


def audit_access(
    *,
    actor: Any | None,
    action: str,
    target_type: str,
    target_id: str = "",
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write the audit row of a read that matters (an export, a file download): no model instance to name."""
    return _append(actor=actor, action=action, target_type=target_type, target_id=target_id, summary=summary, data=data)


def _append(*, actor, action: str, target_type: str, target_id: str, summary: str, data: dict | None) -> AuditEntry:
    # savepoint=False: inside a business transaction this adds no savepoint; alone it is its own transaction.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        entry = AuditEntry(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            target_type=target_type[:64],
            target_id=target_id[:64],
            summary=summary.replace("\x00", "")[:255],
            data=data or {},
            prev_hash=head.hash,
        )
        # Hash what the database will give back: JSON turns tuples into lists and the like.
        entry.data = _json_round_trip(entry.data)
        entry.hash = entry_hash(
            sequence=entry.sequence,
            created_at=entry.created_at,
            actor_id=entry.actor_id,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            summary=entry.summary,
            data=entry.data,
            prev_hash=entry.prev_hash,
        )
        entry.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(sequence=entry.sequence, hash=entry.hash)
        return entry


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends: appends wait for each other here, never fork.

    On PostgreSQL this is a row lock (SELECT ... FOR UPDATE); SQLite ignores it, but there every write
    transaction already holds the database's one write lock from BEGIN (transaction_mode IMMEDIATE).
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # The migration makes the head; a database emptied since (a test flush) starts again from its last row.
        last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=1, sequence=last.sequence if last else 0, hash=last.hash if last else GENESIS)],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    last = AuditEntry.objects.filter(sequence__gt=head.sequence).order_by("-sequence").only("sequence", "hash").first()
    if last is not None:
        # Rows past the head: only a test that put back a database saved before its latest rows (a browser test's
        # serialized rollback) leaves this. Continue from the last row rather than fail every audited write.
        head.sequence, head.hash = last.sequence, last.hash
    return head


def _json_round_trip(data: dict) -> dict:
    # NUL cannot be stored in PostgreSQL text or jsonb; a hostile query string recorded by an export has it.
    return json.loads(json.dumps(data), object_pairs_hook=_without_nul_keys) if data else {}


def _without_nul_keys(pairs: list) -> dict:
    return {_no_nul(key): _no_nul(value) for key, value in pairs}


def _no_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_no_nul(item) for item in value]
    return value
