"""One rule for who the client is, one limiter for what is counted per address (issue #17)."""

import socket

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from nashir.discussion.models import Comment
from nashir.discussion.tests.helpers import form_data
from nashir.news.tests.factories import make_article
from nashir.newsroom.readcounts import flush_read_counts
from nashir.ops.ratelimit import over_limit
from nashir.ops.security import client_ip


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # nginx on the same machine
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own claim is left
        ("198.51.100.20", "203.0.113.7", "198.51.100.20"),  # straight to gunicorn: not believed
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "6.6.6.6, garbage, 203.0.113.7", "203.0.113.7"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # Two trusted proxies (a load balancer in 10.0.0.0/8, then nginx): the reader is
        # the first address from the right that is not a proxy.
        ("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3", "203.0.113.9"),
    ],
)
def test_client_ip_believes_trusted_proxies_only(rf, settings, remote, forwarded, expected):
    """X-Forwarded-For is read from the right and only as far as trusted proxies go."""
    settings.NASHIR_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_there_is_one_client_ip_helper():
    """Comments, the read beacon and login throttling all ask nashir.ops.security.client_ip."""
    import nashir.discussion.moderation as moderation
    import nashir.newsroom.views as beacon_views

    assert not hasattr(moderation, "client_ip")
    assert not hasattr(beacon_views, "_client_digest")
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "nashir.ops.security.client_ip"


@pytest.mark.django_db
def test_the_read_beacon_ignores_a_forged_forwarded_for(section, settings):
    """A script talking to the app directly cannot pose as many readers with X-Forwarded-For."""
    settings.NASHIR_RATE_LIMITS = {**settings.NASHIR_RATE_LIMITS, "read-beacon": "3/m"}
    settings.NASHIR_READS_FLUSH_SECONDS = 0  # only the flush below writes the counted reads
    article = make_article(section)
    url = reverse("read_beacon", args=[article.pk])
    script = Client(REMOTE_ADDR="198.51.100.66")
    codes = [script.post(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(6)]
    assert codes == [204, 204, 204, 429, 429, 429]
    assert flush_read_counts() == 3
    # Through nginx (loopback, trusted) each reader is counted on their own.
    nginx = Client(REMOTE_ADDR="127.0.0.1")
    assert all(
        nginx.post(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code == 204 for i in range(6)
    )


@pytest.mark.django_db
def test_rate_limit_keys_do_not_hold_the_address(rf, settings):
    """What the limiter keeps in the cache cannot be turned back into a reader's address."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"},
    }
    request = rf.post("/", REMOTE_ADDR="203.0.113.77")
    assert not over_limit(request, "comment-ip")
    keys = list(cache._cache.keys())
    assert keys and not any("203.0.113.77" in key for key in keys)


def test_ipv6_readers_are_limited_by_their_network(rf, settings):
    """One phone has a whole /64: rotating addresses inside it does not dodge the limit."""
    settings.NASHIR_RATE_LIMITS = {**settings.NASHIR_RATE_LIMITS, "read-beacon": "2/m"}
    results = [
        over_limit(rf.post("/", REMOTE_ADDR=f"2001:db8:1:2::{i}"), "read-beacon") for i in range(4)
    ]
    assert results == [False, False, True, True]


def test_an_unknown_limit_or_bad_rate_stops_start_up():
    """NASHIR_RATE_LIMITS is checked when the settings load, with a clear message."""
    from nashir.ops.rates import RateError, parse_rates

    assert parse_rates("comment-ip=20/10m, read-beacon=")["read-beacon"] == ""
    assert parse_rates("")["comment-email"] == "5/10m"
    with pytest.raises(RateError, match="unknown limit 'comments'"):
        parse_rates("comments=5/m")
    with pytest.raises(RateError, match="not a rate"):
        parse_rates("comment-ip=ten a minute")


def closed_port():
    """A loopback port nothing listens on: Redis "down", refused at once."""
    for port in range(10790, 10800):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 10790-10799")


@pytest.fixture
def redis_down(settings):
    """The production cache configuration (django-redis, as test_production_redis_settings_…
    checks it), pointed at a Redis that is down."""
    port = closed_port()
    location = f"redis://127.0.0.1:{port}/3"
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "nashir",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
    with override_settings(
        CACHES={**settings.CACHES, "default": redis_cache},
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
        DJANGO_REDIS_LOGGER="nashir.cache",
    ):
        yield


def test_production_redis_settings_ignore_outages(tmp_path):
    """With REDIS_URL the cache treats an outage as a miss, with short timeouts."""
    from nashir.ops.tests.test_settings import read_settings

    values = read_settings(tmp_path, "CACHES", REDIS_URL="redis://cache.internal:6379/0")
    options = values["CACHES"]["default"]["OPTIONS"]
    assert options["IGNORE_EXCEPTIONS"] is True
    assert options["SOCKET_TIMEOUT"] <= 1 and options["SOCKET_CONNECT_TIMEOUT"] <= 1


@pytest.mark.django_db
def test_with_redis_down_readers_still_read_comment_and_count(redis_down, section):
    """Redis down: pages, search, the API, comments and the read beacon all answer (the
    limiter lets readers through); only /health/ says something is wrong."""
    article = make_article(section, "خبر في يوم انقطاع الذاكرة المؤقتة")
    reader = Client(REMOTE_ADDR="203.0.113.5")
    for url in ("/", "/syria/", article.url, "/search/?q=خبر", "/api/v2/articles/"):
        assert reader.get(url).status_code == 200, url
    assert reader.get(f"/comments/{article.pk}/").status_code == 200
    assert reader.post(reverse("read_beacon", args=[article.pk])).status_code == 204
    response = reader.post(f"/comments/post/{article.pk}/", form_data(body="ما زلت أستطيع التعليق"))
    assert response.status_code == 302
    assert Comment.objects.filter(body="ما زلت أستطيع التعليق").exists()
    health = reader.get("/health/")
    assert health.status_code == 200 and health.json()["cache"] == "error"
    assert health.json()["status"] == "degraded"


@pytest.mark.django_db
def test_the_limiter_fails_open_when_the_cache_raises(rf, monkeypatch, caplog):
    """A cache that raises (file cache on a full disk, Redis without the ignore option): the
    reader is let through and a warning says why."""
    from django.core.cache import caches

    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(caches["default"], "add", broken)
    with caplog.at_level("WARNING", logger="nashir.ops.ratelimit"):
        assert over_limit(rf.post("/", REMOTE_ADDR="203.0.113.8"), "comment-ip") is False
    assert "cache unavailable" in caplog.text
