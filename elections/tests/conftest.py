import pytest

from elections.tests.factories import make_campaign
from verification import senders


@pytest.fixture(autouse=True)
def empty_outbox():
    senders.outbox.clear()
    yield
    senders.outbox.clear()


@pytest.fixture
def campaign(db):
    return make_campaign()
