"""The health endpoint load balancers poll: is this app server able to serve pages?"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def _cache_ok():
    key = f"nashir:health:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": _database_ok, "cache": _cache_ok}


@never_cache
def health(request):
    """200 when the database and the cache both answer, else 503 so the balancer skips us."""
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("health check %s failed", name)
            report[name] = "error"
    healthy = all(state == "ok" for state in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
