"""Point → grid speed at city scale: 10,000 grids, one core.

Targets (issue 4): index build for 10,000 grids < 2 s; ≥ 50,000 single lookups/s.
Run: .venv/bin/python bench/bench_grids.py [--grids 10000] [--lookups 200000]
Uses a throwaway SQLite database so that the build is measured from the database, as in production.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="civicgrid-bench-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="civicgrid.settings", CIVICGRID_DATA_DIR=TMP, DATABASE_URL="", SECRET_KEY="bench"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grids", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy
    import shapely
    from django.core.management import call_command

    from grids.geometry import area_m2, to_geojson
    from grids.locator import build_index
    from grids.models import Grid

    call_command("migrate", verbosity=0)
    side = int(args.grids**0.5)
    size = 0.002  # ~200 m grids over a city-sized square
    rng = numpy.random.default_rng(42)
    grids = []
    for i in range(side):
        for j in range(side):
            x0, y0 = 116.5 + i * size, 36.3 + j * size
            # Eight vertices so the polygons cost what real ones do.
            ring = [
                (x0, y0),
                (x0 + size / 2, y0),
                (x0 + size, y0),
                (x0 + size, y0 + size / 2),
                (x0 + size, y0 + size),
                (x0 + size / 2, y0 + size),
                (x0, y0 + size),
                (x0, y0 + size / 2),
            ]
            geometry = shapely.Polygon(ring)
            min_lng, min_lat, max_lng, max_lat = geometry.bounds
            grids.append(
                Grid(
                    code=f"B{i:03d}{j:03d}",
                    name="bench",
                    kind="community",
                    geometry=to_geojson(geometry),
                    wkb=shapely.to_wkb(geometry),
                    min_lng=min_lng,
                    min_lat=min_lat,
                    max_lng=max_lng,
                    max_lat=max_lat,
                    area_m2=area_m2(geometry),
                )
            )
    Grid.objects.bulk_create(grids, batch_size=1000)
    count = Grid.objects.count()

    started = time.perf_counter()
    index = build_index()
    build_seconds = time.perf_counter() - started

    extent = side * size
    lngs = rng.uniform(116.5 - 0.01, 116.5 + extent + 0.01, args.lookups)
    lats = rng.uniform(36.3 - 0.01, 36.3 + extent + 0.01, args.lookups)
    lng_list, lat_list = lngs.tolist(), lats.tolist()
    index.locate(lng_list[0], lat_list[0])  # warm up
    started = time.perf_counter()
    hits = 0
    for lng, lat in zip(lng_list, lat_list, strict=True):
        if index.locate(lng, lat):
            hits += 1
    single_rate = args.lookups / (time.perf_counter() - started)

    started = time.perf_counter()
    batch = index.locate_many(lngs, lats)
    batch_rate = args.lookups / (time.perf_counter() - started)
    assert sum(1 for found in batch if found) == hits

    print(f"grids: {count}")
    print(f"index build from database: {build_seconds:.3f} s (target < 2 s) {'OK' if build_seconds < 2 else 'SLOW'}")
    print(f"single lookups: {single_rate:,.0f}/s (target >= 50,000/s) {'OK' if single_rate >= 50_000 else 'SLOW'}")
    print(f"batch lookups: {batch_rate:,.0f}/s")
    print(f"inside the service area: {hits / args.lookups:.1%}")


if __name__ == "__main__":
    main()
