"""Excel export of 100,000 cases (issue 6): time and peak Python memory; the file is checked with openpyxl.

Run: .venv/bin/python bench/bench_export.py [--rows 100000]   (throwaway SQLite database)
"""

import argparse
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(DJANGO_SETTINGS_MODULE="civicgrid.settings", CIVICGRID_DATA_DIR=tempfile.mkdtemp(), DATABASE_URL="",
                  SECRET_KEY="bench", LOG_LEVEL="WARNING")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory (tracemalloc slows it ~2x)")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from openpyxl import load_workbook

    from accounts.models import OrgUnit
    from cases.export import export_cases
    from cases.models import Case

    call_command("migrate", verbosity=0)
    call_command("load_demo", without_cases=True, verbosity=0)
    unit = OrgUnit.objects.get(code="DK-C01")
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(number=f"B{n:08d}", source="patrol", description=f"测试问题 {n}", lng=116.97, lat=36.68, org_unit=unit,
                 scope_path=unit.path, reported_at=now, tracking_code=f"T{n:09d}")
            for n in range(args.rows)
        ],
        batch_size=5000,
    )  # fmt: skip
    if args.memory:
        tracemalloc.start()
    started = time.perf_counter()
    handle = export_cases(Case.objects.all())
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if args.memory else 0
    tracemalloc.stop()
    data = handle.read()
    rows = sum(1 for _row in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows())
    print(f"export of {args.rows:,} cases: {seconds:.1f} s, file {len(data) / 1e6:.1f} MB, "
          f"peak Python memory {f'{peak / 1e6:.0f} MB' if args.memory else 'not measured (--memory)'}, rows in the file {rows - 1:,}")  # fmt: skip


if __name__ == "__main__":
    main()
