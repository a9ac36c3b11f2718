"""Purging: everything that shows a changed thing goes, on every tier, once.

`purge(*keys)` drops the shared fragments, the kept parts and the kept pages that depend on
any key, and tells the shared caches in front of nashir (Varnish by key, a CDN by address).
It never raises: whatever could not be purged (a read-only folder, a database or Varnish that
did not answer) is logged once, marked, and retried by the task worker, so a publish never
fails or half-purges because of a cache.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import faults, files, fragments, frontends, stamps
from .keys import Key, as_keys

logger = logging.getLogger("nashir.pagecache")


def purge(*keys):
    """Purge every cached thing that depends on any of these keys; now, and again once the
    surrounding transaction commits (a render between the two would keep the old content)."""
    keys = as_keys(keys)
    if not keys:
        return 0
    removed = purge_now(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: purge_now(keys))
    return removed


def purge_now(keys):
    """Purge at once; returns how many kept pages and parts went. Never raises."""
    removed, failed = attempt(keys)
    if failed:
        _retry_later(failed)
    return removed


def attempt(keys):
    """One try at purging `keys`: (how many kept pages and parts went, keys not fully purged)."""
    keys = set(keys)
    stamps.remember(keys)
    failed = set()
    if not fragments.drop_purged(keys):
        failed |= keys
    stamps.new_generation()
    removed, pages_failed, urls = _drop_index(keys)
    failed |= pages_failed
    if not frontends.purge(keys, urls):
        failed |= keys
    return removed, failed


def purge_all():
    """Drop everything kept, on this machine's disk and in front of it."""
    removed = purge_now({Key.SITE})
    removed += files.clear()
    return removed


def _drop_index(keys):
    """Delete the kept parts and pages depending on `keys`: (count, failed keys, their URLs)."""
    from .models import CachedPage, KeptPart

    everything = Key.SITE in keys
    removed, failed, urls = 0, set(), []
    try:
        parts = KeptPart.objects.all()
        if not everything:
            parts = parts.filter(keys__key__in=keys)
        removed += KeptPart.objects.filter(
            pk__in=list(parts.values_list("pk", flat=True))
        ).delete()[0]
        pages = CachedPage.objects.all()
        if not everything:
            pages = pages.filter(keys__key__in=keys).distinct()
        gone, stuck = [], []
        for pk, url, file in pages.values_list("pk", "url", "file"):
            urls.append(url)
            (gone if not file or files.delete(file) else stuck).append(pk)
        if stuck:
            failed |= keys  # the file is still on the disk: its row stays for the retry
            CachedPage.objects.filter(pk__in=stuck).update(stuck=True)
            files.mark_stale()  # and no tier serves kept pages until it is gone
        if gone:
            CachedPage.objects.filter(pk__in=gone).delete()
            removed += len(gone)
        if (
            not stuck
            and files.stale_marker().exists()
            and not CachedPage.objects.filter(stuck=True).exists()
        ):
            files.clear_stale_mark()  # the last stuck page is gone: serve kept pages again
    except Exception as exc:  # noqa: BLE001 — the database did not answer: retry the whole purge
        faults.report("purge the index of", ", ".join(sorted(keys)), exc)
        failed |= keys
    return removed, failed, urls


def _retry_later(keys):
    transaction.on_commit(lambda: retry_purge_later(sorted(keys), try_number=1))


#: A purge that failed is tried again after 10 s, 20 s, 40 s … for about an hour.
RETRY_ATTEMPTS = 9


def retry_purge_later(keys, try_number):
    """Queue another try of a purge that failed, later, with the worker (never inline: a
    cache that just failed would fail again)."""
    if try_number > RETRY_ATTEMPTS:
        logger.error("page cache: gave up purging %s", ", ".join(keys))
        return
    try:
        if not retry_purge.get_backend().supports_defer:
            return  # no worker (make run): kept pages expire by age; `pagecache expire` sweeps
        delay = timedelta(seconds=10 * 2 ** (try_number - 1))
        retry_purge.using(run_after=timezone.now() + delay).enqueue(keys, try_number)
    except Exception as exc:  # noqa: BLE001 — the queue is in the database, which may be down
        faults.report("queue a retry of the purge of", ", ".join(keys), exc)


@task()
def retry_purge(keys, try_number):
    """The worker's next try of a purge that failed (a read-only folder, Varnish away)."""
    removed, failed = attempt({Key(k) for k in keys})
    if failed:
        retry_purge_later(sorted(failed), try_number + 1)
    return {"removed": removed, "failed": sorted(failed)}
