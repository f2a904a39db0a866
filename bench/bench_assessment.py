"""The 0.1-point view at city scale on PostgreSQL (issue 17 target).

10,000 check sites over the demo subdistrict's 11 communities, 500,000 check results (about 57,500 field checks
walking the civilization checklist of their site's type, one in ten items failing) and 50,000 open deductions
(each with its inspection case, dispatched, one in five overdue) plus 20,000 won back (cases closed as fixed).

Timed over HTTP as production runs (bench/common.py): gunicorn with scripts/gunicorn.conf.py and sync workers
(3 by default, as scripts/run.sh), the cache in Redis, 20 users at once as threads of a client process of their
own (starting spread over the first second; --burst: all at the same instant), each asking the 0.1-point page
of the subdistrict and of one community in turn with a second between requests: page 1 of the open deductions with their cases' lights, the indicator table, the trend and the
community red/black list. Before that, one request alone through Django's test client (time and queries).

Target: p95 < 300 ms per page with 20 concurrent users.

Run: .venv/bin/python bench/bench_assessment.py [--users 20] [--requests 10] [--think 1.0] [--workers 3]
     [--db civicgrid_bench_assessment] [--reuse] [--burst]
Creates (and drops) its own database on 127.0.0.1:5432 (PG_URL to change); Redis at BENCH_REDIS_URL
(redis://127.0.0.1:6379/14 by default, emptied at the start).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common
from bench.case_rows import case_columns

DB = "civicgrid_bench_assessment"
SITES, CHECKS, OPEN, WON = 10_000, 57_500, 50_000, 20_000


def build() -> None:
    from django.db import connection

    from assessment.models import CheckResult, Deduction, FieldCheck, Site
    from assessment.selectors import active_scheme
    from cases.models import Case

    start = time.perf_counter()
    scheme = active_scheme("civilization")
    site, check, result, deduction = (m._meta.db_table for m in (Site, FieldCheck, CheckResult, Deduction))
    case = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH g AS (SELECT row_number() OVER (ORDER BY grid.id) AS rn, grid.id, grid.org_unit_id, u.path,
                              (grid.min_lng + grid.max_lng) / 2 AS x, (grid.min_lat + grid.max_lat) / 2 AS y
                       FROM grids_grid grid JOIN accounts_orgunit u ON u.id = grid.org_unit_id
                       WHERE grid.kind = 'community'),
                 t AS (SELECT row_number() OVER (ORDER BY id) AS rn, id FROM assessment_locationtype)
            INSERT INTO {site} (name, location_type_id, lng, lat, address, grid_id, org_unit_id, scope_path,
                                contact_name, contact_phone, is_old_compound, is_active, is_demo, created_at)
            SELECT '点位' || n, t.id, g.x + (n % 37) * 0.00001, g.y + (n % 41) * 0.00001, '', g.id, g.org_unit_id,
                   g.path, '', '', n % 9 = 0, TRUE, FALSE, now()
            FROM generate_series(1, {SITES}) n
            JOIN g ON g.rn = n % (SELECT count(*) FROM g) + 1
            JOIN t ON t.rn = n % 13 + 1
            """
        )
        cursor.execute(
            f"""
            INSERT INTO {check} (scheme_id, site_id, inspector_id, client_id, checked_at, note, passed, failed,
                                 not_applicable, scope_path, is_demo)
            SELECT {scheme.pk}, s.id, (SELECT id FROM accounts_user WHERE username = 'assessor'), 'b' || n,
                   now() - ((n % 120) || ' days')::interval - ((n % 600) || ' minutes')::interval, '', 0, 0, 0,
                   s.scope_path, FALSE
            FROM generate_series(1, {CHECKS}) n
            JOIN (SELECT row_number() OVER (ORDER BY id) AS rn, id, scope_path FROM {site}) s
              ON s.rn = n % {SITES} + 1
            """
        )
        cursor.execute(
            f"""
            INSERT INTO {result} (field_check_id, item_id, outcome, count, note, site_id, location_type_id,
                                  scope_path, checked_at)
            SELECT c.id, i.id, CASE WHEN (c.id * 7 + i.id) % 10 = 0 THEN 'fail' ELSE 'pass' END, 1, '',
                   s.id, s.location_type_id, c.scope_path, c.checked_at
            FROM {check} c JOIN {site} s ON s.id = c.site_id
            JOIN assessment_checkitem i ON i.scheme_id = c.scheme_id AND i.location_type_id = s.location_type_id
            """
        )
        cursor.execute(f"SELECT count(*) FROM {result}")
        results = cursor.fetchone()[0]
        columns, values = case_columns(
            {
                "id": None,
                "number": "'A' || lpad(r.n::text, 12, '0')",
                "state": f"CASE WHEN r.n > {OPEN} THEN 'closed' ELSE 'dispatched' END",
                "resolution": f"CASE WHEN r.n > {OPEN} THEN 'fixed' ELSE '' END",
                "source": "'inspection'",
                "description": "'实地测评问题'",
                "lng": "r.lng",
                "lat": "r.lat",
                "org_unit_id": "r.org_unit_id",
                "scope_path": "r.scope_path",
                "reported_at": "r.checked_at",
                "due_at": f"CASE WHEN r.n > {OPEN} THEN NULL WHEN r.n % 5 = 0 THEN now() - interval '1 day' "
                "ELSE now() + interval '2 days' END",
                "warn_at": f"CASE WHEN r.n > {OPEN} THEN NULL ELSE now() END",
                "rules": "'{}'",
                "updated_at": "now()",
            }
        )
        failing = f"""
            SELECT row_number() OVER (ORDER BY r.id) AS n, r.id, r.site_id, r.item_id, r.checked_at, r.scope_path,
                   s.lng, s.lat, s.org_unit_id, i.indicator_id, i.points
            FROM {result} r JOIN {site} s ON s.id = r.site_id JOIN assessment_checkitem i ON i.id = r.item_id
            WHERE r.outcome = 'fail'
            ORDER BY r.id LIMIT {OPEN + WON}
        """
        cursor.execute(f"INSERT INTO {case} ({', '.join(columns)}) SELECT {', '.join(values)} FROM ({failing}) r")
        cursor.execute(
            f"""
            INSERT INTO {deduction} (site_id, item_id, indicator_id, points, kind, status, settled_at, case_id,
                                     org_unit_id, scope_path, found_at, last_seen_at, times_seen, is_demo)
            SELECT r.site_id, r.item_id, r.indicator_id, r.points, 'civilization',
                   CASE WHEN r.n > {OPEN} THEN 'resolved' ELSE 'open' END,
                   CASE WHEN r.n > {OPEN} THEN now() END, c.id, r.org_unit_id, r.scope_path,
                   r.checked_at, r.checked_at, 1, FALSE
            FROM ({failing}) r JOIN {case} c ON c.number = 'A' || lpad(r.n::text, 12, '0')
            """
        )
        cursor.execute(
            f"UPDATE {result} r SET deduction_id = d.id FROM {deduction} d "
            "WHERE r.site_id = d.site_id AND r.item_id = d.item_id AND r.outcome = 'fail' AND r.checked_at = d.found_at"
        )
        cursor.execute("ANALYZE")
    print(
        f"built {SITES:,} sites, {CHECKS:,} checks, {results:,} results, {OPEN:,} open and {WON:,} won-back "
        f"deductions in {time.perf_counter() - start:.0f} s"
    )


def pages() -> list[common.Page]:
    from accounts.models import OrgUnit

    street = OrgUnit.objects.get(code="370105-DK")
    community = OrgUnit.objects.filter(kind="community").order_by("path").first()
    return [
        common.Page("0.1-point page of the subdistrict", lambda user, n: f"/assessment/?unit={street.pk}"),
        common.Page("0.1-point page of the community", lambda user, n: f"/assessment/?unit={community.pk}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a user waits between requests")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (scripts/run.sh: WEB_WORKERS=3)")
    parser.add_argument("--db", default=DB, help="the database to create (and drop first)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--burst", action="store_true", help="all users start at the same instant (common.load)")
    args = parser.parse_args()
    common.setup_django(args.db)
    if not args.reuse:
        common.create_database(args.db)
        build()
    from django.core.cache import cache
    from django.test import Client

    from accounts.models import User

    cache.clear()
    client = Client()
    client.force_login(User.objects.get(username="assessor"))
    for page in pages():
        common.one_user(client, page.url(0, 0), label=page.label, cold=cache.clear)
    cookies = [common.session_cookie("assessor") for _ in range(args.users)]
    with common.serve(args.db, workers=args.workers) as base:
        timings = common.load(base, pages(), cookies, requests_each=args.requests, think=args.think, burst=args.burst)
    common.report(pages(), timings, users=args.users, workers=args.workers)


if __name__ == "__main__":
    main()
