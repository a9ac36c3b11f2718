import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from nashir.news.tests.factories import make_article
from nashir.newsroom.models import ReadCount
from nashir.newsroom.readcounts import flush_read_counts, most_read, record_read

pytestmark = pytest.mark.django_db

TEN_THIRTY = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)


def beacon(client, article, address="10.0.0.1", **extra):
    return client.post(reverse("read_beacon", args=[article.pk]), REMOTE_ADDR=address, **extra)


def total_reads(article):
    return sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))


def test_a_read_is_counted_without_a_cookie_or_anything_personal(client, section):
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
    assert {f.name for f in ReadCount._meta.get_fields()} == {"id", "article", "hour", "count"}
    assert "203.0.113.7" not in str(list(ReadCount.objects.values()))


def test_only_live_articles_can_be_counted(client, section):
    """Drafts and made-up ids are refused, so nobody can stuff the list with them."""
    draft = make_article(section, live=False)
    assert beacon(client, draft).status_code == 404
    assert client.post(reverse("read_beacon", args=[987654])).status_code == 404
    assert flush_read_counts() == 0


def test_concurrent_beacons_are_counted_exactly(section):
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


def test_flushes_add_up_in_one_row_per_article_and_hour(section):
    """A second flush adds to the hour's row; a flush with nothing new writes nothing."""
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


def test_first_read_of_a_new_hour_writes_the_previous_hour(client, section):
    """Without any timer the counts reach the database at the turn of each hour."""
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False) as traveller:
        for i in range(4):
            assert beacon(client, article, address=f"10.2.0.{i}").status_code == 204
        assert not ReadCount.objects.exists()
        traveller.move_to(TEN_THIRTY + timedelta(minutes=45))
        beacon(client, article)
    row = ReadCount.objects.get()
    assert row.hour == datetime(2026, 3, 1, 10, 0, tzinfo=UTC) and row.count == 4


def test_one_address_cannot_flood_the_counter(client, section, settings):
    """Past the per-minute limit an address gets 429 and its reads are not counted."""
    settings.NASHIR_RATE_LIMITS = {**settings.NASHIR_RATE_LIMITS, "read-beacon": "5/m"}
    article = make_article(section)
    with time_machine.travel(TEN_THIRTY, tick=False):
        codes = [beacon(client, article, address="10.9.9.9").status_code for _ in range(7)]
        assert codes == [204] * 5 + [429] * 2
        assert beacon(client, article, address="10.9.9.10").status_code == 204
        assert flush_read_counts() == 6


def test_crawlers_are_not_counted(client, section):
    """A search engine rendering the page does not make an article «الأكثر قراءة»."""
    article = make_article(section)
    response = beacon(client, article, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert response.status_code == 204
    assert flush_read_counts() == 0


def test_most_read_today_and_this_week_on_the_home_and_article_pages(client, section):
    """«الأكثر قراءة» ranks the last 24 hours and the last 7 days separately."""
    old_hit = make_article(section, "خبر قرأه الجميع قبل يومين")
    today_top = make_article(section, "خبر اليوم الأول")
    today_second = make_article(section, "خبر اليوم الثاني")
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

        for url in ("/", today_second.url):
            html = client.get(url).content.decode()
            block = html[html.index('class="most-read"') :]
            assert "الأكثر قراءة" in block and "آخر 24 ساعة" in block and "آخر 7 أيام" in block
            day = block[block.index("آخر 24 ساعة") : block.index("آخر 7 أيام")]
            assert day.index("خبر اليوم الأول") < day.index("خبر اليوم الثاني")
            assert "خبر قرأه الجميع قبل يومين" not in day


def test_beacon_script_is_loaded_deferred_on_article_pages_only(client, section):
    """Readers download the counting script only where there is something to count."""
    article = make_article(section)
    html = client.get(article.url).content.decode()
    beacon_url = reverse("read_beacon", args=[article.pk])
    assert f'defer data-beacon="{beacon_url}"' in html
    assert "most-read.js" not in client.get("/").content.decode()
