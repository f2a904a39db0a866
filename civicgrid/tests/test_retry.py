"""A transaction PostgreSQL gave up to break a deadlock is run again, a bounded number of times (civicgrid.retry)."""

from types import SimpleNamespace

import pytest
from django.db import OperationalError

from civicgrid import retry


class Deadlock(Exception):
    sqlstate = "40P01"


def failing(times: int, sqlstate_error=Deadlock):
    calls = []

    def work():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("deadlock detected") from sqlstate_error()
        return "done"

    return work, calls


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(retry, "connection", SimpleNamespace(in_atomic_block=False))


def test_a_deadlocked_transaction_is_run_again():
    work, calls = failing(2)
    assert retry.retry_on_conflict(work) == "done" and len(calls) == 3


def test_retries_are_bounded():
    work, calls = failing(10)
    with pytest.raises(OperationalError):
        retry.retry_on_conflict(work, attempts=3)
    assert len(calls) == 3


def test_other_database_errors_are_not_retried():
    work, calls = failing(1, sqlstate_error=ValueError)
    with pytest.raises(OperationalError):
        retry.retry_on_conflict(work)
    assert len(calls) == 1


def test_inside_an_enclosing_transaction_it_runs_once(monkeypatch):
    monkeypatch.setattr(retry, "connection", SimpleNamespace(in_atomic_block=True))
    work, calls = failing(1)
    with pytest.raises(OperationalError):
        retry.retry_on_conflict(work)
    assert len(calls) == 1
