"""Purge times and fragments read once per request, not once per key or part."""

import time

import pytest
from django.core.cache import cache

from nashir.pagecache import Fragment, Key, fragments, purge, stamps

pytestmark = pytest.mark.django_db

SHOWN = Fragment("test-shown", purged_by=[Key.HOME])


class CountingCache:
    """Counts the shared cache's reads as a file cache pays them: one per key."""

    def __init__(self, monkeypatch):
        self.reads = 0
        for name in ("get", "get_many"):
            original = getattr(cache, name)

            def counted(key_or_keys, *args, _original=original, **kwargs):
                self.reads += 1 if isinstance(key_or_keys, str) else len(key_or_keys)
                return _original(key_or_keys, *args, **kwargs)

            monkeypatch.setattr(cache, name, counted)


def test_no_purge_since_the_render_began_costs_one_read_whatever_the_keys(monkeypatch):
    """Fifty keys and nothing purged since: one read of the last purge's time, not fifty."""
    purge(Key.HOME)
    started = time.time() + 0.001
    counting = CountingCache(monkeypatch)
    keys = [Key.page(n) for n in range(50)]
    assert stamps.purged_since(keys, started) is False
    assert counting.reads == 1


def test_a_purge_of_another_key_since_the_render_began_does_not_stop_keeping():
    """Something else was purged since: the keys' own times decide."""
    started = time.time()
    purge(Key.section(999))
    assert stamps.purged_since([Key.HOME], started) is False
    assert stamps.purged_since([Key.HOME, Key.section(999)], started) is True


def test_a_request_reads_the_generation_once_and_held_fragments_no_more(monkeypatch):
    """A second request takes the fragment from the process: one read (the generation)."""
    with stamps.request_scope():
        assert SHOWN.get_or_set(lambda: ["الخبر الأول"]) == ["الخبر الأول"]
    counting = CountingCache(monkeypatch)
    with stamps.request_scope():
        for _ in range(5):
            assert SHOWN.get() == ["الخبر الأول"]
    assert counting.reads == 1


def test_a_purge_elsewhere_reaches_the_fragments_this_process_holds():
    """Another machine purges (the shared cache changes, this process's memory does not): the
    next request here reads the new generation and the shared cache again."""
    with stamps.request_scope():
        SHOWN.get_or_set(lambda: ["قديم"])
    # What another process does: drop the shared copy, keep a new value, start a generation.
    cache.set(SHOWN.cache_key, ["جديد"])
    with stamps.request_scope():
        assert SHOWN.get() == ["قديم"], "the held copy is used until a purge"
    stamps.new_generation()
    with stamps.request_scope():
        assert SHOWN.get() == ["جديد"]


def test_a_purge_here_drops_the_held_copy_and_the_next_request_computes_it():
    """purge() of a key the fragment shows: computed again at the next request."""
    with stamps.request_scope():
        SHOWN.get_or_set(lambda: ["قديم"])
    purge(Key.HOME)
    with stamps.request_scope():
        assert SHOWN.get_or_set(lambda: ["جديد"]) == ["جديد"]


def test_held_fragments_are_asked_for_again_after_a_few_seconds(monkeypatch):
    """A fragment that changes with time (the ticker's «عاجل» marks) is not held for long."""
    with stamps.request_scope():
        SHOWN.get_or_set(lambda: ["قديم"])
    cache.set(SHOWN.cache_key, ["جديد"])
    later = time.monotonic() + fragments.HELD_SECONDS + 1
    monkeypatch.setattr(fragments.time, "monotonic", lambda: later)
    with stamps.request_scope():
        assert SHOWN.get() == ["جديد"]


def test_every_reader_gets_a_copy_of_its_own():
    """A request that changes what it got (as the site middleware does) changes no one else's."""
    with stamps.request_scope():
        SHOWN.get_or_set(lambda: {"site": {"name": "ناشر"}})
    with stamps.request_scope():
        SHOWN.get()["site"]["name"] = "مُعدَّل"
    with stamps.request_scope():
        assert SHOWN.get() == {"site": {"name": "ناشر"}}


def test_outside_a_request_the_shared_cache_is_always_read():
    """Tasks and commands hold nothing: a value another process changed is seen at once."""
    SHOWN.get_or_set(lambda: ["قديم"])
    cache.set(SHOWN.cache_key, ["جديد"])
    assert SHOWN.get() == ["جديد"]


def test_with_the_cache_down_nothing_is_held(monkeypatch):
    """No generation can be read: every request computes, none uses a copy of an unknown age."""

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    with stamps.request_scope():
        SHOWN.get_or_set(lambda: ["قديم"])
    monkeypatch.setattr(cache, "get", down)
    with stamps.request_scope():
        assert stamps.request_generation() is None
        assert SHOWN.get_or_set(lambda: ["محسوب"]) == ["محسوب"]


def test_a_value_held_in_process_is_computed_once_until_a_purge():
    """held_in_process: later requests reuse the value, each with a copy of its own, until any
    purge anywhere (a new generation); None is never held; outside a request nothing is."""
    computed = []

    def compute():
        computed.append(1)
        return {"page": len(computed)}

    with stamps.request_scope():
        fragments.held_in_process("test:route", compute)["page"] = "مُعدَّل"
    with stamps.request_scope():
        assert fragments.held_in_process("test:route", compute) == {"page": 1}
    assert len(computed) == 1
    assert fragments.held_in_process("test:route", compute) == {"page": 2}  # no request
    stamps.new_generation()  # a purge, here or on another machine
    with stamps.request_scope():
        assert fragments.held_in_process("test:route", compute) == {"page": 3}
    with stamps.request_scope():
        assert fragments.held_in_process("test:nothing", lambda: None) is None
        assert "test:nothing" not in fragments._computed


def test_values_held_in_process_are_bounded(monkeypatch):
    """Past HELD_MAX names the oldest are forgotten: a process's memory does not grow with
    the archive."""
    monkeypatch.setattr(fragments, "HELD_MAX", 3)
    with stamps.request_scope():
        for n in range(10):
            fragments.held_in_process(f"test:route:{n}", lambda n=n: n)
    assert len(fragments._computed) == 3
    assert "test:route:9" in fragments._computed


def test_the_page_an_address_leads_to_is_held_until_a_purge(client, section):
    """A page rendered again does not query for its route; unpublished, it answers 404 at
    once, and an edited slug is found at its new address."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nashir.news.tests.factories import make_article

    article = make_article(section, "افتتاح جسر جديد فوق النهر")
    url = article.url
    assert client.get(url, HTTP_COOKIE="nashir_nocache=1").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_COOKIE="nashir_nocache=1").status_code == 200
    assert not [q for q in queries if "news_articlepage" in q["sql"] and "slug" in q["sql"]]

    from nashir.news.models import ArticlePage

    article.slug = "jisr"
    article.save_revision().publish()
    moved = ArticlePage.objects.get(pk=article.pk)
    assert moved.url != url
    assert client.get(url).status_code == 404
    assert client.get(moved.url).status_code == 200
    moved.unpublish()
    assert client.get(moved.url).status_code == 404
