"""Any random sequence of actions leaves a case in a state the table allows, with one event per success."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import CaseEvent
from cases.services import CaseError, case_report, transition
from cases.tests.conftest import at, photo
from cases.workflow import REACHABLE_STATES, TRANSITIONS


def arguments(world, action, survivor):
    actor = {
        "file": world.operator, "void": world.operator, "merge": world.operator, "request_file": world.operator,
        "request_void": world.operator, "approve_file": world.shift_lead, "approve_void": world.shift_lead,
        "reject_request": world.shift_lead, "self_dispose": world.patroller,
        "dispatch": world.dispatcher, "redispatch": world.dispatcher, "return_": world.handler, "accept": world.handler,
        "assist_feedback": world.handler_sz, "dispose": world.handler, "request_postpone": world.handler,
        "approve_postpone": world.shift_lead, "reject_postpone": world.shift_lead, "verify_ok": world.patroller,
        "verify_fail": world.patroller, "close": world.shift_lead, "close_transferred": world.shift_lead,
        "shelve": world.shift_lead, "unshelve": world.shift_lead, "supervise": world.commander, "reopen": world.patroller,
    }[action]  # fmt: skip
    fields = {
        "reason": "理由", "feedback": "反馈", "message": "督办意见", "category": world.category,
        "condition": world.condition, "department": world.hw, "assists": [world.sz], "survivor": survivor,
        "amount": 1, "unit": "work_hour", "review_date": date.today() + timedelta(days=3),
    }  # fmt: skip
    if action == "self_dispose":
        fields.update(photos_before=[photo()], photos_after=[photo()])
    if action == "dispose":
        fields.update(photos_after=[photo()])
    return actor, fields


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(steps=st.lists(st.sampled_from(sorted(TRANSITIONS)), min_size=1, max_size=25))
def test_random_action_sequences_stay_inside_the_table(world, steps):
    lng, lat = world.point()
    survivor, _ = case_report(
        source="patrol", description="另一个问题", lng=lng, lat=lat, actor=world.patroller, now=at("2026-11-30 08:50")
    )
    case, _ = case_report(
        source="patrol", description="问题", lng=lng, lat=lat, actor=world.patroller, now=at("2026-11-30 09:00")
    )
    successes = 0
    for number, action in enumerate(steps, start=1):
        actor, fields = arguments(world, action, survivor)
        before = (case.state, case.version)
        try:
            case = transition(
                case=case,
                action=action,
                actor=actor,
                now=at("2026-11-30 09:00") + timedelta(minutes=7 * number),
                **fields,
            )
        except (CaseError, ValidationError):
            case.refresh_from_db()
            assert (case.state, case.version) == before  # a refused action changes nothing
            continue
        successes += 1
        spec = TRANSITIONS[action]
        assert before[0] in spec.sources
        assert case.state in REACHABLE_STATES
        if spec.target not in (None, "previous"):
            assert case.state == spec.target
    assert CaseEvent.objects.filter(case=case).count() == successes + 1  # + the report
    assert case.version == successes + 1
    assert case.stages.filter(completed_at__isnull=True).count() <= 1
    # The case points at its running (or paused) stage, if any.
    running = case.stages.filter(completed_at__isnull=True).values_list("pk", flat=True).first()
    assert type(case).objects.get(pk=case.pk).open_stage_id == running
