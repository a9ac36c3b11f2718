"""Keeping pages: a response rendered for an anonymous reader, which declared what it shows,
is stored for the next readers and sent with the headers shared caches need.

Serving kept pages happens before Django (`wsgi.PageCacheApp` or nginx); this middleware
only fills the tiers, and only with what every reader may get.
"""

import time

from django.conf import settings

from . import faults, files, frontends, headers, stamps
from .declare import declared, request_started_at
from .sites import root_of
from .stamps import purged_since
from .wsgi import BYPASS_COOKIES


class PageCacheMiddleware:
    """Goes before anything reads what a page shows: it stamps when the request started."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with stamps.request_scope():
            request.page_cache_started_at = time.time()
            response = self.get_response(request)
            deps, expires, params = declared(request)
            if deps and keepable(request, response, params):
                keep(request, response, deps, expires, params)
            return response


def is_anonymous(request):
    cookie = request.META.get("HTTP_COOKIE", "")
    if any(name in cookie for name in BYPASS_COOKIES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def keepable(request, response, params):
    """May every reader of this address get this response?"""
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and params <= {"page"}
        and len(request.GET.getlist("page")) <= 1
        and is_anonymous(request)
        and root_of(request) is not None
    )


def keep(request, response, deps, expires, params):
    """Store the response on the tiers that are switched on, with its shared-cache headers."""
    now = time.time()
    seconds = settings.NASHIR_PAGE_CACHE_TTL
    if expires is not None:
        seconds = min(seconds, expires.timestamp() - now)
        if seconds <= 0:
            return
    response["Cache-Control"] = headers.shared_cache_control(seconds)
    headers.surrogate_keys(response, deps)
    started_at = request_started_at(request)
    if purged_since(deps, started_at):
        response["Cache-Control"] = "no-cache"  # what it shows changed while it was rendered
        return
    suffix = files.page_suffix(request.GET.get("page")) if "page" in params else ""
    kind = files.kind_of(response.get("Content-Type", ""))
    rel = files.relative_file(request.get_host(), request.path, suffix, kind)
    on_disk = files.enabled() and rel is not None
    if on_disk or frontends.needs_addresses():
        url = request.build_absolute_uri(request.path) + (f"?page={suffix[6:]}" if suffix else "")
        if _store(url, rel if on_disk else "", response.content, deps, expires) and on_disk:
            response["X-Page-Cache"] = "stored"
        if purged_since(deps, started_at):  # purged between the check and the write
            _forget(url)


def _store(url, rel, content, deps, expires):
    from .models import CachedPage, CachedPageKey, remember

    if rel and not files.write(rel, content, expires.timestamp() if expires else None):
        return False
    try:
        remember(CachedPage, CachedPageKey, {"url": url}, {"file": rel}, deps)
    except Exception as exc:  # noqa: BLE001 — a file nobody can purge must not stay
        faults.report("index", url, exc)
        if rel:
            files.delete(rel)
        return False
    return True


def _forget(url):
    from .models import CachedPage

    try:
        for rel in CachedPage.objects.filter(url=url).values_list("file", flat=True):
            if rel:
                files.delete(rel)
        CachedPage.objects.filter(url=url).delete()
    except Exception as exc:  # noqa: BLE001
        faults.report("forget", url, exc)
