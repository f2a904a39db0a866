"""Whose events the queue holds: looked up when asked, once every app is loaded (civicgrid.plugins.collect)."""

from civicgrid.plugins import MessageSource, message_source

# QueuedEvent.event and WebhookDelivery.event point at case events; a second kind of event would carry the name
# of its source in the row.
QUEUED = "case_event"


def queued_source() -> MessageSource:
    return message_source(QUEUED)
