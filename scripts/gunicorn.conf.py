"""gunicorn settings of the shipped start script (scripts/run.sh): metrics of every worker on /metrics."""

import os
import shutil
from pathlib import Path


def on_starting(server):
    # Prometheus multiprocess mode keeps each worker's figures in files of this folder: empty it at each start.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, mode=0o700)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
