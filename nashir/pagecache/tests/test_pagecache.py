import io
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from nashir.news.tests.factories import make_article, make_section
from nashir.pagecache import Key, files, purge
from nashir.pagecache.wsgi import PageCacheApp
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


class Reader:
    """A reader's browser talking to the WSGI stack that gunicorn runs: cache first, then Django."""

    def __init__(self, cookie=""):
        self.app = PageCacheApp(WSGIHandler())
        self.cookie = cookie

    def get(self, url, **headers):
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        if self.cookie:
            environ["HTTP_COOKIE"] = self.cookie
        environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
        result = {}

        def start_response(status, response_headers, exc_info=None):
            result["status"] = int(status.split()[0])
            result["headers"] = dict(response_headers)

        # As django.test.Client does: the test's database connection must survive the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = b"".join(self.app(environ, start_response))
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        result["body"] = body.decode()
        return result


@pytest.fixture
def newsroom(home, section):
    economy = make_section(home, "اقتصاد", "economy")
    author = AuthorFactory(slug="lina", name="لينا صباغ")
    article = make_article(section, "خبر الصباح", authors=[author], tags=["المياه"])
    other = make_article(
        economy,
        "أسعار القمح في البورصة",
        tags=["الطاقة"],
        summary="تقلبات الأسواق العالمية للحبوب.",
        body=[("paragraph", "<p>ارتفعت العقود الآجلة للذرة والشعير.</p>")],
    )
    return {"article": article, "other": other, "author": author, "economy": economy}


def test_second_reader_gets_the_page_from_the_cache(newsroom):
    """The first anonymous view renders and stores the page; the next is served from the cache."""
    reader = Reader()
    url = newsroom["article"].url
    first = reader.get(url)
    assert first["status"] == 200 and first["headers"].get("X-Page-Cache") == "stored"
    second = reader.get(url)
    assert second["headers"]["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in second["headers"]["Content-Security-Policy"]
    assert second["body"] == first["body"]
    assert "خبر الصباح" in second["body"]


def test_cached_pages_revalidate_with_etag_and_304(newsroom):
    """Browsers revalidate every time, and an unchanged page costs a 304 with no body."""
    reader = Reader()
    url = newsroom["article"].url
    reader.get(url)
    hit = reader.get(url)
    assert hit["headers"]["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert hit["headers"]["Last-Modified"]
    again = reader.get(url, if_none_match=hit["headers"]["ETag"])
    assert again["status"] == 304 and again["body"] == ""


@pytest.mark.parametrize("which", ["article", "home", "section", "tag", "author"])
def test_after_an_edit_is_published_no_reader_gets_the_old_page(newsroom, which):
    """Publishing an edit purges the article, its section, tag, author pages and home."""
    article = newsroom["article"]
    url = {
        "article": article.url,
        "home": "/",
        "section": "/syria/",
        "tag": "/tag/المياه/",
        "author": "/author/lina/",
    }[which]
    reader = Reader()
    reader.get(url)
    assert reader.get(url)["headers"]["X-Page-Cache"] == "hit"

    article.title = "خبر الصباح بعد التعديل"
    article.save_revision().publish()

    fresh = reader.get(url)
    assert fresh["headers"].get("X-Page-Cache") != "hit"
    assert "خبر الصباح بعد التعديل" in fresh["body"]


def test_unrelated_pages_stay_cached_after_a_publish(newsroom):
    """Purging is precise: an article in another section without shared tags stays cached."""
    reader = Reader()
    other_url = newsroom["other"].url
    reader.get(other_url)
    reader.get("/economy/")
    newsroom["article"].save_revision().publish()
    assert reader.get(other_url)["headers"]["X-Page-Cache"] == "hit"
    assert reader.get("/economy/")["headers"]["X-Page-Cache"] == "hit"


def test_unpublished_article_disappears_from_cached_lists(newsroom):
    """Unpublishing purges the article and every list that showed it."""
    reader = Reader()
    for url in ["/", "/syria/", "/tag/المياه/", newsroom["article"].url]:
        reader.get(url)
    newsroom["article"].unpublish()
    assert reader.get(newsroom["article"].url)["status"] == 404
    for url in ["/", "/syria/", "/tag/المياه/"]:
        page = reader.get(url)
        assert page["headers"].get("X-Page-Cache") != "hit"
        main = page["body"].split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert "خبر الصباح" not in main, url


def test_a_new_article_appears_on_its_lists_at_once(newsroom, section):
    """A newly published article is on home, its section and its tag page immediately."""
    reader = Reader()
    for url in ["/", "/syria/", "/tag/المياه/"]:
        reader.get(url)
    make_article(section, "خبر عاجل جديد", tags=["المياه"])
    for url in ["/", "/syria/", "/tag/المياه/"]:
        assert "خبر عاجل جديد" in reader.get(url)["body"], url


def test_author_edit_purges_their_articles(newsroom):
    """A changed author bio shows at once on their articles' author box."""
    reader = Reader()
    url = newsroom["article"].url
    reader.get(url)
    author = newsroom["author"]
    author.bio = "نبذة جديدة للكاتبة."
    author.save()
    assert "نبذة جديدة للكاتبة." in reader.get(url)["body"]


def test_logged_in_editors_bypass_the_cache(newsroom, admin_client):
    """An editor with a session never gets or fills the shared cache."""
    url = newsroom["article"].url
    Reader().get(url)
    session = admin_client.cookies["sessionid"].value
    editor = Reader(cookie=f"sessionid={session}")
    response = editor.get(url)
    assert response["headers"].get("X-Page-Cache") != "hit"
    assert "wagtail-userbar" in response["body"] or "userbar" in response["body"]
    assert "userbar" not in Reader().get(url)["body"]


def test_file_names_are_clean_and_bounded(newsroom):
    """?page=N (ASCII digits only) gets its own file; dot-segments, junk and overlong names none."""
    assert files.relative_file("testserver", "/syria/", files.page_suffix("2")) == (
        "testserver/syria/index.page-2.html"
    )
    assert files.relative_file("TestServer:8000", "/syria/") == "testserver/syria/index.html"
    assert files.page_suffix("1") == "" and files.page_suffix(None) == ""
    for junk in ("²", "٣", "../../etc", "0", "02", "-1", "9999999", "1e3"):
        assert files.page_suffix(junk) is None, junk
    assert files.relative_file("testserver", "/../etc/") is None
    assert files.relative_file("testserver", "/syria/.git/") is None
    assert files.relative_file("testserver", "/search") is None
    assert files.relative_file("testserver", "/" + "ب" * 101 + "/") is None  # 202 bytes
    assert files.relative_file("evil/../../", "/syria/") is None


def test_tracking_parameters_are_served_the_kept_page(newsroom):
    """/syria/?utm_source=… is the same page as /syria/: served from the one kept file."""
    reader = Reader()
    reader.get("/syria/")
    assert reader.get("/syria/?utm_source=social&fbclid=x")["headers"].get("X-Page-Cache") == "hit"


def test_page_numbers_on_pages_without_pages_store_nothing_new(newsroom):
    """?page=N on the home page answers the home page but never adds a file per N."""
    reader = Reader()
    for n in range(2, 30):
        assert reader.get(f"/?page={n}")["status"] == 200
    kept = sorted(p.name for p in (files.root() / "testserver").glob("index*"))
    assert kept == ["index.html"]


def test_a_page_rendered_during_a_purge_is_not_stored(newsroom, rf):
    """A render that started before a purge of what it shows must not store a stale copy."""
    import time

    from django.http import HttpResponse

    from nashir.pagecache.middleware import keep

    section = Key.section(newsroom["economy"])
    request = rf.get("/syria/")
    request.page_cache_started_at = time.time() - 1
    purge(section)
    keep(request, HttpResponse("قديم"), {Key.SITE, section}, None, set())
    assert not (files.root() / "testserver/syria/index.html").exists()
    request.page_cache_started_at = time.time() + 1
    keep(request, HttpResponse("جديد"), {Key.SITE, section}, None, set())
    assert (files.root() / "testserver/syria/index.html").read_text() == "جديد"


def test_an_approved_comment_shows_at_once_on_the_cached_article(newsroom):
    """Approving a comment purges its article, so every reader sees it."""
    from nashir.discussion.models import Comment

    reader = Reader()
    article = newsroom["article"]
    reader.get(article.url)
    comment = Comment.objects.create(
        article=article,
        name="قارئ متابع",
        email="reader@example.org",
        body="تعليق ينتظر الموافقة",
        status=Comment.Status.PENDING,
    )
    assert "تعليق ينتظر الموافقة" not in reader.get(article.url)["body"]
    comment.status = Comment.Status.APPROVED
    comment.save()
    page = reader.get(article.url)
    assert page["headers"].get("X-Page-Cache") != "hit"
    assert "تعليق ينتظر الموافقة" in page["body"]


def test_feeds_are_cached_and_purged_on_publish(newsroom, section):
    """/feed/ is served from the cache and carries a new article as soon as it is published."""
    reader = Reader()
    reader.get("/feed/")
    cached = reader.get("/feed/")
    assert cached["headers"]["X-Page-Cache"] == "hit"
    assert "xml" in cached["headers"]["Content-Type"]
    make_article(section, "خبر جديد في الخلاصة")
    assert "خبر جديد في الخلاصة" in reader.get("/feed/")["body"]


def test_expire_removes_only_old_pages(newsroom, settings):
    """The timer's 'pagecache expire' deletes pages older than the TTL, for nginx's sake."""
    import os
    import time
    from io import StringIO

    from django.core.management import call_command

    reader = Reader()
    reader.get("/")
    reader.get("/syria/")
    old = files.root() / "testserver" / "index.html"
    stamp = time.time() - settings.NASHIR_PAGE_CACHE_TTL - 60
    os.utime(old, (stamp, stamp))
    out = StringIO()
    call_command("pagecache", "expire", stdout=out)
    assert "Expired 1" in out.getvalue()
    assert not old.exists()
    assert (files.root() / "testserver" / "syria" / "index.html").exists()


@pytest.mark.parametrize("url", ["/", "/syria/", "article"])
def test_a_breaking_mark_leaves_cached_pages_when_it_runs_out(newsroom, section, url, monkeypatch):
    """A «عاجل» story marked until 14:05 is not served from the cache at 14:05, on any tier."""
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from nashir.pagecache import wsgi

    until = timezone.now() + datetime.timedelta(minutes=3)
    urgent = make_article(section, "انقطاع الكهرباء عن العاصمة", breaking=True)
    urgent.breaking_until = until
    urgent.save_revision().publish()
    url = urgent.url if url == "article" else url
    reader = Reader()
    assert "عاجل" in reader.get(url)["body"]
    assert reader.get(url)["headers"]["X-Page-Cache"] == "hit"

    later = until.timestamp() + 1
    monkeypatch.setattr(wsgi.time, "time", lambda: later)
    assert reader.get(url)["headers"].get("X-Page-Cache") != "hit"  # embedded tier renders anew
    monkeypatch.setattr(files.time, "time", lambda: later)
    call_command("pagecache", "expire", stdout=StringIO())  # nginx's timer
    assert not (files.root() / files.relative_file("testserver", url)).exists()


def test_pages_without_breaking_news_keep_the_full_ttl(newsroom, settings):
    """Ordinary pages are not dated back: they stay cached for NASHIR_PAGE_CACHE_TTL."""
    import time

    Reader().get("/")
    age = time.time() - (files.root() / "testserver" / "index.html").stat().st_mtime
    assert age < 5


def test_pages_that_declare_nothing_are_never_kept(newsroom):
    """Search results show the ticker like every page, but are never kept: a second query is
    never answered with the first one's results."""
    reader = Reader()
    first = reader.get("/search/?q=" + quote("الصباح"))
    assert first["status"] == 200 and "X-Page-Cache" not in first["headers"]
    assert "xkey" not in first["headers"] and "public" not in first["headers"].get(
        "Cache-Control", ""
    )
    assert not list(files.root().rglob("search"))
    assert "خبر الصباح" not in reader.get("/search/?q=" + quote("القمح"))["body"].split("<main")[1]


def test_a_purge_the_disk_refuses_is_retried_and_no_tier_serves_the_old_page(
    newsroom, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The file cannot be deleted: readers get rendered pages meanwhile (the stale marker), the
    worker retries the purge later, and once it succeeds the page is kept again."""
    import importlib

    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    purging = importlib.import_module("nashir.pagecache.purge")  # the module, not the function

    reader = Reader()
    url = newsroom["article"].url
    reader.get(url)
    assert reader.get(url)["headers"]["X-Page-Cache"] == "hit"
    monkeypatch.setattr(purging.files, "delete", lambda rel: False)
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "ENQUEUE_ON_COMMIT": False}}
    with override_settings(TASKS=queue):
        with django_capture_on_commit_callbacks(execute=True):
            purge(Key.page(newsroom["article"]))
        # (queued by the purge and by its repeat at commit: a retry is harmless twice)
        retry = DBTaskResult.objects.filter(task_path__endswith="retry_purge").first()
    assert retry is not None
    assert retry.run_after is not None and retry.args_kwargs["args"][1] == 1
    assert files.stale_marker().exists()
    assert reader.get(url)["headers"].get("X-Page-Cache") != "hit"  # the old file is not served
    monkeypatch.undo()
    purging.retry_purge.call(*retry.args_kwargs["args"])
    assert not (files.root() / files.relative_file("testserver", url)).exists()
    assert not files.stale_marker().exists()
    assert reader.get(url)["headers"].get("X-Page-Cache") == "stored"
    assert reader.get(url)["headers"].get("X-Page-Cache") == "hit"


def test_the_ticker_refresh_is_kept_like_a_page_and_purged_with_the_ticker(newsroom, section):
    """Every open page polls /ticker/ each minute: the second poll is a file (JSON, as nginx
    would send it), a new story purges it at once, and it never outlives its minute."""
    import json

    reader = Reader()
    first = reader.get("/ticker/")
    assert first["headers"]["Content-Type"] == "application/json"
    assert first["headers"].get("X-Page-Cache") == "stored"
    kept = files.root() / files.relative_file("testserver", "/ticker/", kind="json")
    assert kept.exists()
    again = reader.get("/ticker/")
    assert again["headers"]["X-Page-Cache"] == "hit"
    assert again["headers"]["Content-Type"] == "application/json"
    assert json.loads(again["body"]) == json.loads(first["body"])
    # The minute it holds for is its file's age limit, as for a page with a «عاجل» mark.
    assert time.time() - kept.stat().st_mtime > settings.NASHIR_PAGE_CACHE_TTL - 61

    make_article(section, "عاجل: هطول أمطار غزيرة على الساحل")
    assert not kept.exists()
    fresh = reader.get("/ticker/")
    assert fresh["headers"].get("X-Page-Cache") != "hit"
    titles = [item["title"] for item in json.loads(fresh["body"])["items"]]
    assert titles[0] == "عاجل: هطول أمطار غزيرة على الساحل"


def test_the_old_ticker_address_answers_but_is_not_kept_on_disk(newsroom):
    """/ticker.json (pages kept before /ticker/ ask for it) is answered by Django each time."""
    reader = Reader()
    assert reader.get("/ticker.json")["headers"]["Content-Type"] == "application/json"
    assert reader.get("/ticker.json")["headers"].get("X-Page-Cache") != "hit"
