"""The AliasIndex every search uses, built once per process and rebuilt after an edit.

Editors save groups rarely and readers search often: each process keeps the built index
and only checks a version number in the shared cache, which a save or delete bumps, so
every gunicorn worker picks up the change on its next search.
"""

import threading

from django.core.cache import cache

from nashir.arabic import AliasIndex

VERSION_KEY = "nashir:search:aliases-version"

_lock = threading.Lock()
_cached: tuple[object, AliasIndex] | None = None


def alias_index() -> AliasIndex:
    """The current AliasIndex (one cache read per call; a DB query only after a change)."""
    global _cached
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 0
        cache.add(VERSION_KEY, version, None)
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    from .models import AliasGroup

    with _lock:
        index = AliasIndex(group.term_list for group in AliasGroup.objects.all())
        _cached = (version, index)
    return index


def invalidate() -> None:
    """Make every process rebuild its AliasIndex on its next search."""
    global _cached
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _cached = None
