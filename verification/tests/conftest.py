import pytest

from verification import senders


@pytest.fixture(autouse=True)
def empty_outbox():
    senders.outbox.clear()
    yield
    senders.outbox.clear()
