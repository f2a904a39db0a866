"""The volunteer module at city scale on PostgreSQL (issue 19 target).

100,000 volunteers over the demo subdistrict's 11 communities (ID numbers and phones encrypted as in production:
a pool of real Fernet tokens, so pages decrypt them) and 2,000,000 service records over two years (nine in ten
confirmed), each volunteer's totals (hours, stars, last service) as the services keep them.

Timed as 20 users at once, each in a process of its own with a logged-in Django test client (view, queries and
template counted): the rates page of the subdistrict and of one community; and a volunteer's own phone page
(his hours, stars, open activities and history), a different volunteer each request.

Targets: rates page p95 < 300 ms at 20 users; a volunteer's page < 100 ms.

Run: .venv/bin/python bench/bench_volunteers.py [--users 20] [--requests 10] [--think 1.0] [--reuse]
Creates (and drops) its own database `civicgrid_bench_volunteers` on 127.0.0.1:5432 (PG_URL to change).
"""

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = "civicgrid_bench_volunteers"
VOLUNTEERS, RECORDS, TOKENS = 100_000, 2_000_000, 500


def setup_django() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="civicgrid.settings",
        DATABASE_URL=f"{SERVER}/{DB}",
        LOG_LEVEL="WARNING",
        SECRET_KEY="bench",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        CIVICGRID_PERSONAL_DATA_KEY=os.environ.get("CIVICGRID_PERSONAL_DATA_KEY", "bench-personal-data-key"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
    )
    import django

    django.setup()


def build() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from civicgrid.personal import encrypt
    from volunteers.identity import check_digit
    from volunteers.models import ServiceRecord, Volunteer

    call_command("migrate", verbosity=0)
    call_command("load_demo", without_cases=True, verbosity=0)
    start = time.perf_counter()
    ids, phones = [], []
    for n in range(TOKENS):
        first17 = f"370105{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        ids.append(encrypt(first17 + check_digit(first17)))
        phones.append(encrypt(f"139{n:08d}"))
    volunteer, record = Volunteer._meta.db_table, ServiceRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH c AS (SELECT row_number() OVER (ORDER BY id) AS rn, id, path FROM accounts_orgunit
                       WHERE kind = 'community')
            INSERT INTO {volunteer} (name, id_type, id_number, id_hash, phone, phone_hash, birth_date, community_id,
                                     scope_path, skills, availability, guardian_name, guardian_consent,
                                     consent_version, consented_at, is_party_member, status, hours, stars,
                                     registered_at, source, is_demo)
            SELECT '志愿者' || n, 'resident', (%s::text[])[n %% {TOKENS} + 1], md5(n::text) || md5((-n)::text),
                   (%s::text[])[n %% {TOKENS} + 1], md5(('p' || n)::text) || md5(('q' || n)::text), NULL, c.id, c.path,
                   '', '', '', FALSE, '2026-01', now(), n %% 20 = 0, 'active', 0, 0,
                   now() - ((n %% 1000) || ' days')::interval, 'import', FALSE
            FROM generate_series(1, {VOLUNTEERS}) n JOIN c ON c.rn = n %% (SELECT count(*) FROM c) + 1
            """,
            [ids, phones],
        )
        cursor.execute(
            f"""
            WITH v AS (SELECT row_number() OVER (ORDER BY id) AS rn, id, scope_path FROM {volunteer}
                       WHERE name LIKE '志愿者%')
            INSERT INTO {record} (volunteer_id, kind, scope_path, day, check_in_method, check_out_method,
                                  manual_reason, hours, status)
            SELECT v.id, (ARRAY['leifeng','festival','moral_lecture','environment','civility','patrol'])[n % 6 + 1],
                   v.scope_path, current_date - ((n::bigint * 7919) % 730)::int, 'position', 'position', '', 2,
                   CASE WHEN n % 10 = 0 THEN 'pending' ELSE 'confirmed' END
            FROM generate_series(1, {RECORDS}) n
            JOIN v ON v.rn = (n * 31) % ({VOLUNTEERS} * 7 / 10) + 1
            """
        )
        cursor.execute(
            f"""
            UPDATE {volunteer} v SET hours = t.hours, last_service_on = t.last,
                   stars = (SELECT coalesce(max(stars), 0) FROM volunteers_starlevel WHERE min_hours <= t.hours)
            FROM (SELECT volunteer_id, sum(hours) AS hours, max(day) AS last FROM {record}
                  WHERE status = 'confirmed' GROUP BY volunteer_id) t
            WHERE v.id = t.volunteer_id
            """
        )
        cursor.execute("ANALYZE")
    from volunteers.services import rate_snapshot

    rate_snapshot()
    print(f"built {VOLUNTEERS:,} volunteers and {RECORDS:,} service records in {time.perf_counter() - start:.0f} s")


def pages() -> list[tuple[str, str]]:
    from accounts.models import OrgUnit

    street = OrgUnit.objects.get(code="370105-DK")
    community = OrgUnit.objects.filter(kind="community").order_by("path").first()
    return [
        ("rates page of the subdistrict", f"/volunteers/?unit={street.pk}"),
        ("rates page of a community", f"/volunteers/?unit={community.pk}"),
    ]


def volunteer_ids() -> list[int]:
    from volunteers.models import Volunteer

    return list(Volunteer.objects.filter(name__startswith="志愿者").values_list("pk", flat=True)[:20_000])


def as_volunteer(client, volunteer_id: int) -> None:
    session = client.session
    session["volunteer_id"] = volunteer_id
    session.save()


def user(job) -> dict[str, list[float]]:
    requests, think, start_at, seed = job
    setup_django()
    from django.test import Client

    from accounts.models import User

    staff, phone = Client(), Client()
    staff.force_login(User.objects.get(username="volunteer_admin"))
    urls = pages()
    ids = volunteer_ids()
    pick = random.Random(seed)
    as_volunteer(phone, pick.choice(ids))
    for _label, url in urls:  # imports, templates, connection: then all users start together
        assert staff.get(url).status_code == 200
    assert phone.get("/volunteers/m/me/").status_code == 200
    time.sleep(max(0.0, start_at - time.time()))
    timings: dict[str, list[float]] = {label: [] for label, _url in urls} | {"a volunteer's page": []}
    for _ in range(requests):
        for label, url in urls:
            start = time.perf_counter()
            response = staff.get(url)
            timings[label].append(time.perf_counter() - start)
            assert response.status_code == 200
            time.sleep(think)
        as_volunteer(phone, pick.choice(ids))
        start = time.perf_counter()
        response = phone.get("/volunteers/m/me/")
        timings["a volunteer's page"].append(time.perf_counter() - start)
        assert response.status_code == 200
        time.sleep(think)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a user waits between requests")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    args = parser.parse_args()
    if not args.reuse:
        build()
    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    cache.clear()
    client = Client()
    client.force_login(User.objects.get(username="volunteer_admin"))
    for label, url in pages():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            cold = time.perf_counter() - start
        start = time.perf_counter()
        client.get(url)
        warm = time.perf_counter() - start
        print(f"{label}, one user: {cold * 1000:.0f} ms computed ({len(queries)} queries), {warm * 1000:.0f} ms shared")
    phone = Client()
    as_volunteer(phone, volunteer_ids()[0])
    phone.get("/volunteers/m/me/")
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        phone.get("/volunteers/m/me/")
        alone = time.perf_counter() - start
    print(f"a volunteer's page, one user: {alone * 1000:.0f} ms, {len(queries)} queries")
    with multiprocessing.get_context("spawn").Pool(args.users) as pool:
        start_at = time.time() + 10 + args.users
        results = pool.map(user, [(args.requests, args.think, start_at, seed) for seed in range(args.users)])
    for label in results[0]:
        timings = sorted(t for per_user in results for t in per_user[label])
        p95 = timings[int(len(timings) * 0.95) - 1]
        target = 0.1 if label == "a volunteer's page" else 0.3
        print(
            f"{label}: {len(timings)} requests by {args.users} users, median {statistics.median(timings) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms ({'OK' if p95 < target else 'MISSED'}: target < {target * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
