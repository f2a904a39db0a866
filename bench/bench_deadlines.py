"""Measure deadline computations per second over random starts in 2025–2026 (target: ≥ 100,000/s).

add_working_time is the arithmetic; compute_deadline, what the workflow calls, adds whether the deadline
depends on a year without its holiday notice (provisional). Measured on the 2-core machine: 172-190k/s
and 106-119k/s (compute_deadline was 83-90k/s while it was a frozen dataclass working out the missing
years on every call).

Run from the repository root: `.venv/bin/python bench/bench_deadlines.py [calls]`. It migrates a
throwaway SQLite database in a temporary folder (the seed migration loads the calendar) and never
touches var/.
"""

import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(calls: int) -> None:
    data_dir = tempfile.mkdtemp(prefix="civicgrid-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicgrid.settings"
    os.environ["CIVICGRID_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}"
    os.environ.pop("REDIS_URL", None)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from django.utils import timezone

    from cases.deadlines import DeadlineUnit, add_working_time, compute_deadline

    rng = random.Random(2026)
    tz = timezone.get_default_timezone()
    first = datetime(2025, 1, 1, tzinfo=tz)
    span_minutes = int((datetime(2027, 1, 1, tzinfo=tz) - first).total_seconds() // 60)
    starts = [first + timedelta(minutes=rng.randrange(span_minutes)) for _ in range(10_000)]
    amounts = [rng.randint(1, 40) for _ in range(10_000)]

    def rate(function, unit) -> str:
        for start, amount in zip(starts[:1000], amounts[:1000], strict=True):  # warm-up: loads the calendar
            function(start, amount, unit)
        rates = []
        for _round in range(5):  # the machine may be shared: report the median and the best of 5 rounds
            began = time.perf_counter()
            for index in range(calls):
                function(starts[index % 10_000], amounts[index % 10_000], unit)
            rates.append(calls / (time.perf_counter() - began))
        rates.sort()
        verdict = "OK" if rates[2] >= 100_000 else "SLOW"
        return f"median {rates[2]:>9,.0f} calls/s, best {rates[-1]:>9,.0f} calls/s (5 x {calls:,} calls) {verdict}"

    print(f"add_working_time work_hour: {rate(add_working_time, DeadlineUnit.WORK_HOUR)}")
    print(f"add_working_time work_day:  {rate(add_working_time, DeadlineUnit.WORK_DAY)}")
    print(f"compute_deadline work_hour: {rate(compute_deadline, DeadlineUnit.WORK_HOUR)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
