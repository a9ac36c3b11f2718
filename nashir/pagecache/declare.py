"""What a response shows, declared by the code that renders it, collected on the request.

A view or template tag that shows an article, a list or a site-wide part calls `depends_on`
with the keys of what it shows; a page that must not be served after some moment (a «عاجل»
mark running out, comments closing) calls `valid_until`; a page whose output depends on a query
parameter (a listing's ``?page=``) says so with `uses_params`. Only a response that declared
what it shows is ever stored (`nashir.pagecache.middleware`).
"""

import time

from .keys import Key, as_keys


def depends_on(request, *keys):
    """Mark the response to this request as cacheable, depending on these keys."""
    if request is None:
        return
    deps = getattr(request, "page_cache_deps", None)
    if deps is None:
        deps = request.page_cache_deps = {Key.SITE}
    deps.update(as_keys(keys))


def mentions(request, *keys):
    """A part shown on many pages (the ticker) shows these keys. It does not make a response
    cacheable by itself (a search page shows the ticker too): the keys count only for a
    response that declared what it shows with `depends_on`."""
    if request is None:
        return
    found = getattr(request, "page_cache_mentions", None)
    if found is None:
        found = request.page_cache_mentions = set()
    found.update(as_keys(keys))


def valid_until(request, when):
    """The response must not be served after `when`, cached or not."""
    if request is None or when is None:
        return
    current = getattr(request, "page_cache_expires", None)
    request.page_cache_expires = when if current is None else min(current, when)


def uses_params(request, *names):
    """The response depends on these query parameters (e.g. ``page``); any other is ignored."""
    if request is None:
        return
    used = getattr(request, "page_cache_params", None)
    if used is None:
        used = request.page_cache_params = set()
    used.update(names)


def declared(request):
    """(keys, expiry, parameters) the request declared; keys None when it declared nothing."""
    deps = getattr(request, "page_cache_deps", None)
    if deps is not None:
        deps = deps | getattr(request, "page_cache_mentions", set())
    return (
        deps,
        getattr(request, "page_cache_expires", None),
        getattr(request, "page_cache_params", None) or set(),
    )


def request_started_at(request):
    """When the request began reading what it shows: a purge since then makes what it renders
    too old to keep (stamped by `nashir.pagecache.middleware.PageCacheMiddleware`)."""
    return getattr(request, "page_cache_started_at", None) or time.time()


class collecting:
    """Collect what a nested render declares apart from the page around it (kept parts).

    The keys and expiry declared inside are also added to the page's own, so the page cache
    still knows what the page shows.
    """

    def __init__(self, request):
        self.request = request

    def __enter__(self):
        request = self.request
        self.outer = (
            getattr(request, "page_cache_deps", None),
            getattr(request, "page_cache_expires", None),
        )
        request.page_cache_deps, request.page_cache_expires = {Key.SITE}, None
        return self

    def __exit__(self, *exc):
        request = self.request
        self.deps = getattr(request, "page_cache_deps", None) or {Key.SITE}
        self.expires = getattr(request, "page_cache_expires", None)
        outer_deps, outer_expires = self.outer
        request.page_cache_deps, request.page_cache_expires = outer_deps, outer_expires
        if exc[0] is None:
            depends_on(request, *self.deps)
            valid_until(request, self.expires)
        return False


class recording:
    """Record what a part declares while it renders (keys, mentions, expiry, parameters) apart
    from the page around it, so that the part, shown now or again from memory, declares the
    same to the page with `replay`."""

    NAMES = ("page_cache_deps", "page_cache_mentions", "page_cache_expires", "page_cache_params")

    def __init__(self, request):
        self.request = request
        self.recorded = None

    def __enter__(self):
        state = vars(self.request)
        self.outer = {name: state.pop(name) for name in self.NAMES if name in state}
        return self

    def __exit__(self, *exc):
        state = vars(self.request)
        self.recorded = tuple(state.pop(name, None) for name in self.NAMES)
        state.update(self.outer)
        return False


def replay(request, recorded):
    """Declare again what a part declared when it was rendered (`recording`)."""
    deps, found, expires, params = recorded
    if deps is not None:
        depends_on(request, *deps)
    if found:
        mentions(request, *found)
    valid_until(request, expires)
    if params:
        uses_params(request, *params)
