"""Parts of a page kept between renders until something they show changes.

An article's text, its head tags, «مقالات ذات صلة» and its comments change only when the
article, something it shows or its comments change; a feed's copy of an article's body likewise.
They are rendered once and kept as a `KeptPart` row with the dependency keys the render
declared, so a purge of any of those keys drops them together with the pages showing the same
things. A hit is one indexed read; the page around them still renders each time, so ticker,
menu and «الأكثر قراءة» stay as fresh as on any uncached page.
"""

import json
import time
import zlib
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from . import faults
from .declare import collecting, depends_on, request_started_at, valid_until
from .keys import Key
from .sites import root_of
from .stamps import purged_since

#: Kept parts hold no clock-bound text of their own (a «عاجل» mark or comments closing set
#: their own expiry), so they live until purged; a week's age limit re-renders them now and
#: then and bounds what ones no reader opens any more take.
MAX_AGE = 7 * 24 * 3600


def enabled():
    return getattr(settings, "NASHIR_FRAGMENT_CACHE", True)


class Collector:
    """Stands in for a request when parts are rendered without one (a feed body at publish)."""

    page_cache_started_at = None


def keep(name, render, request, prefetched_on=None):
    """`render()` → dict of HTML strings, rendered once and reused until a key it declared
    (through `depends_on`/`valid_until` on `request`) is purged.

    For a reader's request, parts are kept per site address (links and canonical URLs carry
    it) and only when the request came to the site's own address: any other host or scheme is
    answered, never kept. Previews neither read nor keep anything. Parts a listing read in one
    query (`prefetch`, on the object `prefetched_on`) are not read again.
    """
    if not enabled() or getattr(request, "is_preview", False):
        return render()
    if isinstance(request, HttpRequest):
        site = root_of(request)
        if site is None:
            return render()
        name = f"{name}@site{site}"
    prefetched = getattr(prefetched_on, "_kept_prefetched", {})
    record = prefetched.pop(name) if name in prefetched else _read(name)
    if record is not None:
        depends_on(request, *map(Key, record["deps"]))
        if record["expires"] is not None:
            valid_until(request, datetime.fromtimestamp(record["expires"], tz=UTC))
        return record["parts"]
    started_at = request_started_at(request)
    with collecting(request) as declared:
        parts = render()
    _store(name, parts, declared.deps, declared.expires, started_at)
    return parts


def prefetch(holder, names):
    """Read many kept parts in one query (a feed, an API listing) for later `keep` calls that
    pass `prefetched_on=holder`."""
    if not enabled():
        return
    from .models import KeptPart

    try:
        rows = dict(KeptPart.objects.filter(name__in=list(names)).values_list("name", "content"))
    except Exception as exc:  # noqa: BLE001
        faults.report("read kept parts", f"{len(names)} names", exc)
        return
    holder._kept_prefetched = {name: _decode(name, rows.get(name)) for name in names}


def _read(name):
    from .models import KeptPart

    try:
        found = KeptPart.objects.filter(name=name).values_list("content", flat=True)[:1]
        content = next(iter(found), None)  # name is unique: no ORDER BY for .first() to compile
    except Exception as exc:  # noqa: BLE001 — the database may be busy or down: render
        faults.report("read kept parts", name, exc)
        return None
    return _decode(name, content)


def _decode(name, content):
    if not content:
        return None
    try:
        record = json.loads(zlib.decompress(content))
    except (zlib.error, ValueError) as exc:  # a damaged row is rendered again, never shown
        faults.report("read kept parts", name, exc)
        return None
    if record["expires"] is not None and record["expires"] <= time.time():
        return None
    record["parts"] = {key: mark_safe(html) for key, html in record["parts"].items()}
    return record


def _store(name, parts, deps, expires, started_at):
    from .models import KeptPart, KeptPartKey, remember

    record = {
        "parts": {key: str(html) for key, html in parts.items()},
        "deps": sorted(deps),
        "expires": expires.timestamp() if expires is not None else None,
    }
    if purged_since(deps, started_at):
        return False  # changed while it was rendered: the next request renders it again
    try:
        content = zlib.compress(json.dumps(record, ensure_ascii=False).encode(), 6)
        remember(KeptPart, KeptPartKey, {"name": name}, {"content": content}, deps)
        if purged_since(deps, started_at):  # purged between the check and the write
            KeptPart.objects.filter(name=name).delete()
            return False
    except Exception as exc:  # noqa: BLE001 — never a reader's error
        faults.report("keep parts", name, exc)
        return False
    return True
