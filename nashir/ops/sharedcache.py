"""Redis, the shared cache, given up on quickly: after one timeout or refused connection, each
app process treats it as down for a few seconds instead of waiting on every call.

`IGNORE_EXCEPTIONS` already turns a Redis error into a cache miss, and the timeouts are short,
but a page read the cache some 30 times then (fragments, purge stamps; 2–3 since
`nashir.pagecache.stamps`, and more on a miss): with Redis hung (`kill -STOP`, a full network
buffer) each read waited its timeout and an article took seconds to tens of seconds, filling
every worker thread. With this connection class the first
failure opens the breaker; for `HOLD_SECONDS` every call in the process fails at once (a miss,
as before) and then one call tries Redis again. Used through
`CONNECTION_POOL_KWARGS={"connection_class": ...}` in settings.
"""

import logging
import time

from redis.connection import Connection
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger("nashir.cache")

#: How long the process leaves Redis alone after it failed to answer (seconds).
HOLD_SECONDS = 5.0

_down_until = 0.0


def is_held():
    return time.monotonic() < _down_until


def trip(error):
    """Redis failed to answer: leave it alone for HOLD_SECONDS (logged when it starts)."""
    global _down_until
    if not is_held():
        logger.warning("Redis did not answer (%s): treated as down for %.0f s", error, HOLD_SECONDS)
    _down_until = time.monotonic() + HOLD_SECONDS


def reset():
    global _down_until
    _down_until = 0.0


class QuickGiveUpConnection(Connection):
    """A redis-py connection that fails at once while the breaker is open."""

    def _check(self):
        if is_held():
            raise ConnectionError("Redis is taken for down for a few seconds (nashir)")

    def connect(self):
        self._check()
        try:
            return super().connect()
        except (ConnectionError, TimeoutError) as error:
            trip(error)
            raise

    def send_packed_command(self, command, check_health=True):
        self._check()
        try:
            return super().send_packed_command(command, check_health)
        except (ConnectionError, TimeoutError) as error:
            trip(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            trip(error)
            raise
