"""After a transition commits: inbox rows, and webhook deliveries with retries that never block the case."""

import json
from datetime import timedelta

from django.utils import timezone

from cases.services import case_report, transition
from notifications.channels import verify_generic
from notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from notifications.tasks import retry_webhooks
from notifications.webhooks import attempt_webhook


def filed_case(world):
    lng, lat = world.point()
    case, _ = case_report(source="patrol", description="垃圾", lng=lng, lat=lat, actor=world.patroller)
    return transition(
        case=case, action="file", actor=world.operator, category=world.category, condition=world.condition
    )


def test_dispatch_tells_every_department_with_a_part(world, django_capture_on_commit_callbacks):
    case = filed_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw, assists=[world.sz])
    departments = set(
        Notification.objects.filter(case=case, verb="assigned").values_list("department__code", flat=True)
    )
    assert departments == {"DEP-HW", "DEP-SZ"}


def test_return_tells_the_dispatchers_of_the_area(world, django_capture_on_commit_callbacks):
    case = filed_case(world)
    case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="return_", actor=world.handler, reason="派错了")
    assert Notification.objects.filter(case=case, verb="returned", user=world.dispatcher).exists()


def test_generic_webhook_gets_a_signed_event(world, server, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(name="区平台", channel="generic", url=server.base_url + "/hook", secret="s3cret")
    case = filed_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    received = server.received[-1]
    document = json.loads(received.body)
    assert document["type"] == "case.dispatch" and document["case"]["number"] == case.number
    assert verify_generic("s3cret", received.headers["x-civicgrid-signature"], received.body,
                          timestamp=received.headers["x-civicgrid-timestamp"])  # fmt: skip
    assert WebhookDelivery.objects.filter(event__action="dispatch").get().status == "sent"


def test_a_dead_webhook_never_blocks_the_case_and_is_retried_with_backoff(
    world, closed_port_url, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        name="坏的", channel="generic", url=closed_port_url, secret="x", actions=["dispatch"]
    )
    case = filed_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    assert case.state == "dispatched"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=20)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert retry_webhooks.call_local() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2


def test_deliveries_of_one_case_go_in_order(world, server, django_capture_on_commit_callbacks):
    endpoint = WebhookEndpoint.objects.create(
        name="区平台", channel="generic", url=server.base_url + "/hook", secret="k"
    )
    case = filed_case(world)
    case = transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw)
    transition(case=case, action="accept", actor=world.handler)
    from cases.messages import outgoing
    from cases.models import CaseEvent
    from notifications.webhooks import queue_webhooks

    dispatch_event = CaseEvent.objects.get(case=case, action="dispatch")
    accept_event = CaseEvent.objects.get(case=case, action="accept")
    queue_webhooks(outgoing(dispatch_event.pk))
    queue_webhooks(outgoing(accept_event.pk))
    later = WebhookDelivery.objects.get(endpoint=endpoint, event=accept_event)
    attempt_webhook(later.pk)
    later.refresh_from_db()
    assert later.status == "retrying" and later.attempts == 0  # waits for the dispatch delivery
    attempt_webhook(WebhookDelivery.objects.get(endpoint=endpoint, event=dispatch_event).pk)
    attempt_webhook(later.pk)
    later.refresh_from_db()
    assert later.status == "sent"
    assert [json.loads(r.body)["type"] for r in server.received] == ["case.dispatch", "case.accept"]
