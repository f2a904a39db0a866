"""Two dispatchers act on one case at the same instant: exactly one wins, the other is told the case changed."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection

from cases.models import Case, CaseEvent, CaseStage
from cases.services import CaseError, case_report, transition
from cases.sweep import sweep_deadlines
from cases.tests.conftest import World, at


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_exactly_one_wins():
    world = World()
    lng, lat = world.point()
    case, _ = case_report(
        source="patrol", description="井盖缺失", lng=lng, lat=lat, actor=world.patroller, now=at("2026-11-30 09:00")
    )
    case = transition(
        case=case, action="file", actor=world.operator, category=world.category, condition=world.condition
    )
    start = threading.Barrier(2)
    outcomes = []

    def dispatch(department):
        try:
            start.wait()
            transition(
                case=case,
                action="dispatch",
                actor=world.dispatcher,
                department=department,
                expected_version=case.version,
            )
            outcomes.append("ok")
        except CaseError as exc:
            outcomes.append(exc.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=dispatch, args=(department,)) for department in (world.hw, world.sz)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["case_changed", "ok"]
    case = Case.objects.get(pk=case.pk)
    assert case.state == "dispatched"
    assert CaseEvent.objects.filter(case=case, action="dispatch").count() == 1
    assert case.assignments.filter(role="lead").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_sweep_and_transitions_on_the_same_cases_neither_fail_nor_lose_or_double_a_stamp(settings):
    """The sweep locks its cases before their stages, as transitions do (cases.rows.lock_case): no deadlock.

    Two threads send cases back and forth between dispatcher and handler (each step completes a stage and
    starts one) while a third sweeps a day later, so every stage they start is overdue at once: the sweep
    stamps stages of cases a transition is holding. Afterwards every case has one `overdue` event per
    stamped stage."""
    settings.SWEEP_DIGEST_OVER = 10_000
    world = World()
    cases = []
    for _ in range(12):
        case = world.filed_case()
        cases.append(transition(case=case, action="dispatch", actor=world.dispatcher, department=world.hw,
                                now=at("2026-11-30 09:30")))  # fmt: skip
    # At least 4 s, and on a loaded machine until each mover has sent its cases round three times (at most
    # 60 s): the sweep must get to stamp stages that the moves started.
    errors, began, rounds = [], time.monotonic(), [0, 0]
    start = threading.Barrier(3)

    def going() -> bool:
        elapsed = time.monotonic() - began
        return elapsed < 60 and (elapsed < 4 or min(rounds) < 3)

    def sweeper():
        try:
            start.wait()
            sweeps = 0
            while going():
                sweeps += 1
                sweep_deadlines(at("2026-12-02 10:00") + timedelta(seconds=sweeps))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    def back_and_forth(mine, me):
        try:
            start.wait()
            while going():
                for case in mine:
                    state = Case.objects.values_list("state", flat=True).get(pk=case.pk)
                    if state == "dispatched":
                        action, actor, fields = "return_", world.handler, {"reason": "派错了"}
                    else:
                        action, actor, fields = "redispatch", world.dispatcher, {"department": world.hw}
                    transition(case=case, action=action, actor=actor, now=at("2026-11-30 10:00"), **fields)
                rounds[me] += 1
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sweeper),
        threading.Thread(target=back_and_forth, args=(cases[0::2], 0)),
        threading.Thread(target=back_and_forth, args=(cases[1::2], 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert errors == []
    stamped = 0
    for case in cases:
        events = CaseEvent.objects.filter(case=case, action="overdue").count()
        stages = CaseStage.objects.filter(case=case, overdue_at__isnull=False).count()
        assert events == stages
        stamped += stages
    assert stamped > len(cases)  # the sweep did stamp stages while the cases moved
