"""The full-page cache: rendered pages as files, purged precisely when content changes.

One mechanism, two servers. A page rendered for an anonymous reader is written to
``NASHIR_PAGE_CACHE_DIR/<path>/index.html`` (``index.xml`` for feeds) and every object it shows
is recorded as a dependency key (``page:12``, ``section:3``, ``tag:7``, ``author:2``, ``home``,
``feeds``, ``site``). In production nginx serves those files without touching Python; in the
embedded default `PageCacheApp` serves the very same files from WSGI before Django starts.
When content changes, `purge()` deletes exactly the files that depend on it.
"""

import logging
import os
import time
from email.utils import formatdate
from pathlib import Path
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

BYPASS_COOKIES = ("sessionid=", "nashir_nocache=")
PURGED_PREFIX = "pagecache:purged:"
CACHEABLE_QUERY_PARAMS = {"page"}


def enabled():
    return getattr(settings, "NASHIR_PAGE_CACHE", True)


def cache_root():
    return Path(settings.NASHIR_PAGE_CACHE_DIR)


def relative_file(path, query_string="", content_type="text/html"):
    """The file a URL is cached in, relative to the cache root; None when it is not cacheable.

    Only paths ending in "/" and at most a ``page`` parameter: anything else (search, previews,
    tracking parameters) is never cached, so junk URLs cannot fill the disk.
    """
    if not path.startswith("/") or not path.endswith("/") or "/." in path or "\x00" in path:
        return None
    if len(path) > 512:
        return None
    params = parse_qsl(query_string, keep_blank_values=True)
    if any(name not in CACHEABLE_QUERY_PARAMS for name, _ in params):
        return None
    ext = "xml" if "xml" in content_type else "html"
    suffix = ""
    if params:
        page = dict(params).get("page", "")
        if not page.isdigit() or len(page) > 6 or page == "1":
            return None
        suffix = f".page-{int(page)}"
    return f"{path.strip('/')}/index{suffix}.{ext}".lstrip("/")


# --- fragments shared by every page (ticker, navigation) --------------------------------------

FRAGMENTS = {}


def register_fragment(cache_key, purged_by):
    """A cached fragment that is dropped whenever one of these dependency keys is purged."""
    FRAGMENTS[cache_key] = set(purged_by)
    return cache_key


def _purge_fragments(keys):
    stale = [name for name, purged_by in FRAGMENTS.items() if purged_by & keys]
    if stale:
        cache.delete_many(stale)


# --- collecting what a page depends on -----------------------------------------------------


def depends_on(request, *keys):
    """Mark the response to this request as cacheable, depending on these keys."""
    if request is None:
        return
    deps = getattr(request, "page_cache_deps", None)
    if deps is None:
        deps = request.page_cache_deps = {"site"}
    deps.update(k for k in keys if k)


def valid_until(request, when):
    """The response must not be served after `when` (a «عاجل» mark running out), cached or not."""
    if request is None or when is None:
        return
    current = getattr(request, "page_cache_expires", None)
    request.page_cache_expires = when if current is None else min(current, when)


def page_key(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


# --- storing ----------------------------------------------------------------------------------


def is_anonymous_request(request):
    cookie = request.META.get("HTTP_COOKIE", "")
    if any(name in cookie for name in BYPASS_COOKIES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def store(request, response, started_at):
    """Write the response to the cache if nothing it shows was purged while it was rendered."""
    from .models import CachedPage

    deps = request.page_cache_deps
    content_type = response.get("Content-Type", "text/html")
    rel = relative_file(request.path, request.META.get("QUERY_STRING", ""), content_type)
    if rel is None:
        return False
    purged = cache.get_many([PURGED_PREFIX + key for key in deps])
    if any(when >= started_at for when in purged.values()):
        return False
    expires = getattr(request, "page_cache_expires", None)
    if expires is not None and expires.timestamp() <= time.time():
        return False
    target = cache_root() / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(response.content)
    if expires is not None:
        _expire_at(tmp, target, expires.timestamp())
    os.replace(tmp, target)
    try:
        CachedPage.remember(rel, deps)
    except Exception:  # the index must never break a reader's request
        logger.exception("page cache: could not record %s", rel)
        target.unlink(missing_ok=True)
        return False
    return True


def _expire_at(file, previous, when):
    """Make a cached file go stale at `when` rather than a full TTL from now.

    Both tiers judge a file's age by its mtime (PageCacheApp at every request, `pagecache
    expire` for nginx every minute), so the file is dated TTL before `when`. Its second must
    differ from the version it replaces: nginx's ETag is the mtime in seconds and the size.
    """
    ttl = settings.NASHIR_PAGE_CACHE_TTL
    stamp = int(when - ttl)
    if stamp >= time.time():
        return  # the TTL runs out first anyway
    try:
        if int(previous.stat().st_mtime) == stamp:
            stamp -= 1
    except FileNotFoundError:
        pass
    os.utime(file, (stamp, stamp))


def etag_for(stat):
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def cache_headers(response, stat=None):
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    if stat is not None:
        response["ETag"] = etag_for(stat)
        response["Last-Modified"] = formatdate(stat.st_mtime, usegmt=True)


# --- purging ----------------------------------------------------------------------------------


def purge(*keys):
    """Delete every cached page that depends on any of these keys; now and after commit."""
    keys = {k for k in keys if k}
    if not keys:
        return 0
    if not enabled():
        _purge_fragments(keys)
        return 0
    removed = _purge_now(keys)
    connection_in_atomic = transaction.get_connection().in_atomic_block
    if connection_in_atomic:
        transaction.on_commit(lambda: _purge_now(keys))
    return removed


def purge_all():
    from .models import CachedPage

    cache.set(PURGED_PREFIX + "site", time.time(), 3600)
    count = 0
    for rel in CachedPage.objects.values_list("path", flat=True).iterator():
        (cache_root() / rel).unlink(missing_ok=True)
        count += 1
    CachedPage.objects.all().delete()
    return count


def _purge_now(keys):
    from .models import CachedPage

    now = time.time()
    cache.set_many({PURGED_PREFIX + key: now for key in keys}, 3600)
    _purge_fragments(keys)
    if "site" in keys:
        return purge_all()
    pages = CachedPage.objects.filter(dependencies__key__in=keys).distinct()
    paths = list(pages.values_list("path", flat=True))
    for rel in paths:
        (cache_root() / rel).unlink(missing_ok=True)
    CachedPage.objects.filter(path__in=paths).delete()
    return len(paths)


def expire(max_age_seconds):
    """Remove cached files older than max_age (for nginx, which cannot check an age itself)."""
    from .models import CachedPage

    cutoff = time.time() - max_age_seconds
    stale = []
    for rel in CachedPage.objects.values_list("path", flat=True).iterator():
        file = cache_root() / rel
        try:
            if file.stat().st_mtime < cutoff:
                stale.append(rel)
        except FileNotFoundError:
            stale.append(rel)
    for rel in stale:
        (cache_root() / rel).unlink(missing_ok=True)
    CachedPage.objects.filter(path__in=stale).delete()
    return len(stale)
