#!/usr/bin/env bash
# Install what the tests need and run the whole suite: lint, then every test
# (browser tests included) on SQLite and again on a fresh PostgreSQL database.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
set -e
bootstrap_venv requirements/test.txt
report_packages  # Pango and CJK fonts for the PDF reports

# Debian's Chromium for the browser tests (a test tool's own browser download
# does not work offline), and CJK fonts so screenshots show Chinese text.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian ..."
  apt_install "${missing[@]}"
fi

# PostgreSQL must be up (it is on the project's machines; start it if it stopped).
PG_HOST=${PG_HOST:-127.0.0.1}
pg_up() { .venv/bin/python -c "import psycopg; psycopg.connect('host=$PG_HOST user=postgres dbname=postgres', connect_timeout=3).close()" 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  sleep 2
fi
set +e

export PYTHONDONTWRITEBYTECODE=1
mkdir -p test-artifacts
status=0
results=()

echo "== lint (ruff) =="
if .venv/bin/ruff check . && .venv/bin/ruff format --check . ; then results+=("lint: ok"); else results+=("lint: FAILED"); status=1; fi

echo "== migrations are up to date =="
if DATABASE_URL= .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null; then
  results+=("migrations: ok")
else
  results+=("migrations: FAILED (run makemigrations)"); status=1
fi

echo "== known vulnerabilities in the pinned requirements (pip-audit) =="
# Offline (no PyPI vulnerability API) the step says "skipped" and does not fail the run.
audit=$(.venv/bin/python scripts/audit_requirements.py requirements/base.txt) || status=1
echo "$audit"
results+=("$(echo "$audit" | tail -1)")

# Browser tests run in a process of their own: a live server shares the test database with the test
# thread, and on SQLite one H5 browser test hung only after the unit tests had run in the same process.
MARKS=("not browser" "browser")
for arg in "$@"; do
  if [ "$arg" = "-m" ]; then MARKS=("${MARKS[0]}"); fi  # the caller chose the tests: one run each
done
echo "== tests on SQLite =="
for i in "${!MARKS[@]}"; do
  DATABASE_URL= .venv/bin/pytest -p no:cacheprovider -m "${MARKS[$i]}" \
    --junitxml="test-artifacts/junit-sqlite-$i.xml" "$@" || status=1
done

# The unit tests once more with the clock 400 days ahead (across a year end, into years whose work calendar
# is not published): a test that depends on the day it runs fails here instead of on some later day.
# Skipped when the caller chose the tests with -m.
# It runs in the background beside the PostgreSQL unit tests: each keeps about one core busy (the machines
# have two), so the pair takes little longer than one of them; its output is printed after them.
SHIFT_DAYS=${SHIFT_DAYS:-400}
SHIFTED=()
shifted_pid=
if [ ${#MARKS[@]} -eq 2 ]; then
  SHIFTED=(test-artifacts/junit-sqlite-shifted.xml)
  DATABASE_URL= .venv/bin/pytest -p no:cacheprovider -m "not browser" --shift-clock "$SHIFT_DAYS" \
    --junitxml="${SHIFTED[0]}" "$@" >test-artifacts/sqlite-shifted.out 2>&1 &
  shifted_pid=$!
fi

# Crash test (issue 16): reports sent while the app and the worker are killed with SIGKILL; nothing may be
# lost or doubled. A small N on both databases, in the background while the PostgreSQL tests run (each mostly
# waits for the worker's minute jobs to drain what the crashes left); each prints one line for the summary.
crash_dbs=()
crash_pids=()
if [ ${#MARKS[@]} -eq 2 ]; then
  crash_dbs=(sqlite)
  if pg_up; then crash_dbs+=(postgresql); fi
  for database in "${crash_dbs[@]}"; do
    .venv/bin/python scripts/crash_test.py --database "$database" --reports "${CRASH_REPORTS:-100}" \
      >"test-artifacts/crash-$database.out" 2>"test-artifacts/crash-$database.log" &
    crash_pids+=($!)
  done
fi

echo "== tests on PostgreSQL =="
if pg_up; then
  for i in "${!MARKS[@]}"; do
    DB="civicgrid_ci_$$_$(date +%s)_$i"
    DATABASE_URL="postgres://postgres@$PG_HOST:5432/$DB" .venv/bin/pytest -p no:cacheprovider --create-db \
      -m "${MARKS[$i]}" --junitxml="test-artifacts/junit-postgresql-$i.xml" "$@" || status=1
  done
else
  echo "PostgreSQL is not reachable at $PG_HOST:5432" >&2
  results+=("postgresql: NOT REACHABLE"); status=1
fi

if [ -n "$shifted_pid" ]; then
  echo "== unit tests on SQLite, clock moved $SHIFT_DAYS days ahead (ran beside the PostgreSQL tests) =="
  wait "$shifted_pid" || status=1
  tail -n 40 test-artifacts/sqlite-shifted.out
fi

echo "== crash test on SQLite and PostgreSQL =="
for i in "${!crash_dbs[@]}"; do
  database=${crash_dbs[$i]}
  wait "${crash_pids[$i]}" || status=1
  cat "test-artifacts/crash-$database.out"
  line=$(grep '^crash-test' "test-artifacts/crash-$database.out" || true)
  results+=("${line:-crash-test $database: FAILED (see test-artifacts/crash-$database.log)}")
done

summary=$(.venv/bin/python scripts/junit_summary.py test-artifacts/junit-sqlite-[0-9].xml "${SHIFTED[@]}" \
  test-artifacts/junit-postgresql-*.xml)
echo
echo "== summary =="
for line in "${results[@]}"; do echo "$line"; done
echo "$summary"
exit $status
