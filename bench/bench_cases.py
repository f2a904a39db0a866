"""Case engine speed on PostgreSQL (issue 5 targets).

- transition() with its event row: ≥ 500 per second on the 2-core machine.
- Overdue sweep over 1,000,000 open cases: < 30 s, set-based.

Measured on the 2-core development machine (a shared VM; PostgreSQL 15 on the same machine; runs vary by ±15 %):
- through the ORM (8 round trips, about 1 ms of Python per statement): 78-115/s one process, 163-257/s four.
- now (cases.rows + notifications.handoff): 4 round trips - BEGIN, the locked case row with its open stage, one
  statement writing the stage rows, the case row and the event (data-modifying CTEs, server-side prepared),
  COMMIT - and the event handed to the worker queue in batches after commit: 190-370/s one process,
  430-500/s four (the machine is then saturated: per transition about 2.2-2.7 ms of Python, 1.3 ms of
  PostgreSQL backend and 0.3 ms of the rest, for 2 cores).
- sweep, 1,000,000 open cases of which 200,000 pass their deadline at once: 42-50 s while the open-cases
  index included is_overdue (every overdue mark a non-HOT update rewriting the 25 indexes of the case row);
  28.6-31.9 s since it carries due_at instead and the case and stage tables keep 15 % free per page (HOT
  updates). With 100,000 more passing their warning time in the same sweep: 34.4 s, as the two marks of
  the case rows filled the pages' free space and went non-HOT again.
- now: 13.7-14.1 s for that (100k warned, 200k overdue). The sweep writes no case row (a case carries its stage's
  warn_at and due_at, and its light follows from the clock), a department told of more than
  SWEEP_DIGEST_OVER cases at once gets one summary message, and the event and inbox tables lost their
  redundant indexes. Per statement: stage stamps 0.6 s + 2.0 s, 200k overdue events 4.5 s, counts per
  department 1.2 s, deferred foreign-key checks of the events at commit about 4 s.
- issue 16 (each event also writes its delivery order, notifications.QueuedEvent, as one more CTE of the same statement;
  the sweep first locks the cases it will stamp, case rows before stage rows): on 2026-12-07, with the machine
  shared by three engineers (load average 3-7), 835/s and 671/s with four processes, sweep 29.7 s and 31.2 s;
  the code before, run in between under the same load: 382/s and 422/s, sweep 47.7 s twice.

Run: .venv/bin/python bench/bench_cases.py [--cases 1000000] [--transitions 2000]
Creates (and drops) its own database `civicgrid_bench` (BENCH_DB to rename it) on 127.0.0.1:5432 (PG_URL to change
the server).
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "civicgrid_bench")


def recreate_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")


_start = None  # a multiprocessing.Barrier, inherited by the forked workers


def _file_cases(job) -> tuple[int, float, float]:
    """One app process: loads its cases, waits for the others, then files them. Returns (count, start, end)."""
    ids, operator_id, category_id, condition_id = job
    from django.db import connection

    from accounts.models import User
    from cases.models import Case, Category, FilingCondition
    from cases.services import transition

    connection.close()
    operator = User.objects.get(pk=operator_id)
    category, condition = Category.objects.get(pk=category_id), FilingCondition.objects.get(pk=condition_id)
    cases = list(Case.objects.filter(pk__in=ids))
    _start.wait()
    started = time.perf_counter()
    for case in cases:
        transition(case=case, action="file", actor=operator, category=category, condition=condition)
    ended = time.perf_counter()
    connection.close()
    return len(cases), started, ended


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--transitions", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=4, help="processes doing transitions at once")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    recreate_database()
    # As in production: notifications are queued on Redis after commit (a throwaway queue name), not run inline.
    os.environ.update(DJANGO_SETTINGS_MODULE="civicgrid.settings", DATABASE_URL=f"{SERVER}/{DB}", LOG_LEVEL="WARNING",
                      REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"), SECRET_KEY="bench")  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Department, User
    from cases.models import Case, Category
    from cases.services import case_report, transition
    from cases.sweep import sweep_deadlines
    from grids.models import Grid

    call_command("migrate", verbosity=0)
    call_command("load_demo", without_cases=True, verbosity=0)
    operator = User.objects.get(username="operator")
    patroller = User.objects.get(username="patroller")
    category = Category.objects.get(code="event-0102")
    condition = category.conditions.first()
    department = Department.objects.get(code="DEP-HW")
    grid = Grid.objects.get(code="G-DK-C01")
    lng, lat = grid.min_lng + 0.001, grid.min_lat + 0.001

    cases = [
        case_report(source="patrol", description="bench", lng=lng, lat=lat, actor=patroller)[0]
        for _ in range(args.transitions)
    ]
    started = time.perf_counter()
    for case in cases[: len(cases) // 4]:
        transition(case=case, action="file", actor=operator, category=category, condition=condition)
    single = (len(cases) // 4) / (time.perf_counter() - started)
    print(f"transition(file) with event, one process: {single:,.0f}/s")

    # The app runs several processes; so does this measurement (each its own connection, its own cases), and it
    # times the filing only: the processes load their cases first and start together.
    rest = [case.pk for case in cases[len(cases) // 4 :]]
    workers = args.workers
    connection.close()
    global _start
    context = multiprocessing.get_context("fork")
    _start = context.Barrier(workers)
    with context.Pool(workers) as pool:
        results = pool.map(
            _file_cases, [(rest[i::workers], operator.pk, category.pk, condition.pk) for i in range(workers)]
        )
    # From the moment all processes start filing to the moment the last one is done (not their start-up).
    rate = sum(count for count, _s, _e in results) / (max(e for _c, _s, e in results) - min(s for _c, s, _e in results))
    print(
        f"transition(file) with event, {workers} processes: {rate:,.0f}/s (target >= 500/s) {'OK' if rate >= 500 else 'SLOW'}"
    )

    # A million open cases, each with a running disposal stage: 20 % past due, 10 % past the warning (due tomorrow).
    now = timezone.now()
    template = Case.objects.get(pk=cases[0].pk)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_case (number, state, source, description, address, lng, lat, org_unit_id, scope_path,
                category_id, rules, urgent, reporter_name, reporter_phone, reporter_email, lead_department_id,
                reopened_from, supervised, due_at, deadline_provisional, shelved_from, resolution,
                rework_count, reopen_count, return_count, postpone_count, version, reported_at, updated_at, community_grid_id)
            SELECT 'B' || g, 'in_progress', 'patrol', 'bench', '', %s, %s, %s, %s, %s, '{}', false, '', '', '', %s, '',
                   false, %s + (g %% 10 - 1) * interval '1 day', false, '', '', 0, 0, 0, 0, 1, %s, %s, %s
            FROM generate_series(1, %s) AS g
            """,
            [
                lng,
                lat,
                template.org_unit_id,
                template.scope_path,
                category.pk,
                department.pk,
                now,
                now,
                now,
                grid.pk,
                args.cases,
            ],
        )
        cursor.execute(
            """
            INSERT INTO cases_casestage (case_id, stage, started_at, amount, unit, due_at, warn_at, provisional)
            SELECT id, 'disposal', reported_at, 4, 'work_hour', due_at, due_at - interval '25 hours', false
            FROM cases_case WHERE number LIKE 'B%%'
            """
        )
        cursor.execute("ANALYZE cases_case; ANALYZE cases_casestage;")
    print(f"setup: {args.cases:,} open cases in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    result = sweep_deadlines(now)
    seconds = time.perf_counter() - started
    print(f"sweep over {args.cases:,} open cases: {seconds:.1f} s (target < 30 s) {'OK' if seconds < 30 else 'SLOW'}; "
          f"{result.warned:,} warned, {result.overdue:,} overdue, {result.escalated:,} escalated")  # fmt: skip
    started = time.perf_counter()
    again = sweep_deadlines(now)
    print(
        f"second sweep: {time.perf_counter() - started:.1f} s; {again.warned} warned, {again.overdue} overdue (must be 0)"
    )
    connection.close()
    from huey.contrib.djhuey import HUEY

    HUEY.flush()  # nobody will consume the notifications queued above
    if not args.keep:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
