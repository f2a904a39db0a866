"""Two dispatchers act on one case at the same instant: exactly one wins, the other is told the case changed."""

import threading

import pytest
from django.db import close_old_connections, connection

from cases.models import Case, CaseEvent
from cases.services import CaseError, case_report, transition
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
