from typing import Any

from django.db import models

from audit.models import AuditEntry


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write the audit row of a business action. Call it inside the action's transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:255],
        data=data or {},
    )
