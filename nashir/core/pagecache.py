"""The full-page cache: rendered pages as files, purged precisely when content changes.

One mechanism, two servers. A page rendered for an anonymous reader is written to
``NASHIR_PAGE_CACHE_DIR/<path>/index.html`` (``index.xml`` for feeds) and every object it shows
is recorded as a dependency key (``page:12``, ``section:3``, ``tag:7``, ``author:2``, ``home``,
``feeds``, ``site``). In production nginx serves those files without touching Python; in the
embedded default `PageCacheApp` serves the very same files from WSGI before Django starts.
When content changes, `purge()` deletes exactly the files that depend on it.
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import time
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

BYPASS_COOKIES = ("sessionid=", "nashir_nocache=")
PURGED_PREFIX = "pagecache:purged:"
CACHEABLE_QUERY_PARAMS = {"page"}


def enabled():
    return getattr(settings, "NASHIR_PAGE_CACHE", True)


def fragments_enabled():
    return getattr(settings, "NASHIR_FRAGMENT_CACHE", True)


def prerender_enabled():
    return getattr(settings, "NASHIR_PRERENDER", True) and (enabled() or fragments_enabled())


def cache_root():
    return Path(settings.NASHIR_PAGE_CACHE_DIR)


#: ``?page=N`` as nginx's map in deploy/nginx.conf caches it: ASCII digits, 2 to 999999, no
#: leading zero. (``str.isdigit()`` also accepts "²" and "٣", which ``int()`` refuses or reads.)
CACHEABLE_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
#: The longest file or folder name the file tier can create (NAME_MAX on Linux), in bytes.
MAX_NAME_BYTES = 255


def relative_file(path, query_string="", content_type="text/html"):
    """The file a URL is cached in, relative to the cache root; None when it is not cacheable.

    Only paths ending in "/" and at most a ``page`` parameter: anything else (search, previews,
    tracking parameters) is never cached, so junk URLs cannot fill the disk. A path the disk
    cannot hold (a segment longer than a file name may be) is simply not cached.
    """
    if not path.startswith("/") or not path.endswith("/") or "/." in path or "\x00" in path:
        return None
    if len(path) > 512:
        return None
    try:
        segments = [segment.encode("utf-8") for segment in path.split("/")]
    except UnicodeEncodeError:  # a lone surrogate: not a path any page has
        return None
    if any(len(segment) > MAX_NAME_BYTES for segment in segments):
        return None
    params = parse_qsl(query_string, keep_blank_values=True)
    if any(name not in CACHEABLE_QUERY_PARAMS for name, _ in params):
        return None
    ext = "xml" if "xml" in content_type else "html"
    suffix = ""
    if params:
        page = params[0][1]
        if len(params) > 1 or not CACHEABLE_PAGE_NUMBER.fullmatch(page) or page == "1":
            return None
        suffix = f".page-{page}"
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


# --- parts of one page (an article's text, its related list and comments) ------------------

FRAGMENT_PREFIX = "fragment:"
#: Fragments hold no clock-bound text of their own (a «عاجل» mark or comments closing set their
#: own expiry), so they live until purged; a week's age limit re-renders them now and then
#: and bounds what ones no reader opens any more take.
FRAGMENT_MAX_AGE = 7 * 24 * 3600


def fragment(request, name, render):
    """Parts of a page rendered once and reused until something they show changes.

    `render()` returns a dict of HTML strings and declares what it shows through
    `depends_on()`/`valid_until()`, as a page does. The parts are kept in the page-cache index
    (a `CachedPage` row with those dependency keys, no file), so `purge()` drops them with the
    pages that show the same things, and a row is all there is to lose. A hit is one indexed
    read; the page around it still renders every time, so the ticker, navigation and «الأكثر
    قراءة» stay as fresh as on any uncached page. The declared keys and expiry are passed on,
    so the page cache still knows what the page shows.
    """
    if not fragments_enabled() or getattr(request, "is_preview", False):
        return render()
    path = fragment_path(request, name)
    record = _read_fragment(path)
    if record is not None:
        depends_on(request, *record["deps"])
        if record["expires"] is not None:
            valid_until(request, datetime.fromtimestamp(record["expires"], tz=UTC))
        return record["parts"]
    outer_deps = getattr(request, "page_cache_deps", None)
    outer_expires = getattr(request, "page_cache_expires", None)
    request.page_cache_deps, request.page_cache_expires = {"site"}, None
    started_at = request_started_at(request)
    try:
        parts = render()
        deps, expires = request.page_cache_deps, request.page_cache_expires
    finally:
        request.page_cache_deps, request.page_cache_expires = outer_deps, outer_expires
    depends_on(request, *deps)
    valid_until(request, expires)
    _store_fragment(path, parts, deps, expires, started_at)
    return parts


def fragment_path(request, name):
    """A fragment's index name, per site address: its links and canonical URL carry it."""
    root = hashlib.sha1(request.build_absolute_uri("/").encode()).hexdigest()[:12]
    return f"{FRAGMENT_PREFIX}{name}@{root}"


def _read_fragment(path):
    from .models import CachedPage

    found = CachedPage.objects.filter(path=path).values_list("content", flat=True)[:1]
    content = next(iter(found), None)  # path is unique: no ORDER BY for .first() to compile
    if not content:
        return None
    try:
        record = json.loads(zlib.decompress(content))
    except (zlib.error, ValueError):  # a damaged row is rendered again, never shown
        logger.warning("page cache: unreadable fragment %s", path)
        return None
    if record["expires"] is not None and record["expires"] <= time.time():
        return None
    record["parts"] = {key: mark_safe(html) for key, html in record["parts"].items()}
    return record


def _store_fragment(path, parts, deps, expires, started_at):
    from .models import CachedPage

    record = {
        "parts": {key: str(html) for key, html in parts.items()},
        "deps": sorted(deps),
        "expires": expires.timestamp() if expires is not None else None,
    }
    try:
        if _purged_since(deps, started_at):
            return  # changed while it was rendered: the next request renders it again
        content = zlib.compress(json.dumps(record, ensure_ascii=False).encode(), 6)
        CachedPage.remember(path, deps, content=content)
        if _purged_since(deps, started_at):  # purged between the check and the write
            CachedPage.objects.filter(path=path).delete()
    except Exception:  # a fragment must never break a reader's request (cache or DB down)
        logger.exception("page cache: could not keep fragment %s", path)


def _purged_since(keys, started_at):
    purged = cache.get_many([PURGED_PREFIX + key for key in keys])
    return any(when >= started_at for when in purged.values())


# --- rendering before the first reader asks ---------------------------------------------------

_handler = None


def prerender(root_url, paths):
    """Render these paths of the site at `root_url` as an anonymous reader's request would.

    What a page keeps is kept as for a reader (the page-cache file, an article's parts), so the
    first reader after a publish is served what the task worker rendered. Run by the worker
    after a publish; a page that fails here is simply rendered for its first reader.
    """
    from django.core.handlers.base import BaseHandler
    from django.utils import translation

    if root_url.startswith("http://") and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        # Readers come through the TLS proxy: pages rendered at http:// would carry http://
        # canonical and share links into files every reader is served. Set the Site to port 443.
        logger.warning("page cache: not rendering ahead at %s (behind TLS: use port 443)", root_url)
        return {}
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    served = {}
    with translation.override(settings.LANGUAGE_CODE):
        for path in paths:
            try:
                response = _handler.get_response(_reader_request(root_url, path))
                served[path] = response.status_code
            except Exception:  # noqa: BLE001 — the first reader renders it instead
                logger.exception("page cache: could not render %s%s ahead", root_url, path)
                served[path] = None
    return served


def _reader_request(root_url, path):
    import io

    from django.core.handlers.wsgi import WSGIRequest

    scheme, _, host = root_url.partition("://")
    name, _, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        # As a server hands it over: percent-decoded, UTF-8 bytes as latin-1 (PEP 3333).
        "PATH_INFO": unquote(path).encode("utf-8").decode("latin-1"),
        "QUERY_STRING": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]  # as nginx tells the app servers
    return WSGIRequest(environ)


# --- collecting what a page depends on -----------------------------------------------------


def request_started_at(request):
    """When the request began reading what it shows (routing, site settings): a purge since
    then makes what it renders too old to keep (stamped by nashir.core.sites.SiteMiddleware)."""
    return getattr(request, "page_cache_started_at", None) or time.time()


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


def image_key(image_or_id):
    return f"image:{getattr(image_or_id, 'pk', image_or_id)}"


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
    if _purged_since(deps, started_at):
        return False
    expires = getattr(request, "page_cache_expires", None)
    if expires is not None and expires.timestamp() <= time.time():
        return False
    target = cache_root() / rel
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(response.content)
        if expires is not None:
            _expire_at(tmp, target, expires.timestamp())
        os.replace(tmp, target)
    except OSError:  # disk full, read-only, a name too long: the reader still gets the page
        logger.warning("page cache: could not write %s", rel, exc_info=True)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
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
    if not (enabled() or fragments_enabled()):
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
        if not rel.startswith(FRAGMENT_PREFIX):
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
        if not rel.startswith(FRAGMENT_PREFIX):
            (cache_root() / rel).unlink(missing_ok=True)
    CachedPage.objects.filter(path__in=paths).delete()
    return len(paths)


def expire(max_age_seconds):
    """Remove cached files older than max_age (for nginx, which cannot check an age itself).

    Fragments carry no clock-bound text and are purged like pages: they go only once they
    are FRAGMENT_MAX_AGE old."""
    from .models import CachedPage

    cutoff = time.time() - max_age_seconds
    stale = []
    pages = CachedPage.objects.exclude(path__startswith=FRAGMENT_PREFIX)
    for rel in pages.values_list("path", flat=True).iterator():
        file = cache_root() / rel
        try:
            if file.stat().st_mtime < cutoff:
                stale.append(rel)
        except FileNotFoundError:
            stale.append(rel)
    for rel in stale:
        (cache_root() / rel).unlink(missing_ok=True)
    CachedPage.objects.filter(path__in=stale).delete()
    too_old = datetime.now(UTC) - timedelta(seconds=FRAGMENT_MAX_AGE)
    CachedPage.objects.filter(path__startswith=FRAGMENT_PREFIX, created_at__lt=too_old).delete()
    return len(stale)
