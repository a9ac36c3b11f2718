"""«الأكثر قراءة»: reads counted in the cache by a beacon, written to the database in batches.

A read is one increment of a counter per article and hour in the cache, so a cached article page
stays cached and a busy hour costs the database one row per article read. The row
(`ReadCount`, count 0) is made at the article's first read of the hour: it is the list of
counters the flush reads, kept where neither an eviction nor two workers racing can lose it.

`flush_read_counts` copies each counter into its row. Counters only ever go up; the row
remembers how much of its counter it already holds (`counted`), so a flush adds the difference
and two flushes at once cannot count a read twice (each row is updated only if nobody moved it
since it was read). The flush runs from the first beacon after `NASHIR_READS_FLUSH_SECONDS`
(five minutes), so the lists are current with no timer, and from `manage.py flush_read_counts`.
After a flush that wrote something the lists are recomputed and the block's own cached URL
(`/most-read/`, see views.most_read_block) is purged, so cached pages show it current within a
minute: their script fetches the block from that URL.

Why counts were lost before (issue #20): Django's file cache — the embedded default — and the
database cache implement `incr` as get-then-set with the *default* timeout, 300 seconds, so
every counter (and the registry of which articles were read) vanished five minutes after the
last read of it; a flush then found nothing and wrote «0 reads». Counters now keep their two
days (`touch` after each increment on caches that reset it).
"""

import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from nashir.news.models import ArticlePage
from nashir.pagecache import Fragment, Key, purge

from .models import ReadCount

logger = logging.getLogger(__name__)

PREFIX = "nashir:reads"
KEY_TTL = 2 * 24 * 3600  # counters not flushed within two days are dropped
KEPT_HOURS = 48  # hours a flush looks back at
SETTLE = timedelta(minutes=10)  # after this, no beacon still counts in an hour that has ended
#: Backends whose `incr` keeps a key's expiry; on the others each increment is followed by a
#: `touch` (Django's file and database caches reset it to the default timeout).
INCR_KEEPS_TTL = ("RedisCache", "LocMemCache", "PyMemcacheCache", "PyLibMCCache")


def hour_of(when):
    """The start of the UTC hour a read belongs to."""
    return when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _bucket(hour):
    return hour.strftime("%Y%m%d%H")


def _count_key(bucket, article_id):
    return f"{PREFIX}:{bucket}:a:{article_id}"


def _closed_key(bucket):
    return f"{PREFIX}:{bucket}:closed"


def _incr(key):
    """Add one to a counter that lives KEY_TTL, creating it; True when this call created it."""
    created = cache.add(key, 0, KEY_TTL)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        created = cache.add(key, 1, KEY_TTL) or created
    if type(cache).__name__ not in INCR_KEEPS_TTL:
        cache.touch(key, KEY_TTL)
    return created


def record_read(article_id, when=None):
    """Count one read now; the first read of the article in this hour registers its row."""
    now = when or timezone.now()
    hour = hour_of(now)
    key = _count_key(_bucket(hour), article_id)
    if _incr(key):
        try:
            ReadCount.objects.get_or_create(article_id=article_id, hour=hour)
        except Exception:
            # Without its row the counter would never be flushed: forget it, so that the
            # next read registers it again.
            cache.delete(key)
            logger.exception("could not register the reads of article %s", article_id)
            return
    flush_if_due(now)


def flush_if_due(now=None):
    """Flush from a beacon when the last flush is NASHIR_READS_FLUSH_SECONDS old (or none ran):
    the lists stay current without a timer. Never fails the beacon."""
    every = getattr(settings, "NASHIR_READS_FLUSH_SECONDS", 300)
    if not every:
        return
    # The first beacon of each period flushes (a key per period: the cache's own expiry
    # clock is not the one the periods are counted on).
    period = int((now or timezone.now()).timestamp() // every)
    if not cache.add(f"{PREFIX}:flushed:{period}", 1, 2 * every):
        return
    try:
        flush_read_counts(now)
    except Exception:
        logger.exception("flushing read counts failed")


def flush_read_counts(now=None):
    """Write the counted reads into `ReadCount`; returns how many reads were written."""
    now = now or timezone.now()
    current = hour_of(now)
    hours = [current - timedelta(hours=age) for age in range(KEPT_HOURS + 1)]
    closed = cache.get_many([_closed_key(_bucket(hour)) for hour in hours])
    open_hours = [hour for hour in hours if _closed_key(_bucket(hour)) not in closed]
    rows = list(
        ReadCount.objects.filter(hour__in=open_hours).values_list(
            "pk", "article_id", "hour", "counted"
        )
    )
    keys = {pk: _count_key(_bucket(hour), aid) for pk, aid, hour, _ in rows}
    values = cache.get_many(list(keys.values()))
    written = 0
    with transaction.atomic():
        for pk, _, _, counted in rows:
            value = values.get(keys[pk])
            if value is None or value == counted:
                continue
            # A counter below what was counted was lost and began again (a cache restart).
            added = value - counted if value > counted else value
            if ReadCount.objects.filter(pk=pk, counted=counted).update(
                count=F("count") + added, counted=value
            ):
                written += added
    # Hours that can receive no more reads are done: their counters go, and so does the work
    # of looking at them again.
    for hour in open_hours:
        if hour + timedelta(hours=1) + SETTLE <= now:
            bucket = _bucket(hour)
            cache.delete_many([key for key in keys.values() if f":{bucket}:" in key])
            cache.set(_closed_key(bucket), 1, KEY_TTL)
    if written:
        most_read_changed()
    return written


def most_read_changed():
    """The lists are recomputed on their next use and the block's kept copy is purged."""
    purge(Key.MOST_READ)


#: Kept briefly; dropped whenever an article is published, edited or withdrawn, and by each
#: flush that changed the counts.
MOST_READ = Fragment(
    "most-read", purged_by=[Key.HOME, Key.MOST_READ], timeout=settings.NASHIR_MOST_READ_TTL
)


def most_read(hours, limit=None):
    """The articles read most in the last ``hours`` hours, with their read counts, cached briefly."""
    limit = limit or settings.NASHIR_MOST_READ_SIZE

    def compute():
        since = hour_of(timezone.now()) - timedelta(hours=hours - 1)
        return list(
            ArticlePage.objects.published()
            .filter(read_counts__hour__gte=since)
            .annotate(reads=Sum("read_counts__count"))
            .filter(reads__gt=0)
            .select_related("section")
            .order_by("-reads", "-published_at", "-pk")[:limit]
        )

    return MOST_READ.get_or_set(compute, part=(hours, limit))
