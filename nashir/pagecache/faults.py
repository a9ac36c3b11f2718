"""A cache is optional: when one fails, the reader gets the rendered page and operators get
one log line, not one per request."""

import logging
import threading
import time

logger = logging.getLogger("nashir.pagecache")

#: The same failure is logged again after this many seconds (it may have come back).
REPEAT_AFTER = 600

_lock = threading.Lock()
_last_logged = {}


def report(what, path, exc):
    """Log a cache failure once per kind of failure and process every REPEAT_AFTER seconds."""
    kind = (what, type(exc).__name__, getattr(exc, "errno", None))
    now = time.monotonic()
    with _lock:
        last = _last_logged.get(kind)
        if last is not None and now - last < REPEAT_AFTER:
            return False
        _last_logged[kind] = now
    logger.error(
        "page cache: could not %s %s (%s: %s); readers get rendered pages meanwhile",
        what,
        path,
        type(exc).__name__,
        exc,
    )
    return True


def forget():
    """Log every failure again (tests)."""
    with _lock:
        _last_logged.clear()
