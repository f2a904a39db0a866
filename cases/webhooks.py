"""What a case event says on a webhook: the channel-independent Message for cases.channels."""

from django.conf import settings
from django.urls import reverse

from cases.models import CaseEvent
from cases.notify import describe


def event_document(event: CaseEvent) -> dict:
    """The structured event for integrators (generic JSON webhook and the REST feed)."""
    case = event.case
    return {
        "id": event.pk,
        "type": f"case.{event.action}",
        "time": event.created_at.isoformat(),
        "case": {
            "id": case.pk,
            "number": case.number,
            "state": case.state,
            "category": case.rules.get("category_code") if case.rules else None,
            "lng": case.lng,
            "lat": case.lat,
            "address": case.address,
            "due_at": case.due_at.isoformat() if case.due_at else None,
        },
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "actor": event.actor_label,
    }


def message_for(event: CaseEvent):
    from cases.channels import Message

    title, text = describe(event)
    base = getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")
    url = f"{base}{reverse('admin:cases_case_change', args=[event.case_id])}" if base else ""
    return Message(title=title, text=text, url=url, event=event_document(event))
