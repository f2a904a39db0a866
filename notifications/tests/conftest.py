import pytest

from cases.tests.conftest import World
from notifications.tests.test_channels import closed_port_url, server  # noqa: F401 - the webhook receiver fixtures


@pytest.fixture
def world(db):
    return World()
