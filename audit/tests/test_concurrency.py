"""Many writers append at the same instant on PostgreSQL: the chain stays one line, it does not fork."""

import threading

import pytest
from django.db import connection, transaction

from audit.chain import verify_chain
from audit.models import AuditEntry
from audit.services import audit_access

WRITERS = 6
ROWS_EACH = 15


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
# Not transaction=True: its flush would take the seed rows that later transactional tests need. The writers'
# threads commit on their own connections, so their rows (action test.concurrent, one intact chain) remain.
@pytest.mark.django_db
def test_concurrent_appends_give_one_unbroken_chain():
    start = threading.Barrier(WRITERS)
    failures = []

    def write(writer: int):
        try:
            start.wait()
            for n in range(ROWS_EACH):
                # Each row inside a business transaction, as the services write them.
                with transaction.atomic():
                    audit_access(actor=None, action="test.concurrent", target_type="test", target_id=f"{writer}-{n}")
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()  # each thread has its own connection: close it, or the test DB cannot be dropped

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    result = verify_chain()
    assert result.first_break is None
    assert result.verified == AuditEntry.objects.count()
    assert AuditEntry.objects.filter(action="test.concurrent").count() == WRITERS * ROWS_EACH
