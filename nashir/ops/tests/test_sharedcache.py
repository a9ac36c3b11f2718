"""A hung Redis costs one timeout per process, not one per cache read (nashir.ops.sharedcache)."""

import socket
import time

import pytest
from django_redis.cache import RedisCache

from nashir.ops import sharedcache


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, as Redis does under kill -STOP."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()
        sharedcache.reset()


def cache_at(port, timeout=0.2):
    return RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
                "CONNECTION_POOL_KWARGS": {"connection_class": sharedcache.QuickGiveUpConnection},
            }
        },
    )


def test_a_hung_redis_is_waited_for_once_then_skipped_until_the_hold_ends(hung_redis, monkeypatch):
    """30 reads of a hung Redis: the first waits its 0.2 s timeout, the others miss at once;
    once the hold is over, one read tries Redis again."""
    monkeypatch.setattr(sharedcache, "HOLD_SECONDS", 1.0)
    cache = cache_at(hung_redis)
    started = time.monotonic()
    assert [cache.get(f"fragment-{i}") for i in range(30)] == [None] * 30
    assert cache.set("stamp", 1) is None  # a write is skipped, not raised
    spent = time.monotonic() - started
    assert 0.15 < spent < 0.8, spent  # without the breaker: 31 × 0.2 s
    assert sharedcache.is_held()
    time.sleep(1.05)
    assert not sharedcache.is_held()
    started = time.monotonic()
    assert cache.get("fragment-0") is None
    assert time.monotonic() - started >= 0.15  # it did try Redis again
    assert sharedcache.is_held()
