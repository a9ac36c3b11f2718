"""Small parts shared by many pages, kept in Django's cache until a key they show is purged.

The ticker, the section menu, the footer's pages and the search filters' lists are computed
once and read by every page render. A cache that is down or slow only means they are computed
for each request (`Fragment.get_or_set`), never a reader's error. Teaser cards are kept in
each process's memory under a key made of everything they show, so no purge needs to reach them
(`local_get_or_set`).

Inside a request, a fragment read from the shared cache is also held in the process, with the
purge generation it was read under (`stamps.request_generation`): later requests take it from
there until the next purge, or for `HELD_SECONDS` at most (a fragment with a timeout, such as
the ticker, changes with time as well as with purges). One read of the generation per request
instead of one per fragment.
"""

import hashlib
import pickle
import time

from django.conf import settings
from django.core.cache import cache, caches

from . import faults, stamps
from .keys import Key, as_keys

_registry = []

#: The longest a process uses a fragment it holds without asking the shared cache.
HELD_SECONDS = 5
#: cache key → (generation, held until, pickled value): what this process read from the shared
#: cache (pickled: every reader gets a copy of its own, never an object another thread holds).
_held = {}


class Fragment:
    """One shared part, dropped when any of `purged_by` (or the whole site) is purged."""

    def __init__(self, name, purged_by, timeout=3600):
        self.cache_key = f"nashir:fragment:{name}"
        self.purged_by = as_keys(purged_by) | {Key.SITE}
        self.timeout = timeout
        _registry.append(self)

    def __repr__(self):
        return f"<Fragment {self.cache_key}>"

    def get(self, default=None):
        generation = stamps.request_generation()
        held = _from_memory(_held, self.cache_key, generation)
        if held is not None:
            return held
        try:
            value = cache.get(self.cache_key)
        except Exception as exc:  # noqa: BLE001 — any cache outage: compute instead
            faults.report("read", self.cache_key, exc)
            return default
        if value is None:
            return default
        _to_memory(_held, self.cache_key, generation, value)
        return value

    def set(self, value, timeout=None):
        try:
            cache.set(self.cache_key, value, self.timeout if timeout is None else timeout)
        except Exception as exc:  # noqa: BLE001
            faults.report("keep", self.cache_key, exc)
            return
        _to_memory(_held, self.cache_key, stamps.request_generation(), value)

    def get_or_set(self, compute, timeout=None, part=None):
        """The kept value, computed and kept if missing. With `part` (a Site's id), the
        fragment keeps one value per part, dropped together."""
        if part is None:
            value = self.get()
            if value is None:
                value = compute()
                self.set(value, timeout)
            return value
        values = self.get() or {}
        if part not in values:
            values[part] = compute()
            self.set(values, timeout)
        return values[part]

    def drop(self):
        _held.pop(self.cache_key, None)
        try:
            cache.delete(self.cache_key)
        except Exception as exc:  # noqa: BLE001
            faults.report("drop", self.cache_key, exc)
            return False
        return True


def drop_purged(keys):
    """Drop every fragment one of these keys purges; False if the cache refused."""
    keys = set(keys)
    stale = [f.cache_key for f in _registry if f.purged_by & keys]
    if not stale:
        return True
    for cache_key in stale:
        _held.pop(cache_key, None)
    try:
        cache.delete_many(stale)
    except Exception as exc:  # noqa: BLE001
        faults.report("drop", ", ".join(stale), exc)
        return False
    return True


#: name → (generation, held until, pickled value): values computed in this process and reused
#: by its later requests (`held_in_process`); the oldest go first past HELD_MAX.
_computed = {}
HELD_MAX = 1000


def held_in_process(name, compute):
    """`compute()`, or what it gave an earlier request of this process when nothing was purged
    anywhere since (and at most HELD_SECONDS ago). For values read on every request of one
    address that only a purge changes, such as the page an address leads to. None is never
    held; outside a request, with the shared cache down or with NASHIR_FRAGMENT_CACHE off
    (nothing kept: what a first render costs), nothing is."""
    generation = stamps.request_generation()
    if not getattr(settings, "NASHIR_FRAGMENT_CACHE", True):
        generation = None
    held = _from_memory(_computed, name, generation)
    if held is not None:
        return held
    value = compute()
    if value is not None:
        _to_memory(_computed, name, generation, value, limit=HELD_MAX)
    return value


def _from_memory(store, name, generation):
    """A copy of what `store` holds under `name` for this generation (None: nothing usable)."""
    if generation is None:
        return None
    held = store.get(name)
    if held is not None and held[0] == generation and held[1] > time.monotonic():
        return pickle.loads(held[2])  # a copy of its own, as the shared cache gives
    return None


def _to_memory(store, name, generation, value, limit=None):
    """Hold `value` (pickled) under `name` for this generation; past `limit` names the oldest
    go first."""
    if generation is None:
        return
    store.pop(name, None)
    if limit is not None:
        for oldest in list(store)[: max(0, len(store) - limit + 1)]:
            store.pop(oldest, None)
    pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    store[name] = (generation, time.monotonic() + HELD_SECONDS, pickled)


def local_get_or_set(parts, compute):
    """A value kept in this process's memory under a key made of `parts` (everything the value
    shows), so it never needs purging: any change makes a new key."""
    key = "nashir:local:" + hashlib.sha1(repr(parts).encode()).hexdigest()
    local = caches["local"]
    value = local.get(key)
    if value is None:
        value = compute()
        local.set(key, value)
    return value


def forget_local():
    """Forget this process's kept values (tests start from none)."""
    caches["local"].clear()
    _held.clear()
    _computed.clear()
