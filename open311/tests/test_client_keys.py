import hashlib
import re

from audit.models import AuditEntry
from open311 import demo, services
from open311.models import ClientApplication


def _key_in(message: str, client: ClientApplication) -> str:
    return re.search(re.escape(client.key_prefix) + r"[A-Za-z0-9_-]*", message)[0]


def test_demo_client_has_the_documented_key_stored_only_as_a_hash(world):
    client = ClientApplication.objects.get()
    assert client.key_hash == hashlib.sha256(b"demo-open311-key-2026").hexdigest()
    assert client.key_prefix == "demo-ope" and client.is_demo
    assert all("demo-open311-key-2026" not in str(value) for value in client.__dict__.values())
    assert services.client_authenticate("demo-open311-key-2026") == client


def test_loading_the_demo_twice_changes_nothing(world):
    assert demo.load() == {"open311_clients": 0}
    assert ClientApplication.objects.count() == 1


def test_a_new_key_replaces_the_old_one(world):
    client = ClientApplication.objects.get()
    new_key = services.client_rotate_key(actor=None, client=client)
    assert world.post("json").status_code == 403
    assert world.post("json", api_key=new_key).status_code == 201
    assert AuditEntry.objects.filter(action="open311.client.rotate_key").count() == 1


def test_admin_shows_a_new_applications_key_once(world):
    world.http.force_login(world.users["admin"])
    response = world.http.post(
        "/admin/open311/clientapplication/add/",
        {"name": "随手拍小程序", "contact": "wx@example.com", "is_active": "on", "rate_limit_per_minute": "30"},
        follow=True,
    )
    assert response.status_code == 200
    client = ClientApplication.objects.get(name="随手拍小程序")
    shown = [str(m) for m in response.context["messages"]]
    # The "added" message names the application with its key prefix only; one message holds the whole key.
    [key] = [k for k in (_key_in(message, client) for message in shown if client.key_prefix in message) if len(k) > 8]
    assert services.hash_key(key) == client.key_hash
    assert world.post("json", api_key=key).status_code == 201
    page = world.http.get(f"/admin/open311/clientapplication/{client.pk}/change/").content.decode()
    assert key not in page and client.key_prefix in page


def test_admin_action_generates_a_new_key(world):
    world.http.force_login(world.users["admin"])
    client = ClientApplication.objects.get()
    response = world.http.post(
        "/admin/open311/clientapplication/",
        {"action": "generate_key", "_selected_action": [client.pk]},
        follow=True,
    )
    client.refresh_from_db()
    [message] = [str(m) for m in response.context["messages"]]
    key = _key_in(message, client)
    assert services.hash_key(key) == client.key_hash
    assert world.post("json").status_code == 403
