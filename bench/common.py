"""Shared by the page benchmarks (bench_assessment.py, bench_volunteers.py): their database, Django set-up, the app
served by gunicorn as in production (scripts/run.sh: scripts/gunicorn.conf.py, sync workers) and a load of
concurrent users over HTTP from a client process of its own, so that what is timed is what a browser waits for:
the request through gunicorn, the middleware, the view, its queries and its template.

The users are threads with a `requests` session each (logged in by a session row made as Django's test client
does), all starting together after one warm-up request per page; each waits `think` seconds between requests.
"""

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def database_url(db: str) -> str:
    return f"{SERVER}/{db}"


def environment(db: str, **extra: str) -> dict[str, str]:
    """The settings of the app under test: PostgreSQL, the shared Redis cache (scaled out, the app processes share
    their cache through Redis: README), no debug, quiet logs."""
    data = Path(tempfile.gettempdir()) / f"civicgrid-bench-{db}"
    return {
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings",
        "DATABASE_URL": database_url(db),
        "CIVICGRID_DATA_DIR": str(data),
        "STATIC_ROOT": str(data / "static"),
        "LOG_LEVEL": "WARNING",
        "SECRET_KEY": "bench",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "REDIS_URL": REDIS_URL,
        **extra,
    }


def setup_django(db: str, **extra: str) -> None:
    os.environ.update(environment(db, **extra))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The pages link their styles through the manifest of collected static files (as in production). Collecting
    # takes a minute on the shared machine: only when a static file is newer than the manifest.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = (path for path in ROOT.glob("*/static/**/*") if path.is_file())
    if not manifest.exists() or any(path.stat().st_mtime > manifest.stat().st_mtime for path in sources):
        call_command("collectstatic", interactive=False, verbosity=0)


def create_database(db: str) -> None:
    """A new empty database `db` (dropped first), migrated and with the demo data (no cases) in it."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {db}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", without_cases=True, verbosity=0)


def session_cookie(username: str | None, **session: object) -> str:
    """A logged-in session of `username` (None: anonymous) with `session` values in it; its cookie value."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    store = client.session
    store.update(session)
    store.save()
    return store.session_key


@contextmanager
def serve(db: str, *, workers: int, **extra: str) -> Iterator[str]:
    """The app under gunicorn (production's config and sync workers) on a free port; yields its base URL.
    Call after setup_django(db), which collects the static files."""
    env = {**os.environ, **environment(db, **extra)}
    # As scripts/run.sh: every worker's metrics in files of this folder (gunicorn.conf.py empties it at start).
    env["PROMETHEUS_MULTIPROC_DIR"] = str(Path(env["CIVICGRID_DATA_DIR"]) / "metrics")
    Path(env["CIVICGRID_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = Path(env["CIVICGRID_DATA_DIR"]) / "gunicorn.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [GUNICORN, "civicgrid.wsgi", "--config", "scripts/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--timeout", "120"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/healthz", timeout=2)
                break
            except requests.RequestException:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: see {log}") from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@dataclass
class Page:
    label: str
    url: Callable[[int, int], str]  # (user, request number; -1 for the warm-up) → path
    target: float = 0.3  # seconds, p95
    # (user, request number) → the session cookie of that request, when not the user's own (a volunteer's phone)
    cookie: Callable[[int, int], str] | None = None


def load(
    base: str, pages: list[Page], cookies: list[str], *, requests_each: int, think: float, burst: bool = False
) -> dict[str, list[float]]:
    """len(cookies) users at once, each a thread with its own session, asking every page in turn `requests_each`
    times with `think` seconds between requests; the seconds each request took, per page label.

    The users start spread over the first `think` seconds (user i after i/n of it), as people who open their pages
    at about the same time; with `burst` all at the same instant, so that their first requests (a tenth of all at
    10 requests each) queue behind one another at the workers."""
    timings: dict[str, list[float]] = {page.label: [] for page in pages}
    failures: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(len(cookies))

    def user(number: int, cookie: str) -> None:
        session = requests.Session()  # one keep-alive connection per user, as a browser keeps one

        def get(page: Page, n: int) -> requests.Response:
            sessionid = page.cookie(number, max(n, 0)) if page.cookie else cookie
            session.cookies.clear()
            return session.get(
                base + page.url(number, n), cookies={"sessionid": sessionid}, timeout=60, allow_redirects=False
            )

        try:
            for page in pages:  # connection and each worker's imports: then all users start together
                get(page, -1)
        finally:
            ready.wait()
        if not burst:
            time.sleep(think * number / len(cookies))
        for n in range(requests_each):
            for page in pages:
                url = base + page.url(number, n)
                start = time.perf_counter()
                response = get(page, n)
                took = time.perf_counter() - start
                with lock:
                    timings[page.label].append(took)
                    if response.status_code != 200:
                        failures.append(f"{url}: {response.status_code}")
                time.sleep(think)

    threads = [threading.Thread(target=user, args=(i, cookie)) for i, cookie in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def report(pages: list[Page], timings: dict[str, list[float]], *, users: int, workers: int) -> None:
    for page in pages:
        values = timings[page.label]
        high = p95(values)
        print(
            f"{page.label}: {len(values)} requests by {users} users over HTTP ({workers} gunicorn workers), "
            f"median {statistics.median(values) * 1000:.0f} ms, p95 {high * 1000:.0f} ms "
            f"({'OK' if high < page.target else 'MISSED'}: target < {page.target * 1000:.0f} ms)"
        )


def one_user(client, url: str, *, label: str, cold: Callable[[], None] | None = None) -> None:
    """One request alone through the Django test client after a warm-up: its time and queries (with `cold`, also
    the request right after `cold()` empties what is shared)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parts = []
    client.get(url)  # the process's first request (templates, URL resolver) is not the page's cost
    if cold is not None:
        cold()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            parts.append(f"{(time.perf_counter() - start) * 1000:.0f} ms computed ({len(queries)} queries)")
    client.get(url)
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - start)
    parts.append(f"{statistics.median(times) * 1000:.0f} ms ({len(queries)} queries)")
    print(f"{label}, one user: {', '.join(parts)}")
