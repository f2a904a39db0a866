"""KPI page speed on PostgreSQL at city scale (issue 7 target).

A district of 20 streets, 500 communities and 10,000 grids, two years of daily rollups for every unit
(7.8 million day rows and 260,000 month rows, the rollup of ~10 million cases) and 200 departments. One "KPI summary" request is
what the KPI page computes: the district's figures with the previous period, the red/black list of its
500 communities and of the 200 departments, each with the previous period for the trend.

Target: p95 < 300 ms per request with 20 concurrent users. With --cases 10000000 it first fills the
case table (2 % open, ~17 minutes) and times the command screen's JSON documents for the district. The sums are shared through the cache
(Redis when scaled out; here each process has its own), for 30 s while a period is open and an hour
once it is over; the script also prints the time with nothing cached.

Run: .venv/bin/python bench/bench_command.py [--users 20] [--requests 10] [--think 1.0]
Creates (and drops) its own database `civicgrid_bench_command` on 127.0.0.1:5432 (PG_URL to change).
The case table itself is not filled: the KPI figures are read from the rollups only, which is the point.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.case_rows import case_columns

SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = "civicgrid_bench_command"
END = date(2026, 11, 27)
DAYS = 730


def setup_django() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="civicgrid.settings",
        DATABASE_URL=f"{SERVER}/{DB}",
        LOG_LEVEL="WARNING",
        SECRET_KEY="bench",
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

    from accounts.models import Department, OrgUnit
    from command.models import COUNTER_FIELDS

    call_command("migrate", verbosity=0)
    units = [OrgUnit(path="0001", depth=1, numchild=20, code="D", name="示例区", kind="district")]
    for s in range(1, 21):
        street = f"0001{s:04d}"
        units.append(OrgUnit(path=street, depth=2, numchild=25, code=f"S{s}", name=f"街道{s}", kind="subdistrict"))
        for c in range(1, 26):
            community = f"{street}{c:04d}"
            units.append(
                OrgUnit(path=community, depth=3, numchild=20, code=f"C{s}-{c}", name=f"社区{s}-{c}", kind="community")
            )
            for g in range(1, 21):
                units.append(
                    OrgUnit(
                        path=f"{community}{g:04d}", depth=4, code=f"G{s}-{c}-{g}", name=f"网格{s}-{c}-{g}", kind="grid"
                    )
                )
    OrgUnit.objects.bulk_create(units, batch_size=5000)
    Department.objects.bulk_create([Department(code=f"DEP{i}", name=f"部门{i}") for i in range(200)])
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # Grids: ~1.4 cases a day each (10 M cases over two years); other counters follow from it.
        cursor.execute(
            """
            INSERT INTO command_dailystat (day, kind, subject_id, reports, filed, public_filed, voided, closed,
                closed_on_time, closed_disposal_on_time, disposed, reworked, reopened, self_disposed, overdue,
                supervised, received, disposal_due, disposed_on_time, returned, postponed, valid_reports, verified,
                verified_on_time, dispatched, dispatched_on_time, misdispatched, filed_on_time, closed_by,
                closed_by_on_time)
            SELECT d::date, 'org', u.id, r, f, f / 5, r - f, f, f - f / 4, f - f / 5, f, f / 10, 0, r / 7, f / 4,
                   f / 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            FROM accounts_orgunit u
            CROSS JOIN generate_series(%s::date, %s::date, '1 day') d
            CROSS JOIN LATERAL (SELECT (random() * 3)::int AS r) a
            CROSS JOIN LATERAL (SELECT greatest(r - (random() * 0.6)::int, 0) AS f) b
            WHERE u.depth = 4
            """,
            [END - timedelta(days=DAYS - 1), END],
        )
        # Every unit above a grid: the sum of its grids (as the rollup keeps it).
        for depth in (3, 2, 1):
            columns = list(COUNTER_FIELDS)
            sums = ", ".join(f"sum(s.{c})" for c in columns)
            cursor.execute(
                f"""
                INSERT INTO command_dailystat (day, kind, subject_id, {", ".join(columns)})
                SELECT s.day, 'org', p.id, {sums}
                FROM command_dailystat s
                JOIN accounts_orgunit c ON c.id = s.subject_id AND c.depth = %s
                JOIN accounts_orgunit p ON p.path = substr(c.path, 1, %s)
                WHERE s.kind = 'org'
                GROUP BY s.day, p.id
                """,
                [depth + 1, depth * 4],
            )
        dept = {
            "received": "r", "disposal_due": "r", "disposed_on_time": "r - r / 5", "disposed": "r",
            "reworked": "r / 10", "returned": "r / 20", "postponed": "r / 30", "overdue": "r / 5", "closed": "r",
        }  # fmt: skip
        values = ", ".join(dept.get(name, "0") for name in COUNTER_FIELDS)
        cursor.execute(
            f"""
            INSERT INTO command_dailystat (day, kind, subject_id, {", ".join(COUNTER_FIELDS)})
            SELECT d::date, 'dept', dep.id, {values}
            FROM accounts_department dep
            CROSS JOIN generate_series(%s::date, %s::date, '1 day') d
            CROSS JOIN LATERAL (SELECT (random() * 140)::int AS r) a
            """,
            [END - timedelta(days=DAYS - 1), END],
        )
        cursor.execute(
            f"""
            INSERT INTO command_monthlystat (month, kind, subject_id, {", ".join(COUNTER_FIELDS)})
            SELECT date_trunc('month', day)::date, kind, subject_id, {", ".join(f"sum({c})" for c in COUNTER_FIELDS)}
            FROM command_dailystat GROUP BY 1, 2, 3
            """
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM command_dailystat")
        rows = cursor.fetchone()[0]
    print(f"built {rows:,} rollup rows for {len(units):,} org units in {time.perf_counter() - start:.0f} s")


def fill_cases(count: int) -> None:
    """`count` cases over two years in the district's grids (2 % still open), and a report event for the
    newest 1,000,000, written by SQL (the workflow would take days); then ANALYZE."""
    from django.db import connection

    from accounts.models import OrgUnit
    from cases.models import Case, CaseEvent

    start = time.perf_counter()
    grids = OrgUnit.objects.filter(depth=4).count()
    special = {
        "id": None,
        "number": "'B' || lpad(n::text, 12, '0')",
        "state": "CASE WHEN n % 50 = 0 THEN 'dispatched' ELSE 'closed' END",
        "source": "'patrol'",
        "description": "'路边暴露垃圾'",
        "lng": "116.5 + (n % 100) * 0.004",
        "lat": "36.3 + ((n / 100) % 100) * 0.004",
        "org_unit_id": "g.id",
        "scope_path": "g.path",
        "reported_at": f"now() - ((({count} - n) * {DAYS * 86400.0 / count}) || ' seconds')::interval",
        # Every open case has a deadline, one in five of them passed.
        "due_at": "CASE WHEN n % 250 = 0 THEN now() - interval '1 day' WHEN n % 50 = 0 THEN now() + interval '1 day' END",
        "supervised": "n % 1000 = 0",
        "rules": "'{}'",
        "updated_at": "now()",
    }
    columns, values = case_columns(special)
    case, event = Case._meta.db_table, CaseEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {case} ({", ".join(columns)})
            SELECT {", ".join(values)}
            FROM generate_series(1, {count}) n
            JOIN accounts_orgunit g ON g.depth = 4 AND g.code = 'G' || ((n % 20) + 1) || '-' || ((n / 20 % 25) + 1)
                || '-' || ((n / 500 % 20) + 1)
            """
        )
        cursor.execute(
            f"""
            INSERT INTO {event} (case_id, action, actor_label, from_state, to_state, note, payload, created_at)
            SELECT id, 'report', '巡查员', '', 'reported', '', '{{"kpi": {{}}}}', reported_at
            FROM {case} ORDER BY id DESC LIMIT 1000000
            """
        )
        cursor.execute("ANALYZE")
    print(f"filled {count:,} cases in {grids:,} grids in {time.perf_counter() - start:.0f} s")


def screen_requests() -> None:
    """The command screen's JSON documents for the whole district, as its superuser leader would ask."""
    from django.core.cache import cache

    from accounts.models import OrgUnit, User
    from command import screen

    leader = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench", "", "x")
    district = OrgUnit.objects.get(depth=1)
    first = screen.live(leader, district, None)
    timings = {"live (first load)": [], "live (every 3 s)": [], "charts (every 30 s)": []}
    for _ in range(5):
        start = time.perf_counter()
        screen.live(leader, district, None)
        timings["live (first load)"].append(time.perf_counter() - start)
        start = time.perf_counter()
        data = screen.live(leader, district, first["cursor"] - 5)
        timings["live (every 3 s)"].append(time.perf_counter() - start)
        cache.clear()
        start = time.perf_counter()
        screen.charts(leader, district)
        timings["charts (every 30 s)"].append(time.perf_counter() - start)
    import json

    size = len(json.dumps(data, default=str))
    for name, values in timings.items():
        print(f"screen {name}: median {statistics.median(values) * 1000:.0f} ms, worst {max(values) * 1000:.0f} ms")
    print(f"screen live refresh size: {size / 1024:.1f} KB (target ≤ 50 KB)")


def kpi_summary(days: int) -> None:
    from accounts.models import Department, OrgUnit
    from command.selectors import Period, ranking, unit_summary

    district = OrgUnit.objects.get(depth=1)
    period = Period(END - timedelta(days=days - 1), END)
    unit_summary(unit=district, period=period)
    communities = list(OrgUnit.objects.filter(depth=3).order_by("path").values_list("pk", "name"))
    ranking(subject="community", subjects=communities, period=period)
    ranking(subject="department", subjects=list(Department.objects.values_list("pk", "name")), period=period)


def user(job) -> list[float]:
    requests, think, days, start_at = job
    setup_django()
    kpi_summary(days)  # imports, connection, and this process's cache: then all users start together
    time.sleep(max(0.0, start_at - time.time()))
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        kpi_summary(days)
        timings.append(time.perf_counter() - start)
        time.sleep(think)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a user waits between requests")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--cases", type=int, default=0, help="also fill this many cases (10000000) for the screen")
    args = parser.parse_args()
    if not args.reuse:
        build()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a reused database may predate the latest migrations
    if args.cases:
        fill_cases(args.cases)
    from cases.models import Case

    if Case.objects.exists():
        screen_requests()
    from django.core.cache import cache

    for days, label in ((30, "a month"), (730, "two years")):
        cold = []
        for _ in range(5):
            cache.clear()
            start = time.perf_counter()
            kpi_summary(days)
            cold.append(time.perf_counter() - start)
        print(f"KPI summary over {label}, nothing cached, one user: median {statistics.median(cold[1:]) * 1000:.0f} ms")
    for days, label in ((30, "a month"), (730, "two years")):
        with multiprocessing.get_context("spawn").Pool(args.users) as pool:
            start_at = time.time() + 15 + args.users  # after every process has started and warmed up
            results = pool.map(user, [(args.requests, args.think, days, start_at)] * args.users)
        timings = sorted(t for per_user in results for t in per_user)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"KPI summary over {label}: {len(timings)} requests by {args.users} users, "
            f"median {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
            f"({'OK' if p95 < 0.3 else 'MISSED'}: target < 300 ms)"
        )


if __name__ == "__main__":
    main()
