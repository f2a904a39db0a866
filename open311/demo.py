"""Demo Open311 client: one application with a fixed, documented key, so anyone can try POST requests."""

from open311 import services
from open311.models import ClientApplication

DEMO_KEY = "demo-open311-key-2026"
DEMO_NAME = "Open311 演示客户端（示例）"


def load(stdout=None) -> dict:
    """Create the demo client if its key is not registered yet (running twice changes nothing)."""
    if ClientApplication.objects.filter(key_hash=services.hash_key(DEMO_KEY)).exists():
        return {"open311_clients": 0}
    client = ClientApplication(
        name=DEMO_NAME, contact="demo@dikou.example", rate_limit_per_minute=60, is_demo=True, is_active=True
    )
    services.client_register(actor=None, client=client, raw_key=DEMO_KEY)
    return {"open311_clients": 1}
