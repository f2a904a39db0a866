"""The transition hot path's SQL (cases.rows) reads and writes exactly what the ORM would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import rows
from cases.models import Case, CaseEvent, CaseStage
from cases.services import case_report, transition
from cases.tests.conftest import at


def _values(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.mark.parametrize("model", [Case, CaseStage, CaseEvent])
def test_no_model_signal_is_connected_to_the_rows_written_in_sql(model):
    # RowWrites sends none; a receiver added later would silently miss every transition.
    for signal in (pre_save, post_save, pre_delete, post_delete):
        assert not signal.has_listeners(model), f"{signal} has a receiver for {model.__name__}"


def test_lock_case_loads_what_the_orm_loads(world):
    case = world.filed_case()
    with transaction.atomic():
        locked = rows.lock_case(case.pk)
    expected = Case.objects.select_related("open_stage").get(pk=case.pk)
    assert _values(locked) == _values(expected)
    assert locked.rules == expected.rules and locked.rules["condition_id"] == world.condition.pk
    assert _values(locked.open_stage) == _values(expected.open_stage)
    assert not locked._state.adding and locked._state.db == "default"


def test_lock_case_without_an_open_stage_and_of_a_missing_case(world):
    case = world.filed_case()
    Case.objects.filter(pk=case.pk).update(open_stage=None)
    with transaction.atomic():
        locked = rows.lock_case(case.pk)
        assert locked.open_stage is None and locked.open_stage_id is None
        assert rows.lock_case(case.pk + 10_000) is None


def test_flush_inserts_updates_and_resolves_a_reference_to_a_row_of_the_same_batch(world):
    case = world.filed_case()
    now = timezone.now()
    with transaction.atomic():
        case = rows.lock_case(case.pk)
        old_stage = case.open_stage
        writes = rows.RowWrites()
        old_stage.completed_at = now
        writes.update(old_stage, "completed_at")
        new_stage = CaseStage(
            case=case, stage="disposal", started_at=now, amount=Decimal("4.50"), unit="work_hour",
            due_at=now + timedelta(hours=5), warn_at=now + timedelta(hours=4),
        )  # fmt: skip
        writes.insert(new_stage)
        case.open_stage, case.state, case.rules = new_stage, "dispatched", {"limit": "4.5", "名": "中文"}
        writes.update(case, "open_stage", "state")
        writes.update(case, "rules", "state")  # merged into the one update of this row
        event = CaseEvent(case=case, action="dispatch", actor=world.dispatcher, actor_label="调度",
                          from_state="filed", to_state="dispatched", payload={"kpi": {"org": 1}}, created_at=now)  # fmt: skip
        writes.insert(event)
        writes.flush()
    assert new_stage.pk and event.pk and case.open_stage_id == new_stage.pk
    assert not new_stage._state.adding and not event._state.adding
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.open_stage_id, stored.rules) == ("dispatched", new_stage.pk, case.rules)
    assert CaseStage.objects.get(pk=old_stage.pk).completed_at == now
    assert _values(CaseStage.objects.get(pk=new_stage.pk)) == _values(new_stage)
    assert _values(CaseEvent.objects.get(pk=event.pk)) == _values(event)


@pytest.mark.django_db
def test_a_transition_writes_its_rows_in_one_statement_on_postgresql(world, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes row by row")
    settings.DB_PREPARED_STATEMENTS = False  # through Django's cursor, so the statements can be counted
    lng, lat = world.point()
    case, _ = case_report(source="patrol", description="垃圾", lng=lng, lat=lat, actor=world.patroller)
    with CaptureQueriesContext(connection) as queries:
        transition(case=case, action="file", actor=world.operator, category=world.category, condition=world.condition)
    statements = [q["sql"] for q in queries.captured_queries if "cases_" in q["sql"]]
    assert statements[0].startswith("SELECT") and "FOR UPDATE" in statements[0]
    assert statements[1].startswith("WITH") and len(statements) == 2, statements


def test_prepared_and_client_bound_statements_write_the_same(world, settings):
    settings.DB_PREPARED_STATEMENTS = False
    plain = world.filed_case(reported="2026-11-30 09:00", filed="2026-11-30 09:10")
    settings.DB_PREPARED_STATEMENTS = True
    prepared = world.filed_case(reported="2026-11-30 09:00", filed="2026-11-30 09:10")
    different = {"id", "number", "tracking_code", "open_stage_id", "updated_at"}
    assert {k: v for k, v in _values(plain).items() if k not in different} == {
        k: v for k, v in _values(prepared).items() if k not in different
    }
    assert plain.due_at == prepared.due_at == at("2026-11-30 10:10")


def test_a_duplicate_key_in_the_one_statement_is_djangos_integrity_error(world):
    from django.db import IntegrityError

    case = world.filed_case()
    with pytest.raises(IntegrityError), transaction.atomic():
        writes = rows.RowWrites()
        for _ in range(2):
            writes.insert(CaseEvent(case=case, action="note", to_state=case.state, idempotency_key="same-key"))
        writes.flush()
    assert not CaseEvent.objects.filter(idempotency_key="same-key").exists()
