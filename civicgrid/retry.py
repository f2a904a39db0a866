"""Run a transaction again when PostgreSQL gave it up to let another go on: a deadlock or a serialization
failure. The one place that decides which errors are worth a retry, how often and how long to wait.

The project takes row locks in one order (cases.rows.lock_case: the case row first, then its stage rows), so
a deadlock should not happen; this is the safety net for what an order cannot rule out (foreign-key share
locks, a future statement that forgets the order), so a user sees a short wait instead of an error page.
"""

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 4
# Sleep before attempt n (1-based retry count): a random time up to BASE_DELAY × 2^(n-1), so two transactions
# that collided do not collide again in step.
BASE_DELAY = 0.02

# SQLSTATE of the failures that roll the whole transaction back and are safe to run again.
RETRYABLE = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure


def is_retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc.__context__
    return getattr(cause, "sqlstate", None) in RETRYABLE or getattr(exc, "sqlstate", None) in RETRYABLE


def retry_on_conflict(work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """`work()` (which opens its own transaction), again after a deadlock or serialization failure, at most
    `attempts` times in all. Inside an enclosing transaction it runs once: the enclosing one is broken by
    the failure, and only its owner can run it again."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DatabaseError as exc:
            if attempt == attempts or connection.in_atomic_block or not is_retryable(exc):
                raise
            delay = random.uniform(0, BASE_DELAY * 2 ** (attempt - 1))
            logger.warning("transaction lost a lock conflict (%s); attempt %d in %.3f s", exc, attempt + 1, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")
