"""The resident's tracking page ticks a step when an event brought the case there, by whichever action."""

from cases.models import WorkflowSettings
from cases.public import public_steps
from cases.tests.test_intake_approval import go, reported, request_file
from civicgrid.config_cache import forget


def ticked(actions):
    return [done for _label, done in public_steps(set(actions))]


def test_filing_through_the_shift_leads_approval_ticks_accepted():
    assert ticked(["report", "request_file", "approve_file", "dispatch"]) == [True, True, True, False, False, False]


def test_a_redispatch_ticks_sent_to_the_department():
    assert ticked(["report", "file", "redispatch"])[2]


def test_a_request_alone_does_not_tick_accepted():
    assert ticked(["report", "request_file"]) == [True, False, False, False, False, False]


def test_the_tracking_page_ticks_accepted_after_an_approved_filing(client, world):
    WorkflowSettings.objects.update(intake_approval=True)
    forget()
    try:
        case = go(request_file(world, reported(world)), "approve_file", world.shift_lead, "2026-11-30 09:30")
    finally:
        forget()
    body = client.get(f"/public/track/{case.tracking_code}/").content.decode()
    accepted = body.split("已受理立案")[0].rsplit("<li", 1)[1]
    assert "bi-check-circle-fill" in accepted
