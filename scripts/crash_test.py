"""Crash test (issue 16): reports keep arriving while the app and the worker are killed with SIGKILL.

    .venv/bin/python scripts/crash_test.py --database sqlite --reports 40
    .venv/bin/python scripts/crash_test.py --database postgresql --reports 40

A fresh instance (its own data folder and database) runs as production does: gunicorn with two workers and
the Huey consumer (embedded SQLite queue; Redis on PostgreSQL). Client threads send N reports through the REST
API, each with an Idempotency-Key, retrying on any failure until acknowledged, then one follow-up action each
with its own key. Meanwhile a chaos thread kills the app's or the worker's process group with SIGKILL at
random moments and restarts it. A local webhook receiver (signed JSON) counts what arrives.

Afterwards, once the queue is empty, it checks: every acknowledged report exists exactly once (and nothing
else was reported); every event has exactly one webhook delivery, sent, and reached the receiver (sends
repeated on the wire by a worker killed after sending are counted and printed: receivers drop them by the
event id, which every message carries); no recipient got an inbox row twice for one event; nothing is left
queued; the KPI rollups equal `rebuild_rollups`. It prints one summary line and exits 1 on any failure.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
SETTLE_TIMEOUT = 240  # seconds for the worker's periodic jobs to drain what the crashes left
CATEGORY, DEPARTMENT, GRID = "event-0102", "DEP-HW", "G-DK-C01"  # 暴露垃圾 in 堤口庄社区, for 环卫所


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver(BaseHTTPRequestHandler):
    seen: Counter = Counter()
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        event_id = json.loads(body).get("id")
        with self.lock:
            self.seen[event_id] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


class Process:
    """A process group we can kill with SIGKILL and start again."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path):
        self.name, self.command, self.env, self.log = name, command, env, log
        self.proc: subprocess.Popen | None = None
        self.kills = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.kills += 1

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    chaos_random = random.Random(seed)

    work = Path(tempfile.mkdtemp(prefix="civicgrid-crash-"))
    db_name = f"civicgrid_crash_{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
        "CIVICGRID_DATA_DIR": str(work / "data"),
        "SECRET_KEY": uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
        "HUEY_IMMEDIATE": "false",
        "WEBHOOK_CLAIM_SECONDS": "15",  # a killed worker's claim runs out quickly, so the test need not wait long
        "ROLLUP_GAP_GRACE_SECONDS": "5",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if args.database == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db_name}"
        import redis

        try:  # scaled out: the task queue in Redis; without Redis the embedded queue stands in
            redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
            env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
        except redis.RedisError:
            print("Redis is not reachable: the worker's queue is the embedded one")
        _postgres(f'CREATE DATABASE "{db_name}"')
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'data' / 'civicgrid.sqlite3'}"
    os.environ.update(env)
    # Stopped from outside (CI's timeout), still stop the app, the worker and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    processes: list[Process] = []
    try:
        return run(args, env, work, chaos_random, seed, processes)
    finally:
        for process in processes:
            process.stop()
        if args.database == "postgresql":
            from django.db import connections

            connections.close_all()
            _postgres(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(sql)


def run(args, env: dict, work: Path, chaos_random: random.Random, seed: int, processes: list) -> int:
    (work / "data").mkdir(mode=0o700, exist_ok=True)
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--without-cases"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from cases.models import Case, CaseEvent
    from command import rollup
    from command.models import DailyStat, MonthlyStat
    from notifications.models import Notification, QueuedEvent, WebhookDelivery, WebhookEndpoint

    receiver = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    WebhookEndpoint.objects.create(
        name="crash test receiver",
        channel="generic",
        url=f"http://127.0.0.1:{receiver.server_address[1]}/hook",
        secret="crash-test",
    )
    from cases.models import Category
    from grids.models import Grid

    tokens = {
        name: Token.objects.get_or_create(user=User.objects.get(username=name))[0].key
        for name in ("operator", "dispatcher")
    }
    grid = Grid.objects.get(code=GRID)
    place = {"lng": grid.min_lng + 0.001, "lat": grid.min_lat + 0.001}
    condition = Category.objects.get(code=CATEGORY).conditions.filter(urgent=False).first()
    # Each report is filed by the operator and dispatched by the dispatcher: three events, the last one told
    # to the department's inbox.
    steps = [
        ("operator", "file", {"category": CATEGORY, "condition": condition.pk}),
        ("dispatcher", "dispatch", {"department": DEPARTMENT}),
    ]

    port = free_port()
    web = Process(
        "web",
        [GUNICORN, "civicgrid.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
        env,
        work / "web.log",
    )
    worker = Process("worker", [PYTHON, "manage.py", "run_huey"], env, work / "worker.log")
    processes += [web, worker]
    web.start()
    worker.start()
    base = f"http://127.0.0.1:{port}"

    stop = threading.Event()

    def chaos() -> None:
        # A kill comes a random while after the victim is serving again: killing it while it still boots
        # would only test the boot.
        # Turn about, from a random start: every run kills both the app and the worker.
        victims = [web, worker] if chaos_random.random() < 0.5 else [worker, web]
        turn = 0
        while not stop.wait(chaos_random.uniform(0.2, 1.5)):
            victim = victims[turn % 2]
            turn += 1
            victim.kill()
            time.sleep(chaos_random.uniform(0.0, 0.5))
            victim.start()
            if victim is web:
                _wait_for(base)
            else:
                time.sleep(2)

    acknowledged: dict[str, int] = {}
    follow_ups: dict[int, str] = {}
    failures: list[str] = []
    lock = threading.Lock()
    run_id = uuid.uuid4().hex[:8]

    def post(path: str, key: str, data: dict, *, user: str = "operator") -> dict | None:
        session = requests.Session()
        session.headers.update({"Authorization": f"Token {tokens[user]}", "Idempotency-Key": key})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                response = session.post(base + path, data=data, timeout=15)
            except requests.RequestException:
                time.sleep(0.2)
                continue
            if response.status_code in (200, 201):
                return response.json()
            if response.status_code >= 500 or response.status_code == 429:
                time.sleep(0.2)
                continue
            failures.append(f"{path} answered {response.status_code}: {response.text[:200]}")
            return None
        failures.append(f"{path} was never acknowledged")
        return None

    def client(indexes: list[int]) -> None:
        for index in indexes:
            key = f"crash-{run_id}-{index}"
            body = post("/api/v1/cases/", key, {"description": f"崩溃测试上报 {index}", **place, "source": "hotline"})
            if body is None:
                continue
            with lock:
                acknowledged[key] = body["id"]
            for user, action, fields in steps:
                if post(f"/api/v1/cases/{body['id']}/actions/{action}/", f"{key}-{action}", fields, user=user) is None:
                    break
            else:
                with lock:
                    follow_ups[body["id"]] = "dispatched"

    if not _wait_for(base):
        raise SystemExit("the app did not start")
    chaos_thread = threading.Thread(target=chaos, daemon=True)
    chaos_thread.start()
    started = time.monotonic()
    clients = [
        threading.Thread(target=client, args=(list(range(n, args.reports, args.clients)),)) for n in range(args.clients)
    ]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    stop.set()
    chaos_thread.join()
    sending = time.monotonic() - started
    for process in (web, worker):
        if process.proc.poll() is not None:
            process.start()

    case_ids = set(acknowledged.values())
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        queued = QueuedEvent.objects.count()
        open_webhooks = WebhookDelivery.objects.exclude(status="sent").count()
        if not queued and not open_webhooks and rollup.lag()["pending"] == 0:
            break
        time.sleep(2)

    events = list(CaseEvent.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    deliveries = Counter(WebhookDelivery.objects.filter(event_id__in=events).values_list("event_id", flat=True))
    sent = set(WebhookDelivery.objects.filter(event_id__in=events, status="sent").values_list("event_id", flat=True))
    inbox = Counter(
        Notification.objects.filter(event_id__in=events).values_list("event_id", "user_id", "department_id")
    )
    reported = Counter(
        Case.objects.filter(idempotency_key__startswith=f"crash-{run_id}-").values_list("idempotency_key", flat=True)
    )
    with Receiver.lock:
        received = dict(Receiver.seen)

    problems = list(failures)
    if len(acknowledged) != args.reports:
        problems.append(f"{args.reports - len(acknowledged)} reports never acknowledged")
    problems += [f"report {key} exists {n} times" for key, n in reported.items() if n != 1]
    problems += [f"acknowledged report {key} is missing" for key in acknowledged if key not in reported]
    problems += [f"event {e} has {deliveries[e]} webhook deliveries" for e in events if deliveries[e] != 1]
    problems += [f"event {e}: webhook not sent" for e in events if e not in sent]
    problems += [f"event {e} never reached the receiver" for e in events if received.get(e, 0) < 1]
    problems += [f"inbox row {k} written {n} times" for k, n in inbox.items() if n != 1]
    if QueuedEvent.objects.exists():
        problems.append(f"{QueuedEvent.objects.count()} events still queued")
    before = _rollup_rows(DailyStat, MonthlyStat)
    rollup.rebuild()
    if _rollup_rows(DailyStat, MonthlyStat) != before:
        problems.append("the KPI rollups differ from rebuild_rollups")
    repeated = sum(n - 1 for e, n in received.items() if e in set(events) and n > 1)

    print(
        f"crash-test {args.database}: {len(acknowledged)}/{args.reports} reports acknowledged, "
        f"{len(follow_ups)} follow-up actions, {len(events)} events, {web.kills} app kills, "
        f"{worker.kills} worker kills in {sending:.0f} s; webhooks {len(sent)}/{len(events)} sent "
        f"({repeated} repeated on the wire), {sum(inbox.values())} inbox rows; "
        f"{'OK' if not problems else f'{len(problems)} PROBLEMS'} (seed {seed})"
    )
    for problem in problems[:30]:
        print("  -", problem)
    if problems:
        for process in (web, worker):
            print(f"--- last lines of {process.log.name}:")
            print("\n".join(process.log.read_text(errors="replace").splitlines()[-30:]))
    return 1 if problems else 0


def _wait_for(base: str) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/healthz", timeout=2)
            return True
        except requests.RequestException:
            time.sleep(0.3)
    return False


def _rollup_rows(*models) -> list:
    rows = []
    for model in models:
        names = [f.name for f in model._meta.concrete_fields if f.name != "id"]
        rows.append(sorted(model.objects.values_list(*names)))
    return rows


if __name__ == "__main__":
    sys.exit(main())
