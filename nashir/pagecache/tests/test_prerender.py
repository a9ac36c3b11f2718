"""After a publish the worker renders what readers open first, so none of them waits for it."""

import pytest
from wagtail.models import Site

from nashir.news.tests.factories import make_article
from nashir.pagecache import files, prerender
from nashir.pagecache.models import KeptPart
from nashir.pagecache.tests.test_pagecache import Reader

pytestmark = pytest.mark.django_db


def publish(article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()


def cached_file(url):
    return files.root() / files.relative_file("testserver", url)


def test_the_first_reader_after_a_publish_gets_a_kept_page(
    section, django_capture_on_commit_callbacks
):
    """The article, its section and the home page are in the page cache before anyone asks."""
    article = make_article(section, "خبر عاجل عن سد الفرات")
    article.title = "خبر عاجل عن سد الفرات بعد التحديث"
    publish(article, django_capture_on_commit_callbacks)
    for url in (article.url, "/syria/", "/"):
        assert cached_file(url).exists(), url
    first = Reader().get(article.url)
    assert first["headers"]["X-Page-Cache"] == "hit"
    assert "خبر عاجل عن سد الفرات بعد التحديث" in first["body"]
    assert KeptPart.objects.exists()


def test_unpublishing_renders_nothing_ahead(section, django_capture_on_commit_callbacks):
    """Withdrawing an article does not bring its page back into the cache."""
    article = make_article(section)
    Reader().get(article.url)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert not cached_file(article.url).exists()
    assert Reader().get(article.url)["status"] == 404


def test_switched_off_nothing_is_rendered_ahead(
    section, settings, django_capture_on_commit_callbacks
):
    """NASHIR_PRERENDER=0: the first reader renders the page, as before."""
    settings.NASHIR_PRERENDER = False
    article = make_article(section)
    publish(article, django_capture_on_commit_callbacks)
    assert not cached_file(article.url).exists()


def test_a_page_that_cannot_be_rendered_ahead_is_left_to_its_reader(section, settings):
    """A site address the server does not answer for is reported, not raised."""
    settings.ALLOWED_HOSTS = ["testserver"]
    article = make_article(section)
    url = f"https://elsewhere.example{article.url}"
    assert prerender.render([url]) == {url: 400}
    assert not cached_file(article.url).exists()


def test_behind_a_tls_proxy_nothing_is_rendered_at_a_plain_http_address(section, settings):
    """A Site left on port 80 behind HTTPS would bake http:// links into kept pages: skipped."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    article = make_article(section)
    plain = f"http://testserver{article.url}"
    assert prerender.render([plain]) == {plain: None}
    assert not cached_file(article.url).exists()
    Site.objects.filter(is_default_site=True).update(port=443)
    secure = f"https://testserver{article.url}"
    assert prerender.render([secure]) == {secure: 200}
    assert 'rel="canonical" href="https://testserver/' in cached_file(article.url).read_text()
