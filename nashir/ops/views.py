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


#: Without these the server cannot serve a reader who is not in the page cache: take it out.
REQUIRED = {"database"}


@never_cache
def health(request):
    """What a load balancer needs to decide, in one answer:

    - 200 `"status": "ok"`: everything answers;
    - 200 `"status": "degraded"`: the shared cache (Redis) does not answer — pages are still
      served (rendered without it, slower) so the server stays in rotation: taking every app
      server out because Redis is shared and down would turn a slowdown into an outage;
    - 503 `"status": "down"`: the database does not answer — take this server out (the page
      cache in front keeps serving kept pages meanwhile).
    """
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("health check %s failed", name)
            report[name] = "error"
    failing = {name for name, state in report.items() if state != "ok"}
    status = "down" if failing & REQUIRED else "degraded" if failing else "ok"
    return JsonResponse({"status": status, **report}, status=503 if status == "down" else 200)
