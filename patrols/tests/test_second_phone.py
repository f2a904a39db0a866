"""A patroller with two phones: a second start while a patrol runs returns the running patrol, never a 500."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from patrols.models import PatrolSession, SessionStatus
from patrols.services import session_start
from patrols.tests.conftest import World


def _start(client, client_id):
    return client.post("/patrols/api/sessions/", {"client_id": client_id}, content_type="application/json")


def test_a_second_phone_starting_gets_the_patrol_already_running(client, world):
    client.force_login(world.patroller)
    first = _start(client, "phone-a")
    other = Client()
    other.force_login(world.patroller)
    second = _start(other, "phone-b")
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert PatrolSession.objects.filter(user=world.patroller, status=SessionStatus.ACTIVE).count() == 1


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True)
def test_two_phones_starting_at_the_same_instant_share_one_patrol():
    world = World()
    barrier = threading.Barrier(2)
    outcomes = []

    def start(client_id):
        try:
            barrier.wait()
            session, _created = session_start(user=world.patroller, client_id=client_id)
            outcomes.append(session.pk)
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=start, args=(name,)) for name in ("phone-a", "phone-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(outcomes) == 2 and outcomes[0] == outcomes[1], outcomes
    assert PatrolSession.objects.filter(user=world.patroller, status=SessionStatus.ACTIVE).count() == 1
