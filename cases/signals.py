"""Signals other apps listen to without cases knowing them."""

from django.dispatch import Signal

# Sent by the worker after a committed case event was delivered (notifications.queue through cases.messages, after its commit);
# kwargs: event_id. The command centre updates its KPI rollups from it.
event_committed = Signal()
