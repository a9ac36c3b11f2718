"""Small parts shared by many pages, kept in Django's cache until a key they show is purged.

The ticker, the section menu, the footer's pages and the search filters' lists are computed
once and read by every page render. A cache that is down or slow only means they are computed
for each request (`Fragment.get_or_set`), never a reader's error. Teaser cards are kept in
each process's memory under a key made of everything they show, so no purge needs to reach them
(`local_get_or_set`).
"""

import hashlib

from django.core.cache import cache, caches

from . import faults
from .keys import Key, as_keys

_registry = []


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
        try:
            return cache.get(self.cache_key, default)
        except Exception as exc:  # noqa: BLE001 — any cache outage: compute instead
            faults.report("read", self.cache_key, exc)
            return default

    def set(self, value, timeout=None):
        try:
            cache.set(self.cache_key, value, self.timeout if timeout is None else timeout)
        except Exception as exc:  # noqa: BLE001
            faults.report("keep", self.cache_key, exc)

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
    try:
        cache.delete_many(stale)
    except Exception as exc:  # noqa: BLE001
        faults.report("drop", ", ".join(stale), exc)
        return False
    return True


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
