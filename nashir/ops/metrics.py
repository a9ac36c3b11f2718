"""`/metrics/`: what Prometheus scrapes — request rates, latencies and errors by view
(django-prometheus's middleware), and nashir's own figures, read at scrape time.

nashir's figures are a handful of indexed queries and two small file reads, never a walk of the
page-cache folder: `pagecache expire` (every minute, in the chores) counts the kept pages as it
walks them anyway and leaves the figure beside the folder. They describe the whole site (tasks,
notifications, stuck purges) or this machine (the page-cache folder, its disk).

Not public: only from NASHIR_METRICS_ALLOW (addresses or ranges; loopback by default), judged
by `client_ip` (so through nginx it is the scraper's address that counts, not nginx's), or with
``Authorization: Bearer $NASHIR_METRICS_TOKEN``. Never kept by the page cache (it declares no
keys) nor by any cache in front (no-store).
"""

import hmac
import ipaddress
import logging
import os
import shutil
from datetime import timedelta
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from .metrics_files import MachineCollector
from .security import client_ip

logger = logging.getLogger(__name__)


#: The page cache's task that tries a failed purge again (nashir.pagecache.purge).
PURGE_RETRY_TASK = "nashir.pagecache.purge.retry_purge"


def gauge(name, documentation, value=None, labels=()):
    family = GaugeMetricFamily(name, documentation, labels=list(labels) or None)
    if value is not None:
        family.add_metric([], value)
    return family


class NashirCollector:
    """nashir's own gauges, computed when scraped. A part whose source fails (the database
    down) is left out, and `nashir_health_check_ok` says which."""

    def collect(self):
        yield from self.health()
        for part in (self.tasks, self.notifications, self.stuck_purges):
            try:
                yield from list(part())
            except DatabaseError:
                logger.warning("metrics: %s skipped, the database did not answer", part.__name__)
        yield from self.page_cache_disk()

    def health(self):
        """The same checks as /health/: 1 when it answers."""
        from .views import CHECKS

        family = gauge(
            "nashir_health_check_ok",
            "1 when the check of /health/ passes (database: else the server is taken out; "
            "cache: else /health/ says degraded).",
            labels=["check"],
        )
        for name, check in CHECKS.items():
            try:
                ok = bool(check())
            except Exception:
                ok = False
            family.add_metric([name], 1 if ok else 0)
        yield family

    def tasks(self):
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult, get_date_max

        now = timezone.now()
        by_status = gauge(
            "nashir_tasks",
            "Background tasks in the database queue by status (FAILED ones stay until pruned).",
            labels=["status"],
        )
        counts = dict.fromkeys(TaskResultStatus.values, 0)
        for row in DBTaskResult.objects.order_by().values("status").annotate(n=Count("pk")):
            counts[row["status"]] = row["n"]
        for status, count in sorted(counts.items()):
            by_status.add_metric([status], count)
        yield by_status

        waiting_since = Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("enqueued_at", "run_after"),
        )
        ready = (
            DBTaskResult.objects.ready()
            .order_by()
            .aggregate(n=Count("pk"), oldest=Min(waiting_since))
        )
        yield gauge(
            "nashir_task_queue_depth",
            "Tasks ready to run now, waiting for a db_worker.",
            ready["n"],
        )
        oldest = ready["oldest"]
        yield gauge(
            "nashir_task_queue_oldest_age_seconds",
            "How long the longest-waiting ready task has waited (0: queue empty).",
            max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
        )
        limit = now - timedelta(minutes=settings.NASHIR_TASK_STUCK_MINUTES)
        yield gauge(
            "nashir_tasks_stuck",
            "Tasks RUNNING for longer than NASHIR_TASK_STUCK_MINUTES (a worker died: the "
            "chores requeue them; if this stays above 0 the chores are not running).",
            DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING, started_at__lt=limit
            ).count(),
        )

    def notifications(self):
        # By name: the comments app depends on ops (client addresses), not the reverse.
        notices = apps.get_model("discussion", "ModeratorNotification")
        family = gauge(
            "nashir_moderator_notifications",
            "E-mails to moderators about held comments that are not sent yet, by state "
            "(due: waiting or between retries; failed: given up after the last retry).",
            labels=["state"],
        )
        counts = dict.fromkeys(["due", "sending", "failed"], 0)
        rows = (
            notices.objects.filter(state__in=counts)
            .order_by()
            .values("state")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row["state"]] = row["n"]
        for state, count in counts.items():
            family.add_metric([str(state)], count)
        yield family

    def stuck_purges(self):
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from nashir.pagecache import files
        from nashir.pagecache.models import CachedPage

        yield gauge(
            "nashir_purges_retrying",
            "Purges that failed (Varnish away, a read-only folder) waiting for their next try "
            "by the worker (10 s, 20 s, 40 s … for about an hour, then given up as an error).",
            DBTaskResult.objects.filter(
                status=TaskResultStatus.READY, task_path=PURGE_RETRY_TASK
            ).count(),
        )
        yield gauge(
            "nashir_pagecache_stuck_pages",
            "Kept pages a purge could not delete (read-only or broken disk); while any is "
            "left no tier serves kept pages.",
            CachedPage.objects.filter(stuck=True).count(),
        )
        yield gauge(
            "nashir_pagecache_stale",
            "1 while kept pages are not served on this machine because a purge failed.",
            1 if files.stale_marker().exists() else 0,
        )

    def page_cache_disk(self):
        from nashir.pagecache import files

        usage = files.recorded_usage()
        if usage is not None:
            count, size, age = usage
            yield gauge("nashir_pagecache_pages", "Kept pages on this machine's disk.", count)
            yield gauge("nashir_pagecache_bytes", "Bytes of the kept pages on this machine.", size)
            yield gauge(
                "nashir_pagecache_usage_age_seconds",
                "How old the two figures above are (counted by `pagecache expire`, every minute "
                "in the chores: if this grows, the chores timer is not running).",
                age,
            )
        try:
            disk = shutil.disk_usage(files.root())
        except OSError:
            return
        yield gauge(
            "nashir_pagecache_disk_free_bytes",
            "Free bytes on the disk holding the page-cache folder.",
            disk.free,
        )
        yield gauge(
            "nashir_pagecache_disk_size_bytes",
            "Size of the disk holding the page-cache folder.",
            disk.total,
        )


NASHIR_REGISTRY = CollectorRegistry(auto_describe=False)
NASHIR_REGISTRY.register(NashirCollector())


def request_registry():
    """The request metrics of every gunicorn worker on this machine (multiprocess mode, set up
    by deploy/gunicorn.conf.py), or of this one process (runserver, tests)."""
    root = settings.NASHIR_METRICS_DIR
    if root and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry(auto_describe=False)
        registry.register(MachineCollector(root))
        return registry
    return REGISTRY


@lru_cache(maxsize=8)
def _networks(allowed):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in allowed)


def scrape_allowed(request):
    token = settings.NASHIR_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if given.startswith("Bearer ") and hmac.compare_digest(
            given.removeprefix("Bearer ").strip().encode(), token.encode()
        ):
            return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(settings.NASHIR_METRICS_ALLOW)))


@never_cache
def metrics(request):
    if not scrape_allowed(request):
        response = HttpResponse(
            "Metrics are not public: scrape from an address in NASHIR_METRICS_ALLOW or send "
            "Authorization: Bearer $NASHIR_METRICS_TOKEN.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "private, no-store"
        return response
    body = generate_latest(request_registry()) + generate_latest(NASHIR_REGISTRY)
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "private, no-store"
    return response
