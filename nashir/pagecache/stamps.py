"""When things were purged, read once per request instead of once per key or part.

A purge writes, in the shared cache, the time of each key it purges and the time of the last
purge of anything (`remember`), and when it has dropped the fragments, a new generation
(`new_generation`). A render then asks:

- "was anything I show purged since I started?" — one read of the last purge's time, and the
  keys' own times only when something was purged since (`purged_since`);
- "may I use the fragments this process already holds?" — one read of the generation per
  request (`request_generation`); a process keeps each fragment it read with the generation it
  was read under, and reads the shared cache again only after a purge.

With Django's file cache (the embedded engine) each read is a file; with Redis a round trip:
before, an uncached article made ~37 of them.
"""

import time
from contextvars import ContextVar

from django.core.cache import cache

from . import faults

PURGED_PREFIX = "nashir:pagecache:purged:"
#: The time of the last purge of anything (its keys' times are under PURGED_PREFIX + key).
LAST_PURGE = "nashir:pagecache:last-purge"
#: Changes after every purge, once its fragments are gone.
GENERATION = "nashir:pagecache:generation"
#: How long a purge is remembered for renders that started before it.
PURGED_MEMORY = 3600

#: The generation read by this request (None: not in a request, or not read yet).
_request = ContextVar("nashir_pagecache_request", default=None)


def remember(keys):
    """Record that `keys` are purged now (before anything is dropped: a render that started
    earlier must not keep what it read)."""
    now = time.time()
    values = {PURGED_PREFIX + key: now for key in keys}
    values[LAST_PURGE] = now
    try:
        cache.set_many(values, PURGED_MEMORY)
    except Exception as exc:  # noqa: BLE001 — purged_since then refuses every store
        faults.report("record purge of", ", ".join(sorted(keys)), exc)


def new_generation():
    """After a purge dropped its fragments: every process reads them from the shared cache
    again."""
    try:
        cache.set(GENERATION, time.time_ns(), None)
    except Exception as exc:  # noqa: BLE001
        faults.report("record", GENERATION, exc)


def purged_since(keys, started_at):
    """True if any of these keys was purged at or after `started_at`, or if that cannot be
    known (the cache is down): then nothing rendered now may be kept."""
    try:
        last = cache.get(LAST_PURGE)
        if last is None or last < started_at:
            return False  # nothing at all was purged since: no need to read each key's time
        purged = cache.get_many([PURGED_PREFIX + key for key in keys])
    except Exception as exc:  # noqa: BLE001
        faults.report("read purge times", ", ".join(sorted(keys)), exc)
        return True
    return any(when >= started_at for when in purged.values())


class request_scope:
    """Around one request (the page-cache middleware): its fragments may come from this
    process's memory if no purge happened since they were read."""

    def __enter__(self):
        self.token = _request.set({})
        return self

    def __exit__(self, *exc):
        _request.reset(self.token)


def request_generation():
    """The generation for this request, read once; None outside a request or when the shared
    cache does not answer (then nothing is taken from this process's memory)."""
    state = _request.get()
    if state is None:
        return None
    if "generation" not in state:
        try:
            generation = cache.get(GENERATION)
            if generation is None:  # never purged, or the cache was emptied: start one
                cache.add(GENERATION, time.time_ns(), None)
                generation = cache.get(GENERATION)  # None if the cache does not answer
            state["generation"] = generation
        except Exception as exc:  # noqa: BLE001
            faults.report("read", GENERATION, exc)
            state["generation"] = None
    return state["generation"]
