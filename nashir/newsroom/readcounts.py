"""«الأكثر قراءة»: reads counted in the cache by a beacon, written to the database in batches.

A read is one ``cache.incr`` on a key per article per hour, so a cached article page stays cached
and a busy hour costs the database nothing. ``flush_read_counts`` moves the counts into
``ReadCount`` rows; it runs from a timer (``manage.py flush_read_counts``) and by itself when the
first read of a new hour arrives. Counts are exact on caches with atomic ``add``/``incr`` (Redis,
the in-process memory cache); the file cache of the embedded default may drop a few under load.
"""

import logging
from contextlib import suppress
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from nashir.news.models import ArticlePage
from nashir.pagecache import Fragment, Key

from .models import ReadCount

logger = logging.getLogger(__name__)

PREFIX = "nashir:reads"
KEY_TTL = 2 * 24 * 3600  # counts not flushed within two days are dropped
KEPT_HOURS = 48  # buckets a flush looks at
SETTLE = timedelta(minutes=10)  # after this, no beacon still writes to an hour that has ended
FLUSH_LOCK_TTL = 300


def hour_of(when):
    """The start of the UTC hour a read belongs to."""
    return when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _bucket(hour):
    return hour.strftime("%Y%m%d%H")


def _count_key(bucket, article_id):
    return f"{PREFIX}:{bucket}:a:{article_id}"


def _slots_key(bucket):
    return f"{PREFIX}:{bucket}:n"


def _slot_key(bucket, index):
    return f"{PREFIX}:{bucket}:s:{index}"


def _incr(key):
    """Add one, creating the key if it is missing; True when this call created it."""
    if cache.add(key, 1, KEY_TTL):
        return 1, True
    try:
        return cache.incr(key), False
    except ValueError:  # expired between add and incr
        cache.add(key, 1, KEY_TTL)
        return 1, True


def record_read(article_id, when=None):
    """Count one read now; registers the article for the flush on its first read of the hour."""
    bucket = _bucket(hour_of(when or timezone.now()))
    _, first_of_article = _incr(_count_key(bucket, article_id))
    if not first_of_article:
        return
    index, first_of_hour = _incr(_slots_key(bucket))
    cache.set(_slot_key(bucket, index), article_id, KEY_TTL)
    if first_of_hour:
        # A new hour has begun: the hours before it are complete, write them out.
        try:
            flush_read_counts(when, current_too=False)
        except Exception:
            logger.exception("flushing read counts at the turn of the hour failed")


def flush_read_counts(now=None, current_too=True):
    """Write counted reads into ``ReadCount``; returns how many reads were written."""
    if not cache.add(f"{PREFIX}:flush-lock", 1, FLUSH_LOCK_TTL):
        return 0  # another worker is flushing
    try:
        return _flush(now or timezone.now(), current_too)
    finally:
        cache.delete(f"{PREFIX}:flush-lock")


def _flush(now, current_too):
    current = hour_of(now)
    written = 0
    for age in range(0 if current_too else 1, KEPT_HOURS + 1):
        hour = current - timedelta(hours=age)
        bucket = _bucket(hour)
        slots = cache.get(_slots_key(bucket))
        if not slots:
            continue
        slot_keys = [_slot_key(bucket, i) for i in range(1, slots + 1)]
        article_ids = set(cache.get_many(slot_keys).values())
        count_keys = {aid: _count_key(bucket, aid) for aid in article_ids}
        values = cache.get_many(count_keys.values())
        counts = {aid: values.get(key) or 0 for aid, key in count_keys.items()}
        counts = {aid: n for aid, n in counts.items() if n > 0}
        if counts:
            _write(hour, counts)
            for aid, n in counts.items():
                with suppress(ValueError):  # the key expired meanwhile: nothing left to keep
                    cache.decr(count_keys[aid], n)
            written += sum(counts.values())
        if hour + timedelta(hours=1) + SETTLE <= now:
            cache.delete_many([*count_keys.values(), *slot_keys, _slots_key(bucket)])
    return written


def _write(hour, counts):
    """One transaction per hour: add to the rows that exist, create the rest."""
    with transaction.atomic():
        known = set(ArticlePage.objects.filter(pk__in=counts).values_list("pk", flat=True))
        existing = set(
            ReadCount.objects.filter(hour=hour, article_id__in=known).values_list(
                "article_id", flat=True
            )
        )
        for aid in existing:
            ReadCount.objects.filter(hour=hour, article_id=aid).update(
                count=F("count") + counts[aid]
            )
        ReadCount.objects.bulk_create(
            [ReadCount(article_id=aid, hour=hour, count=counts[aid]) for aid in known - existing]
        )


#: Kept briefly, and dropped whenever an article is published, edited or withdrawn.
MOST_READ = Fragment("most-read", purged_by=[Key.HOME], timeout=settings.NASHIR_MOST_READ_TTL)


def most_read(hours, limit=None):
    """The articles read most in the last ``hours`` hours, with their read counts, cached briefly."""
    limit = limit or settings.NASHIR_MOST_READ_SIZE

    def compute():
        since = hour_of(timezone.now()) - timedelta(hours=hours - 1)
        return list(
            ArticlePage.objects.published()
            .filter(read_counts__hour__gte=since)
            .annotate(reads=Sum("read_counts__count"))
            .select_related("section")
            .order_by("-reads", "-published_at", "-pk")[:limit]
        )

    return MOST_READ.get_or_set(compute, part=(hours, limit))
