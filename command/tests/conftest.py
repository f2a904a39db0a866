import pytest

from cases.tests.conftest import World


@pytest.fixture
def world(db):
    return World()
