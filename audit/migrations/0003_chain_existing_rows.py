"""Chain the rows written before the log was hash-chained, in id order (their order of writing)."""

from django.db import migrations

from audit.chain import GENESIS, entry_hash

BATCH = 1000


def chain_existing_rows(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    sequence, prev_hash = 0, GENESIS
    after = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=after).order_by("id")[:BATCH])
        if not rows:
            break
        for row in rows:
            sequence += 1
            row.sequence, row.prev_hash = sequence, prev_hash
            row.hash = entry_hash(
                sequence=row.sequence,
                created_at=row.created_at,
                actor_id=row.actor_id,
                action=row.action,
                target_type=row.target_type,
                target_id=row.target_id,
                summary=row.summary,
                data=row.data,
                prev_hash=row.prev_hash,
            )
            prev_hash = row.hash
        AuditEntry.objects.bulk_update(rows, ["sequence", "prev_hash", "hash"])
        after = rows[-1].id
    AuditChainHead.objects.update_or_create(pk=1, defaults={"sequence": sequence, "hash": prev_hash})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]

    operations = [migrations.RunPython(chain_existing_rows, migrations.RunPython.noop)]
