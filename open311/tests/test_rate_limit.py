from cases.models import Case
from open311 import ratelimit, services
from open311.models import ClientApplication
from open311.tests.conftest import errors_of


def _clock(monkeypatch, start: float = 1_800_000_000.0):
    now = {"t": start}
    monkeypatch.setattr(ratelimit, "_now", lambda: now["t"])
    return now


def test_posts_over_the_keys_limit_are_429_until_the_minute_ends(world, monkeypatch):
    now = _clock(monkeypatch)
    ClientApplication.objects.update(rate_limit_per_minute=2)
    assert [world.post("json").status_code for _ in range(2)] == [201, 201]
    before = Case.objects.count()
    refused = world.post("xml")
    assert refused.status_code == 429
    assert errors_of(refused)[0][0] == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert Case.objects.count() == before
    now["t"] += 60
    assert world.post("json").status_code == 201


def test_each_key_has_its_own_count(world, monkeypatch):
    _clock(monkeypatch)
    ClientApplication.objects.update(rate_limit_per_minute=1)
    other_key = services.client_register(
        actor=None, client=ClientApplication(name="另一个应用", rate_limit_per_minute=1)
    )
    assert world.post("json").status_code == 201
    assert world.post("json").status_code == 429
    assert world.post("json", api_key=other_key).status_code == 201


def test_gets_need_no_key_and_are_not_counted(world, monkeypatch):
    _clock(monkeypatch)
    ClientApplication.objects.update(rate_limit_per_minute=1)
    for _ in range(3):
        assert world.get("services.json").status_code == 200
    assert world.post("json").status_code == 201
