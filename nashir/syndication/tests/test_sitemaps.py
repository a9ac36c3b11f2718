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


def test_sitemap_lists_every_public_page_with_lastmod(client, article, author):
    """Search engines find the home page, sections, articles, author and tag pages, each dated."""
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}urlset"
    urls = {}
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
