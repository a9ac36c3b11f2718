from datetime import datetime

import pytest
from defusedxml import ElementTree

from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return ElementTree.fromstring(response.content)


def sitemaps_of(client):
    """The addresses of the sitemaps the index lists."""
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    return [entry.find(f"{SM}loc").text for entry in index.findall(f"{SM}sitemap")]


def test_sitemap_lists_every_public_page_with_lastmod(client, article, author):
    """Search engines find the home page, sections, articles, author and tag pages, each dated."""
    listed = sitemaps_of(client)
    assert listed == [
        "http://testserver/sitemaps/pages/",
        "http://testserver/sitemaps/authors/",
        "http://testserver/sitemaps/tags/",
    ]
    urls = {}
    for root in (xml(client, location.removeprefix("http://testserver")) for location in listed):
        assert root.tag == f"{SM}urlset"
        for url in root.findall(f"{SM}url"):
            loc, lastmod = url.find(f"{SM}loc"), url.find(f"{SM}lastmod")
            assert loc is not None and loc.text.startswith("http://testserver/")
            assert lastmod is not None, loc.text
            datetime.fromisoformat(lastmod.text)
            urls[loc.text] = lastmod.text
            assert {child.tag for child in url} <= {
                f"{SM}{t}" for t in ("loc", "lastmod", "changefreq", "priority")
            }
    assert "http://testserver/" in urls
    assert "http://testserver/syria/" in urls
    assert "http://testserver" + article.url in urls
    assert "http://testserver/author/reem/" in urls
    assert any("/tag/" in u for u in urls)


def test_news_sitemap_has_googles_required_shape(client, section, author):
    """Google News reads the last 48 hours' articles with publication, language ar, date and title."""
    fresh = make_article(section, "خبر الساعة", authors=[author], hours_ago=3)
    make_article(section, "خبر الأسبوع الماضي", authors=[author], hours_ago=24 * 7)
    root = xml(client, "/news-sitemap.xml")
    assert root.tag == f"{SM}urlset"
    [url] = root.findall(f"{SM}url")
    assert url.find(f"{SM}loc").text == "http://testserver" + fresh.url
    news = url.find(f"{NEWS}news")
    publication = news.find(f"{NEWS}publication")
    assert publication.find(f"{NEWS}name").text == "ناشر"
    assert publication.find(f"{NEWS}language").text == "ar"
    assert news.find(f"{NEWS}title").text == "خبر الساعة"
    published = datetime.fromisoformat(news.find(f"{NEWS}publication_date").text)
    assert published.tzinfo is not None


def test_news_sitemap_stops_at_1000(client, section, author, settings, monkeypatch):
    """The news sitemap never lists more articles than Google accepts (the limit is applied)."""
    from nashir.syndication import views

    monkeypatch.setattr(views, "NEWS_LIMIT", 2)
    for _ in range(3):
        make_article(section, authors=[author])
    root = xml(client, "/news-sitemap.xml")
    assert len(root.findall(f"{SM}url")) == 2
    assert views.NEWS_WINDOW.total_seconds() == 48 * 3600


def test_robots_txt_points_at_both_sitemaps(client, db):
    """Crawlers are told where both sitemaps are and to stay out of the admin."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_a_sitemap_past_its_limit_goes_on_in_numbered_pages(client, section, author, monkeypatch):
    """Past 50,000 addresses (3 here) a sitemap continues at its own numbered address, which
    the page cache keeps like any page; a page past the end is a 404."""
    from nashir.syndication.sitemaps import PageSitemap

    for i in range(4):
        make_article(section, f"خبر رقم {i}", authors=[author])
    monkeypatch.setattr(PageSitemap, "limit", 3)
    listed = sitemaps_of(client)
    pages = [u for u in listed if "/sitemaps/pages/" in u]
    assert pages[:2] == [
        "http://testserver/sitemaps/pages/",
        "http://testserver/sitemaps/pages/2/",
    ]
    seen = []
    for location in pages:
        root = xml(client, location.removeprefix("http://testserver"))
        seen += [url.find(f"{SM}loc").text for url in root.findall(f"{SM}url")]
    assert len(seen) == len(set(seen)) >= 6  # home, section, four articles; none twice
    assert client.get(f"/sitemaps/pages/{len(pages) + 1}/").status_code == 404
    assert client.get("/sitemaps/nothing/").status_code == 404
    assert client.get("/sitemaps/pages/1/").status_code == 404  # page 1 has one address
    assert client.get("/sitemaps/pages/99999999999999999999/").status_code == 404


def test_sitemaps_are_kept_and_purged_by_a_publish(client, section, author):
    """Each sitemap is kept by the page cache and served without Django; a publish purges it."""
    from nashir.pagecache.tests.test_pagecache import Reader

    index = client.get("/sitemap.xml")
    assert "s-maxage" in index["Cache-Control"] and "feeds" in index["xkey"]  # Varnish, a CDN
    assert client.get("/sitemaps/pages/")["X-Page-Cache"] == "stored"
    assert Reader().get("/sitemaps/pages/")["headers"]["X-Page-Cache"] == "hit"  # no Python
    fresh = make_article(section, "خبر نشر الآن", authors=[author])
    response = client.get("/sitemaps/pages/")
    assert response.get("X-Page-Cache") == "stored"
    assert fresh.url in response.content.decode()
