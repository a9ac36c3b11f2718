"""How gunicorn serves nashir — the one configuration `make run`, `make bench` and the systemd
unit share, so what the benchmark measures is what readers get.

Threads (gthread) rather than more processes: a page-cache hit is a file read, and a miss mostly
waits on the database. No access log by default: one line per request cost readers ~40 % of
the embedded tier's throughput, and nginx or Varnish in front log requests anyway.

Request metrics: every worker counts in files under NASHIR_METRICS_DIR (default
$NASHIR_VAR_DIR/metrics), one folder per instance, and /metrics/ adds up all of them
(nashir.ops.metrics_files): a worker's files are folded into its instance's when it exits.

Environment: HOST, PORT (or GUNICORN_BIND), WORKERS, THREADS, ACCESS_LOG ("-" for stdout),
NASHIR_VAR_DIR, NASHIR_METRICS_DIR.
"""

import os
import sys
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WORKERS") or max(2, (os.cpu_count() or 1) * 2))
worker_class = "gthread"
threads = int(os.environ.get("THREADS") or 4)
keepalive = 5
timeout = 60
graceful_timeout = 20
# A worker is replaced after this many requests (a guard against slow leaks). Each replacement
# loads Django and Wagtail again (~2 s of a core): at 5,000 the embedded page cache, answering
# ~2,000 kept pages a second, replaced a worker every few seconds and its throughput sagged.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning")
control_socket_disable = True

PROJECT = Path(__file__).resolve().parent.parent
metrics_root = os.environ.setdefault(
    "NASHIR_METRICS_DIR",
    str(Path(os.environ.get("NASHIR_VAR_DIR") or PROJECT / "var") / "metrics"),
)
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))
from nashir.ops import metrics_files  # noqa: E402  (no Django: safe in the master)


def instance_metrics_folder(server):
    """This instance's folder, named after where it listens (the systemd unit's --bind)."""
    return metrics_files.instance_folder(metrics_root, server.cfg.bind[0])


def on_starting(server):
    folder = instance_metrics_folder(server)
    metrics_files.start_instance(metrics_root, folder)
    # Read by prometheus_client when a worker imports it; workers inherit it from the master.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def child_exit(server, worker):
    metrics_files.fold_dead_worker(metrics_root, instance_metrics_folder(server), worker.pid)
