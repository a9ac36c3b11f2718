"""What the metrics cost: django-prometheus's middleware per request, and one /metrics/ scrape.

In one process, as a gunicorn worker runs (multiprocess mode: counters in mmap files):

1. the two middleware's own bookkeeping per request, alone (steady under load);
   the same light request (`/comments/token/`: a CSRF token and a signed stamp, no database)
   through the full middleware stack with and without django-prometheus's two middleware,
   alternating rounds; medians in µs per request;
2. a scrape of /metrics/ with TASKS task rows in the queue table (default 20,000 finished,
   200 waiting), a page-cache index, and the request counters of DEAD folded workers plus
   LIVE live ones; median in ms.

Usage: python bench/metrics_bench.py [--requests 2000] [--rounds 5] [--tasks 20000]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK = Path(tempfile.mkdtemp(prefix="nashir-metrics-bench-"))
METRICS_ROOT = WORK / "metrics"
FOLDER = METRICS_ROOT / "127.0.0.1-8001"
FOLDER.mkdir(parents=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(FOLDER)
os.environ["NASHIR_METRICS_DIR"] = str(METRICS_ROOT)
os.environ["DJANGO_SETTINGS_MODULE"] = "nashir.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

PROMETHEUS = (
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
)


def per_request_us(client, requests):
    start = time.perf_counter()
    for _ in range(requests):
        response = client.get("/comments/token/")
        assert response.status_code == 200
    return (time.perf_counter() - start) / requests * 1e6


def middleware_cost(requests, rounds):
    without = [m for m in settings.MIDDLEWARE if m not in PROMETHEUS]
    timings = {"with": [], "without": []}
    client = Client()
    for _ in range(rounds):
        for name, stack in (("with", settings.MIDDLEWARE), ("without", without)):
            with override_settings(MIDDLEWARE=stack):
                per_request_us(client, 50)  # warm up this stack
                timings[name].append(per_request_us(client, requests))
    return {name: statistics.median(values) for name, values in timings.items()}


def bookkeeping_us(requests):
    """The two middleware's own work per request, without the rest of Django around them."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve
    from django_prometheus.middleware import (
        PrometheusAfterMiddleware,
        PrometheusBeforeMiddleware,
    )

    response = HttpResponse("x" * 2000)
    before = PrometheusBeforeMiddleware(lambda request: response)
    after = PrometheusAfterMiddleware(lambda request: response)
    request = RequestFactory().get("/comments/token/")
    request.resolver_match = resolve("/comments/token/")
    view = request.resolver_match.func
    start = time.perf_counter()
    for _ in range(requests):
        before.process_request(request)
        after.process_request(request)
        after.process_view(request, view)
        after.process_response(request, response)
        before.process_response(request, response)
    return (time.perf_counter() - start) / requests * 1e6


def fill_tables(finished, waiting):
    from django_tasks_db.models import DBTaskResult, get_date_max

    from nashir.discussion.models import ModeratorNotification
    from nashir.pagecache.models import CachedPage

    with connection.schema_editor() as editor:
        for model in (DBTaskResult, CachedPage, ModeratorNotification):
            editor.create_model(model)
    now = timezone.now()
    rows = [
        DBTaskResult(
            status="SUCCESSFUL" if i >= waiting else "READY",
            args_kwargs={"args": [i], "kwargs": {}},
            task_path="nashir.pagecache.purge.retry_purge",
            backend_name="default",
            run_after=get_date_max(),
            finished_at=now,
        )
        for i in range(finished + waiting)
    ]
    DBTaskResult.objects.bulk_create(rows, batch_size=2000)
    CachedPage.objects.bulk_create(
        [CachedPage(url=f"http://b/{i}/", file=f"b/{i}/index.html") for i in range(5000)],
        batch_size=2000,
    )


def fold_workers(dead, live):
    """Request counters as `dead` replaced workers (folded) and `live` running ones leave them."""
    import subprocess

    from nashir.ops import metrics_files

    code = (
        "import os, django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "for path in ('/comments/token/', '/health/'):\n"
        "    c.get(path)\n"
        "print(os.getpid())\n"
    )
    for i in range(dead + live):
        pid = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, env=os.environ).stdout.split()[-1])  # fmt: skip
        if i < dead:
            metrics_files.fold_dead_worker(METRICS_ROOT, FOLDER, pid)


def scrape_ms(rounds):
    client = Client()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get("/metrics/")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(timings), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--dead", type=int, default=6)
    parser.add_argument("--live", type=int, default=2)
    args = parser.parse_args()

    cost = middleware_cost(args.requests, args.rounds)
    print(
        f"request through the middleware: {cost['without']:.0f} µs without django-prometheus, "
        f"{cost['with']:.0f} µs with it (+{cost['with'] - cost['without']:.0f} µs, "
        f"×{cost['with'] / cost['without']:.2f}); median of {args.rounds} rounds of "
        f"{args.requests} requests, multiprocess mode"
    )
    print(
        f"django-prometheus's own bookkeeping: {bookkeeping_us(20000):.0f} µs per request "
        "(20,000 calls in a row)"
    )
    fill_tables(args.tasks, 200)
    fold_workers(args.dead, args.live)
    files = len(list(FOLDER.glob("*.db")))
    ms, size = scrape_ms(max(args.rounds, 5) * 4)
    print(
        f"/metrics/ scrape: {ms:.1f} ms median ({size:,} bytes) with {args.tasks:,} finished and "
        f"200 waiting tasks, 5,000 kept pages indexed, {args.dead} folded + {args.live} live "
        f"workers' counters ({files} files)"
    )


if __name__ == "__main__":
    main()
