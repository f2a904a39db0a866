"""Patrol speed on PostgreSQL (issue 9 targets).

- GPS ingest, batched (500 positions per request-sized batch, through patrols.ingest): ≥ 5,000 positions/s.
- Coverage of 10,000 grids for one day (the worker's compute_day_coverage): < 60 s.

Run: .venv/bin/python bench/bench_patrols.py [--points 200000] [--grids 10000]
Creates (and drops) its own database `cg_patrols_bench` on 127.0.0.1:5432 (PG_URL to change the server).
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = "cg_patrols_bench"


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {DB}")


def serpentine(x0: float, y0: float, size: float, rows: int = 4, step: float = 0.00012) -> list[tuple[float, float]]:
    """A walk up and down the streets of a square grid: `rows` east-west legs joined at the ends."""
    points = []
    for r in range(rows):
        y = y0 + size * (r + 0.5) / rows
        xs = [x0 + size * 0.1 + i * step for i in range(int(size * 0.8 / step))]
        points += [(x, y) for x in (xs if r % 2 == 0 else reversed(xs))]
    return points


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--grids", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    recreate_database()
    os.environ.update(DJANGO_SETTINGS_MODULE="civicgrid.settings", DATABASE_URL=f"{SERVER}/{DB}",
                      LOG_LEVEL="WARNING", SECRET_KEY="bench", REDIS_URL="")  # fmt: skip
    import django

    django.setup()
    import shapely
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import OrgUnitKind, RoleCode
    from accounts.services import org_unit_create, user_create
    from grids.geometry import area_m2, to_geojson
    from grids.models import Grid
    from patrols.coverage import compute_day_coverage
    from patrols.ingest import ingest_points
    from patrols.models import GridDayCoverage, PatrolSession, PatrolTeam, SessionStatus, TeamKind
    from patrols.track import METRES_PER_DEGREE

    call_command("migrate", verbosity=0)
    city = org_unit_create(actor=None, parent=None, code="BENCH", name="bench", kind=OrgUnitKind.DISTRICT)
    user = user_create(actor=None, username="walker", name="walker", org_unit=city, roles=[RoleCode.PATROLLER],
                       password="x-Bench-2026", validate=False)  # fmt: skip

    # --- Ingest -----------------------------------------------------------------------------
    now = timezone.now()
    per_session = 3000  # ~8 hours at one position every 10 s
    sessions = max(1, args.points // per_session)
    batches = []
    for s in range(sessions):
        start = now - timedelta(hours=9, minutes=s)
        session = PatrolSession.objects.create(
            user=user, day=timezone.localdate(start), started_at=start, scope_path=city.path
        )
        walk = [
            {
                "lng": 116.9 + (i % 300) * 1e-4,
                "lat": 36.6 + (i // 300) * 1e-4,
                "t": (start + timedelta(seconds=10 * i)).isoformat(),
            }
            for i in range(per_session)
        ]
        for b in range(0, per_session, args.batch):
            batches.append((session, f"b{b}", walk[b : b + args.batch]))
    started = time.perf_counter()
    total = 0
    for session, batch_id, points in batches:
        total += ingest_points(session=session, batch_id=batch_id, points=points, now=now).accepted
    seconds = time.perf_counter() - started
    rate = total / seconds
    resent = time.perf_counter()
    for session, batch_id, points in batches[:50]:  # a phone sending again after a timeout
        ingest_points(session=session, batch_id=batch_id, points=points, now=now)
    replay_ms = (time.perf_counter() - resent) / 50 * 1000

    # --- Coverage ---------------------------------------------------------------------------
    side = int(args.grids**0.5)
    size = 0.002  # ~180 m × 220 m
    team = PatrolTeam.objects.create(name="bench", kind=TeamKind.PATROL, org_unit=city)
    grids = []
    for i in range(side):
        for j in range(side):
            x0, y0 = 116.5 + i * size, 36.3 + j * size
            outline = shapely.box(x0, y0, x0 + size, y0 + size)
            grids.append(Grid(code=f"B{i:03d}{j:03d}", name="bench", kind="community", org_unit=city,
                              geometry=to_geojson(outline), wkb=shapely.to_wkb(outline), min_lng=x0, min_lat=y0,
                              max_lng=x0 + size, max_lat=y0 + size, area_m2=area_m2(outline)))  # fmt: skip
    Grid.objects.bulk_create(grids, batch_size=1000)
    grids = list(Grid.objects.filter(code__startswith="B").order_by("code"))
    team.grids.set(grids)
    day = date(2026, 11, 30)
    begin = timezone.make_aware(datetime(2026, 11, 30, 9, 0))
    rows = []
    for index, grid in enumerate(grids):
        if index % 10 == 9:
            continue  # one grid in ten was not patrolled
        x0, y0 = grid.min_lng, grid.min_lat
        line = shapely.LineString(serpentine(x0, y0, size))
        simplified = line.simplify(2 / METRES_PER_DEGREE, preserve_topology=False)
        rows.append(PatrolSession(user=user, team=team, grid=grid, scope_path=city.path, day=day, started_at=begin,
                                  ended_at=begin + timedelta(hours=1), status=SessionStatus.ENDED, counted=True,
                                  distance_m=line.length * METRES_PER_DEGREE, duration_s=3600,
                                  track_wkb=shapely.to_wkb(simplified)))  # fmt: skip
    PatrolSession.objects.bulk_create(rows, batch_size=1000)
    started = time.perf_counter()
    written = compute_day_coverage(day=day)
    coverage_seconds = time.perf_counter() - started
    patrolled = GridDayCoverage.objects.filter(day=day, patrolled=True).count()
    mean_share = sum(
        GridDayCoverage.objects.filter(day=day, patrolled=True).values_list("covered_share", flat=True)
    ) / max(patrolled, 1)

    print(f"ingest: {total:,} positions in {len(batches)} batches of {args.batch}: {seconds:.1f} s = {rate:,.0f}/s "
          f"(target >= 5,000/s) {'OK' if rate >= 5000 else 'SLOW'}")  # fmt: skip
    print(f"a batch sent again: {replay_ms:.1f} ms, stored nothing twice")
    print(f"coverage: {written:,} grids ({patrolled:,} patrolled, mean share {mean_share:.0%}) in {coverage_seconds:.1f} s "
          f"(target < 60 s) {'OK' if coverage_seconds < 60 else 'SLOW'}")  # fmt: skip
    from django.db import connections

    connections.close_all()
    if not args.keep:
        recreate_database(drop_only=True)


if __name__ == "__main__":
    main()
