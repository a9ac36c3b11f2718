"""The page cache never turns a strange address into a 500 or a dropped connection.

Regression tests for issue #17: digit-like ``?page=`` values that ``str.isdigit()`` accepts
and ``int()`` refuses, and path segments longer than a file name may be ("File name too long").
"""

import io
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from nashir.news.tests.factories import make_article
from nashir.pagecache import files
from nashir.pagecache.wsgi import PageCacheApp

pytestmark = pytest.mark.django_db

DIGIT_LIKE = ["²", "٣", "۴", "⑤", "𝟐", "½"]
LONG_SEGMENT = "ا" * 200  # 400 bytes in UTF-8: longer than any file name (255 bytes)


def wsgi_get(url, app=None):
    """GET `url` (already percent-encoded) through the WSGI stack gunicorn runs."""
    from urllib.parse import unquote_to_bytes

    app = app or PageCacheApp(WSGIHandler())
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        # As a server hands it over: percent-decoded bytes, as latin-1 (PEP 3333).
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
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
        result["status"] = int(status.split()[0])
        result["headers"] = dict(headers)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result["body"] = b"".join(app(environ, start_response)).decode()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return result


@pytest.mark.parametrize("value", [*DIGIT_LIKE, "02", "0", "1000000", "-2", "2 ", "٢٣"])
def test_only_plain_page_numbers_are_cache_keys(value):
    """?page= is cached for 2…999999 in ASCII digits only, as nginx's map caches it."""
    assert files.page_suffix(value) is None


def test_plain_page_numbers_are_still_cached():
    """The ordinary second page keeps its own file; page 1 is the listing's own page."""
    assert files.relative_file("testserver", "/syria/", files.page_suffix("2")) == (
        "testserver/syria/index.page-2.html"
    )
    assert files.page_suffix("999999") == ".page-999999"
    assert files.page_suffix("1") == ""


def test_two_page_parameters_are_answered_never_kept(section):
    """?page=2&page=3 reads differently in nginx and Django: such a page is never stored."""
    make_article(section)
    response = wsgi_get("/syria/?page=1&page=1")
    assert response["status"] == 200 and "X-Page-Cache" not in response["headers"]


@pytest.mark.parametrize("value", DIGIT_LIKE)
def test_digit_like_page_numbers_get_a_page_not_a_500(section, value):
    """/?page=² through the WSGI tier and Django: the listing answers 404 in Arabic."""
    make_article(section)
    for url in (f"/syria/?page={quote(value)}", f"/?page={quote(value)}"):
        for _ in range(2):  # second time round the file tier has the page
            response = wsgi_get(url)
            assert response["status"] in (200, 404), url
    listing = wsgi_get(f"/syria/?page={quote('²')}")
    assert listing["status"] == 404
    assert "لا توجد صفحة بهذا الرقم" in listing["body"] or "الصفحة غير موجودة" in listing["body"]


def test_arabic_digits_in_page_are_read_but_never_cached(section):
    """?page=١ means page 1 to Django; it is served, and no file is written for it."""
    make_article(section)
    response = wsgi_get(f"/syria/?page={quote('١')}")
    assert response["status"] == 200
    assert "X-Page-Cache" not in response["headers"]


def test_a_path_segment_longer_than_a_file_name_is_answered(section):
    """A 400-byte segment: a 404 page, twice (no cached file can exist), never a dropped
    connection."""
    make_article(section)
    wsgi_get("/syria/")  # the section is cached: its folder exists in the file tier
    for url in (
        f"/syria/{quote(LONG_SEGMENT)}/",
        f"/{quote(LONG_SEGMENT)}/",
        "/" + "a" * 300 + "/",
    ):
        for _ in range(2):
            response = wsgi_get(url)
            assert response["status"] == 404, url
            assert "الصفحة غير موجودة" in response["body"]


def test_a_page_whose_address_is_too_long_for_a_file_is_served_uncached(section):
    """An article with a 400-byte slug is served every time; the store skips it quietly."""
    article = make_article(section)
    article.slug = LONG_SEGMENT
    article.save_revision().publish()
    article.refresh_from_db()
    url = article.url  # Wagtail gives it percent-encoded
    for _ in range(2):
        response = wsgi_get(url)
        assert response["status"] == 200
        assert response["headers"].get("X-Page-Cache") is None
    assert files.relative_file("testserver", unquote(article.url)) is None


def test_a_broken_cache_folder_costs_a_render_not_the_page(section, settings, tmp_path):
    """The cache folder is a file (a bad deploy): pages are rendered and served, never stored."""
    make_article(section)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.NASHIR_PAGE_CACHE_DIR = blocker / "pagecache"
    for _ in range(2):
        response = wsgi_get("/syria/")
        assert response["status"] == 200
        assert response["headers"].get("X-Page-Cache") is None


def test_an_unreadable_cache_file_costs_a_render(section, monkeypatch):
    """An I/O error reading the file tier is a miss: Django renders the page."""
    make_article(section)
    assert wsgi_get("/syria/")["headers"].get("X-Page-Cache") == "stored"

    def failing_stat(path, *args, **kwargs):
        raise OSError(5, "Input/output error", path)

    monkeypatch.setattr("nashir.pagecache.wsgi.os.stat", failing_stat)
    response = wsgi_get("/syria/")
    assert response["status"] == 200
    assert response["headers"].get("X-Page-Cache") != "hit"


def test_a_cache_file_that_cannot_be_opened_costs_a_render(section, settings):
    """The file is there but is a folder (or vanished): Django renders the page."""
    make_article(section)
    wsgi_get("/syria/")
    target = Path(settings.NASHIR_PAGE_CACHE_DIR) / "testserver" / "syria" / "index.html"
    target.unlink()
    target.mkdir()
    response = wsgi_get("/syria/")
    assert response["status"] == 200
    assert response["headers"].get("X-Page-Cache") != "hit"
