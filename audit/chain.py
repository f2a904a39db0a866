"""The rule of the tamper-evident audit log: how a row is hashed, and how the chain is checked.

Each AuditEntry carries `prev_hash` (the hash of the row before it in `sequence` order, GENESIS for the
first) and `hash` = SHA-256 of a canonical serialisation of its own content and `prev_hash`. Changing a
row's content breaks its own hash; deleting a row breaks the link of the row after it (and leaves a gap in
`sequence`); deleting rows at the end leaves the chain head (AuditChainHead) pointing past the last row.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import gettext as _

GENESIS = "0" * 64


def canonical_time(value: datetime) -> str:
    # Microseconds in UTC: what both SQLite and PostgreSQL store and give back unchanged.
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value) -> str:
    # Sorted keys and no spaces: PostgreSQL's jsonb gives keys back in its own order.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    *,
    sequence: int,
    created_at: datetime,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    summary: str,
    data: dict,
    prev_hash: str,
) -> str:
    fields = [
        sequence,
        canonical_time(created_at),
        actor_id,
        action,
        target_type,
        target_id,
        summary,
        canonical_json(data),
        prev_hash,
    ]
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def hash_of(entry) -> str:
    return entry_hash(
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


@dataclass(frozen=True)
class Break:
    entry_id: int | None  # None: the break is at the chain head, after the last row
    sequence: int
    kind: str  # "missing" (a gap before this row), "relinked" (prev_hash), "altered" (content), "truncated"
    reason: str


@dataclass(frozen=True)
class Verification:
    verified: int  # rows checked before the first break (all of them when there is none)
    last_hash: str  # the hash of the last intact row: worth writing down elsewhere (see README)
    first_break: Break | None


def _rows(batch_size: int) -> Iterator:
    from audit.models import AuditEntry

    # Keyset pages in sequence order: constant memory and no OFFSET, however long the log.
    after = None
    while True:
        page = AuditEntry.objects.order_by("sequence")
        if after is not None:
            page = page.filter(sequence__gt=after)
        rows = list(page[:batch_size])
        if not rows:
            return
        yield from rows
        after = rows[-1].sequence


def verify_chain(*, batch_size: int = 2000) -> Verification:
    """Walk the whole chain from the first row; stop at the first row that does not fit."""
    from audit.models import AuditChainHead

    expected_sequence, expected_prev, verified = 1, GENESIS, 0
    for entry in _rows(batch_size):
        if entry.sequence != expected_sequence:
            reason = _("sequence %(sequence)s follows %(before)s: a row before it is missing") % {
                "sequence": entry.sequence,
                "before": expected_sequence - 1,
            }
            return Verification(verified, expected_prev, Break(entry.id, entry.sequence, "missing", reason))
        if entry.prev_hash != expected_prev:
            reason = _("its prev_hash does not match the hash of the row before it")
            return Verification(verified, expected_prev, Break(entry.id, entry.sequence, "relinked", reason))
        if hash_of(entry) != entry.hash:
            reason = _("its content does not match its hash: the row was changed after it was written")
            return Verification(verified, expected_prev, Break(entry.id, entry.sequence, "altered", reason))
        expected_sequence, expected_prev, verified = entry.sequence + 1, entry.hash, verified + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence, head.hash) != (expected_sequence - 1, expected_prev):
        reason = _("the chain head names sequence %(head)s, the last row is %(last)s: rows at the end are missing") % {
            "head": head.sequence,
            "last": expected_sequence - 1,
        }
        return Verification(verified, expected_prev, Break(None, head.sequence, "truncated", reason))
    return Verification(verified, expected_prev, None)
