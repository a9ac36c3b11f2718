"""The minute's chores, safe to start on every app machine at once.

Scheduled publishing, the read counts and the task queue's upkeep are shared: they must run
once, wherever the timer fires first. They run under a database lock — PostgreSQL's
`pg_try_advisory_lock`, held by the session, so a machine that dies mid-chore frees it — and a
machine that finds the lock taken skips them this minute. With SQLite there is one machine and
systemd never starts the oneshot timer twice, so no lock is needed.

Expiring the page-cache files is per machine (each has its own folder), so it runs everywhere.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger("nashir.ops")

#: Any number, the same on every machine: the advisory lock of the shared chores.
SHARED_CHORES_LOCK = 0x6E617368  # "nash"


@contextmanager
def shared_lock():
    """Yield True when this process holds the shared chores' lock (always, on SQLite)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SHARED_CHORES_LOCK])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SHARED_CHORES_LOCK])


def requeue_stuck_tasks(now=None):
    """Tasks left RUNNING by a worker that died (killed, machine lost) go back to the queue.

    A task still RUNNING after NASHIR_TASK_STUCK_MINUTES (default 30; nashir's tasks take
    seconds) is taken for abandoned. nashir's tasks are safe to run twice (indexing, rendering
    ahead, purges, related lists); a notification may then be sent twice, which beats never.
    Returns how many went back. Nothing to do when tasks run in the request (no queue)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.NASHIR_TASK_STUCK_MINUTES)
    stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=limit)
    count = stuck.update(status=TaskResultStatus.READY, started_at=None, run_after=now)
    if count:
        logger.warning("requeued %d task(s) left running by a worker that stopped", count)
    return count
