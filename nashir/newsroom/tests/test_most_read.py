import io
import threading
import uuid
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from nashir.news.tests.factories import make_article
from nashir.newsroom import readcounts
from nashir.newsroom.models import ReadCount
from nashir.newsroom.readcounts import flush_read_counts, most_read, record_read
from nashir.pagecache.wsgi import PageCacheApp

pytestmark = pytest.mark.django_db

TEN_THIRTY = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)


def beacon(client, article, address="10.0.0.1", **extra):
    return client.post(reverse("read_beacon", args=[article.pk]), REMOTE_ADDR=address, **extra)


def total_reads(article):
    return sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))


@pytest.fixture
def no_auto_flush(settings):
    """Only explicit flushes: the tests below look at what each one writes."""
    settings.NASHIR_READS_FLUSH_SECONDS = 0


def test_a_read_is_counted_without_a_cookie_or_anything_personal(client, section, no_auto_flush):
    """The beacon answers 204, sets no cookie, is never cached, and keeps no address."""
    article = make_article(section)
    response = beacon(client, article, address="203.0.113.7")
    assert response.status_code == 204
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert client.get(reverse("read_beacon", args=[article.pk])).status_code == 405

    assert flush_read_counts() == 1
    row = ReadCount.objects.get()
    assert (row.article_id, row.count) == (article.pk, 1)
    assert {f.name for f in ReadCount._meta.get_fields()} == {
        "id",
        "article",
        "hour",
        "count",
        "counted",
    }
    assert "203.0.113.7" not in str(list(ReadCount.objects.values()))


def test_only_live_articles_can_be_counted(client, section, no_auto_flush):
    """Drafts and made-up ids are refused, so nobody can stuff the list with them."""
    draft = make_article(section, live=False)
    assert beacon(client, draft).status_code == 404
    assert client.post(reverse("read_beacon", args=[987654])).status_code == 404
    assert flush_read_counts() == 0


def test_concurrent_beacons_are_counted_exactly(section, no_auto_flush):
    """Two hundred simultaneous reads of two articles give exactly 200 after the flush."""
    first, second = make_article(section), make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False):
        # Warm the live-article check so the threads only touch the cache.
        assert beacon(Client(), first).status_code == 204
        assert beacon(Client(), second).status_code == 204
        statuses = []

        def reader(n):
            client = Client()
            for i in range(25):
                article = first if (n + i) % 2 else second
                statuses.append(beacon(client, article, address=f"10.1.{n}.{i}").status_code)
            connection.close()

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert statuses == [204] * 200
        assert flush_read_counts() == 202
    assert (total_reads(first), total_reads(second)) == (101, 101)


def test_flushes_add_up_in_one_row_per_article_and_hour(section, no_auto_flush):
    """A second flush adds only what came since; a flush with nothing new writes nothing."""
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False):
        for _ in range(3):
            record_read(article.pk)
        assert flush_read_counts() == 3
        record_read(article.pk)
        record_read(article.pk)
        out = StringIO()
        call_command("flush_read_counts", stdout=out)
        assert out.getvalue().strip() == "2 reads written"
        assert flush_read_counts() == 0
    assert ReadCount.objects.get().count == 5


def test_two_flushes_at_once_count_each_read_once(section, no_auto_flush, monkeypatch):
    """Two workers flushing at the same moment (the beacon's and the timer's) cannot write the
    same reads twice: a row is only moved on from the state its flush read."""
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False):
        for _ in range(4):
            record_read(article.pk)
        real_get_many = cache.get_many
        other_flush = []

        def get_many_while_another_worker_flushes(keys, *args, **kwargs):
            values = real_get_many(keys, *args, **kwargs)
            if not other_flush:
                other_flush.append(None)
                other_flush[0] = flush_read_counts()  # lands between read and write
            return values

        monkeypatch.setattr(cache, "get_many", get_many_while_another_worker_flushes)
        mine = flush_read_counts()
    assert other_flush[0] + mine == 4
    assert total_reads(article) == 4


def test_a_lost_counter_loses_only_its_own_reads(section, no_auto_flush):
    """If the cache loses a counter (a restart), the reads already written stay and new ones
    are added from zero again — nothing is subtracted or counted twice."""
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False):
        for _ in range(5):
            record_read(article.pk)
        assert flush_read_counts() == 5
        cache.clear()
        for _ in range(2):
            record_read(article.pk)
        assert flush_read_counts() == 2
    assert total_reads(article) == 7


def test_beacons_write_the_counts_every_few_minutes_by_themselves(client, section, settings):
    """Without any timer the counts reach the database within NASHIR_READS_FLUSH_SECONDS."""
    settings.NASHIR_READS_FLUSH_SECONDS = 300
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False) as traveller:
        assert beacon(client, article, address="10.2.0.1").status_code == 204  # flushes: 1
        for i in range(2, 5):
            beacon(client, article, address=f"10.2.0.{i}")
        assert total_reads(article) == 1  # the next flush is not due yet
        traveller.move_to(TEN_THIRTY + timedelta(minutes=6))
        beacon(client, article, address="10.2.0.9")
        assert total_reads(article) == 5
        traveller.move_to(TEN_THIRTY + timedelta(minutes=45))  # 11:15, a new hour
        beacon(client, article)
    hours = dict(ReadCount.objects.values_list("hour", "count"))
    assert hours == {
        datetime(2026, 3, 1, 10, 0, tzinfo=UTC): 5,
        datetime(2026, 3, 1, 11, 0, tzinfo=UTC): 1,
    }


def test_one_address_cannot_flood_the_counter(client, section, settings, no_auto_flush):
    """Past the per-minute limit an address gets 429 and its reads are not counted."""
    settings.NASHIR_RATE_LIMITS = {**settings.NASHIR_RATE_LIMITS, "read-beacon": "5/m"}
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False):
        codes = [beacon(client, article, address="10.9.9.9").status_code for _ in range(7)]
        assert codes == [204] * 5 + [429] * 2
        assert beacon(client, article, address="10.9.9.10").status_code == 204
        assert flush_read_counts() == 6


def test_crawlers_are_not_counted(client, section, no_auto_flush):
    """A search engine rendering the page does not make an article «الأكثر قراءة»."""
    article = make_article(section)
    response = beacon(client, article, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert response.status_code == 204
    assert flush_read_counts() == 0


def test_most_read_today_and_this_week_on_the_home_and_article_pages(
    client, section, no_auto_flush
):
    """«الأكثر قراءة» ranks the last 24 hours and the last 7 days separately."""
    old_hit = make_article(section, "خبر قرأه الجميع قبل يومين")
    today_top = make_article(section, "خبر اليوم الأول")
    today_second = make_article(section, "خبر اليوم الثاني")
    make_article(section, "خبر لم يقرأه أحد")
    with time_machine.travel(TEN_THIRTY - timedelta(days=2), tick=False):
        for _ in range(10):
            record_read(old_hit.pk)
        flush_read_counts()
    with time_machine.travel(TEN_THIRTY, tick=False):
        for _ in range(5):
            record_read(today_top.pk)
        for _ in range(3):
            record_read(today_second.pk)
        flush_read_counts()
        assert [(a.title, a.reads) for a in most_read(24)] == [
            ("خبر اليوم الأول", 5),
            ("خبر اليوم الثاني", 3),
        ]
        assert [a.pk for a in most_read(24 * 7)] == [old_hit.pk, today_top.pk, today_second.pk]

        for url in ("/", today_second.url, "/most-read/"):
            html = client.get(url).content.decode()
            start = html.index('class="most-read"')
            block = html[start : html.index("</section>", start)]
            assert "الأكثر قراءة" in block and "آخر 24 ساعة" in block and "آخر 7 أيام" in block
            day = block[block.index("آخر 24 ساعة") : block.index("آخر 7 أيام")]
            assert day.index("خبر اليوم الأول") < day.index("خبر اليوم الثاني")
            assert "خبر قرأه الجميع قبل يومين" not in day
            assert "خبر لم يقرأه أحد" not in block


def test_the_block_script_is_on_every_page_the_beacon_on_articles_only(client, section):
    """Readers count reads only on article pages; every page showing the block loads the
    script that brings it up to date — and with no reads yet the block waits, hidden."""
    article = make_article(section)
    html = client.get(article.url).content.decode()
    beacon_url = reverse("read_beacon", args=[article.pk])
    assert f'defer data-beacon="{beacon_url}"' in html
    home = client.get("/").content.decode()
    assert "data-beacon" not in home and "js/most-read.js" in home
    assert 'data-most-read-src="/most-read/" hidden' in home
    alone = client.get("/most-read/").content.decode()
    assert alone.startswith("<section") and "<script" not in alone


class Reader:
    """A reader through the WSGI stack gunicorn runs: the page cache first, then Django."""

    app = None

    def get(self, path):
        self.app = self.app or PageCacheApp(WSGIHandler())
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        result = {}

        def start_response(status, headers, exc_info=None):
            result["headers"] = dict(headers)

        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = b"".join(self.app(environ, start_response)).decode()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return body, result["headers"].get("X-Page-Cache", "")


def cache_backends():
    backends = ["file"]
    if django_settings.REDIS_URL:
        backends.append("redis")
    return backends


@pytest.fixture(params=cache_backends())
def real_cache(request, settings, tmp_path):
    """The cache `make run` uses (files under var/cache) or production's Redis."""
    if request.param == "file":
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
                "OPTIONS": {"MAX_ENTRIES": 20000},
            },
        }
    else:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": django_settings.REDIS_URL,
                "KEY_PREFIX": f"nashir-reads-test-{uuid.uuid4().hex[:8]}",
                "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            },
        }
    yield request.param
    cache.clear() if request.param == "file" else cache.delete_pattern("*")


def test_every_read_of_an_hour_reaches_the_block(client, section, real_cache, settings):
    """Beacon → cache → flush → «الأكثر قراءة», with the cache the site really runs on.

    Reads spread over an hour, with quiet spells longer than five minutes (the file cache used
    to forget a counter five minutes after its last read, and the flush then wrote «0 reads»):
    every read is in the database, and the block shows the ranking."""
    settings.NASHIR_READS_FLUSH_SECONDS = 0  # only the timer's flushes, below
    first = make_article(section, "الخبر الأكثر قراءة")
    second = make_article(section, "الخبر الثاني قراءة")
    reads = {first: [0, 2, 9, 21, 22, 38, 51, 59], second: [5, 33, 47]}
    with time_machine.travel(TEN_THIRTY.replace(minute=0), tick=False) as traveller:
        for minute in range(60):
            traveller.move_to(TEN_THIRTY.replace(minute=minute))
            for article, minutes in reads.items():
                if minute in minutes:
                    assert beacon(client, article, address=f"10.4.{minute}.1").status_code == 204
            if minute == 30:
                assert flush_read_counts() == 6  # the timer's flush at half past
        traveller.move_to(TEN_THIRTY.replace(hour=11, minute=2))
        out = StringIO()
        call_command("flush_read_counts", stdout=out)
        assert out.getvalue().strip() == "5 reads written"
        assert (total_reads(first), total_reads(second)) == (8, 3)
        block = client.get("/most-read/").content.decode()
    assert block.index("الخبر الأكثر قراءة") < block.index("الخبر الثاني قراءة")
    assert real_cache in ("file", "redis")


def test_cached_pages_show_the_block_current_within_a_minute(section, settings, no_auto_flush):
    """A flush purges only the block's own cached copy: the home page stays in the page cache,
    and its script fetches the fresh block (served by the cache tier like a page)."""
    article = make_article(section, "خبر صار الأكثر قراءة")
    reader = Reader()
    assert reader.get("/")[1] == "stored" and reader.get("/")[1] == "hit"  # the home page is kept
    block, served = reader.get("/most-read/")
    assert served == "stored" and "hidden" in block.split(">", 1)[0]
    assert reader.get("/most-read/")[1] == "hit"

    for _ in range(3):
        record_read(article.pk)
    assert flush_read_counts() == 3

    assert reader.get("/")[1] == "hit"  # the page itself was not purged…
    block, served = reader.get("/most-read/")  # …its block was, and is rendered again
    assert served == "stored" and "خبر صار الأكثر قراءة" in block
    assert "hidden" not in block.split(">", 1)[0]
    assert reader.get("/most-read/")[1] == "hit"


def test_flush_keeps_the_database_work_small(section, no_auto_flush, django_assert_max_num_queries):
    """A flush reads the registered rows in one query and writes only rows with new reads."""
    articles = [make_article(section) for _ in range(6)]
    with time_machine.travel(TEN_THIRTY, tick=False):
        for article in articles:
            record_read(article.pk)
        flush_read_counts()
        record_read(articles[0].pk)
        # one SELECT of the rows, one UPDATE for the one article with a new read, the
        # transaction's savepoints, and the purge of the block's kept copies (one look-up)
        with django_assert_max_num_queries(6):
            assert flush_read_counts() == 1
    assert readcounts.KEPT_HOURS == 48
