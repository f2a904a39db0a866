#!/usr/bin/env bash
# Install CivicGrid and start it with demo data on the embedded default (SQLite):
# web server on http://127.0.0.1:8000 plus the background worker. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
bootstrap_venv requirements/base.txt
report_packages

PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v0
$PY manage.py load_demo

$PY manage.py run_huey --logfile "${CIVICGRID_DATA_DIR:-var}/worker.log" &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM

BIND=${BIND:-127.0.0.1:8000}
# /metrics sums the figures of every gunicorn worker (scripts/gunicorn.conf.py empties the folder at start).
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-${CIVICGRID_DATA_DIR:-var}/metrics}"
echo "CivicGrid: http://$BIND  (demo users and password: see README.md)"
.venv/bin/gunicorn civicgrid.wsgi --config scripts/gunicorn.conf.py --bind "$BIND" --workers "${WEB_WORKERS:-3}" \
  --access-logfile - --graceful-timeout 10 --timeout 120
