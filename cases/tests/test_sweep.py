"""The deadline sweep: warn, mark overdue, escalate; twice in a row does nothing twice."""

from cases.models import CaseEvent, Notification
from cases.services import transition
from cases.sweep import sweep_deadlines
from cases.tests.conftest import at


def dispatched_case(world):
    case = world.filed_case()
    return transition(
        case=case, action="dispatch", actor=world.dispatcher, department=world.hw, now=at("2026-11-30 09:30")
    )


def test_warn_then_overdue_then_escalate_each_once(world):
    case = dispatched_case(world)  # disposal due 15:00 (4 working hours); warning at 80 % = 14:12
    assert sweep_deadlines(at("2026-11-30 14:00")).warned == 0
    first = sweep_deadlines(at("2026-11-30 14:30"))
    assert (first.warned, first.overdue, first.escalated) == (1, 0, 0)
    case.refresh_from_db()
    assert case.light == "yellow"
    assert sweep_deadlines(at("2026-11-30 14:31")).warned == 0  # idempotent

    overdue = sweep_deadlines(at("2026-11-30 15:01"))
    assert (overdue.warned, overdue.overdue) == (0, 1)
    case.refresh_from_db()
    assert case.is_overdue and case.light == "overdue"
    assert sweep_deadlines(at("2026-11-30 15:02")).overdue == 0

    # Escalation after 4 more working hours: 15:00 + 2.5 h today + 1.5 h tomorrow = 10:00 next day.
    assert sweep_deadlines(at("2026-12-01 09:59")).escalated == 0
    escalated = sweep_deadlines(at("2026-12-01 10:01"))
    assert escalated.escalated == 1
    case.refresh_from_db()
    assert case.supervised is True
    assert CaseEvent.objects.filter(case=case, action="supervise", actor__isnull=True).count() == 1
    assert sweep_deadlines(at("2026-12-01 10:30")).escalated == 0
    verbs = sorted(Notification.objects.filter(case=case, department=world.hw).values_list("verb", flat=True))
    assert verbs == ["overdue", "supervised", "warning"]


def test_a_shelved_case_is_not_swept(world):
    from datetime import date

    case = dispatched_case(world)
    transition(
        case=case,
        action="shelve",
        actor=world.shift_lead,
        reason="等待",
        review_date=date(2027, 1, 5),
        now=at("2026-11-30 10:00"),
    )
    result = sweep_deadlines(at("2026-12-10 10:00"))
    assert (result.warned, result.overdue, result.escalated) == (0, 0, 0)


def test_finished_stage_is_not_overdue(world):
    from cases.tests.conftest import photo

    case = dispatched_case(world)
    case = transition(case=case, action="accept", actor=world.handler, now=at("2026-11-30 09:40"))
    transition(
        case=case,
        action="dispose",
        actor=world.handler,
        feedback="已清理",
        photos_after=[photo()],
        now=at("2026-11-30 10:00"),
    )
    result = sweep_deadlines(at("2026-11-30 15:29"))  # disposal was due 15:00; verification is due 15:30
    assert result.overdue == 0
