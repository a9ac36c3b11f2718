"""The page cache's background work: purges retried, pages rendered before readers ask."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import faults

#: A purge that failed is tried again after 10 s, 20 s, 40 s … for about an hour.
RETRY_ATTEMPTS = 9


def retry_purge_later(keys, attempt):
    """Queue another try of a purge that failed, later, with the worker (never inline: a
    cache that just failed would fail again)."""
    if attempt > RETRY_ATTEMPTS:
        faults.logger.error("page cache: gave up purging %s", ", ".join(keys))
        return
    try:
        if not retry_purge.get_backend().supports_defer:
            return  # no worker (make run): kept pages expire by age; `pagecache expire` sweeps
        delay = timedelta(seconds=10 * 2 ** (attempt - 1))
        retry_purge.using(run_after=timezone.now() + delay).enqueue(keys, attempt)
    except Exception as exc:  # noqa: BLE001 — the queue is in the database, which may be down
        faults.report("queue a retry of the purge of", ", ".join(keys), exc)


@task()
def retry_purge(keys, attempt):
    from .keys import Key
    from .purge import attempt as purge_attempt

    removed, failed = purge_attempt({Key(k) for k in keys})
    if failed:
        retry_purge_later(sorted(failed), attempt + 1)
    return {"removed": removed, "failed": sorted(failed)}


@task()
def render_ahead(urls):
    """Render these pages as a reader's first request would, so that reader gets a kept page."""
    from .prerender import render

    return render(urls)
