import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nashir.news.tests.factories import make_article, make_section
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


def test_site_feed_lives_where_wordpress_had_it(client, article):
    """A reader subscribed to the WordPress /feed/ keeps receiving the newest articles."""
    response, feed = parse(client, "/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.language == "ar"
    [entry] = feed.entries
    assert entry.title == "انطلاق مفاوضات جديدة في جنيف"
    assert entry.link == "http://testserver" + article.url
    assert entry.author == "ريم الحلبي"
    assert {t.term for t in entry.tags} == {"جنيف", "مفاوضات"}
    assert entry.summary == "ملخص قصير للخبر."
    assert entry.published_parsed is not None


def test_atom_feed_parses_with_the_same_items(client, article):
    """Atom readers get the same article, with the author and the full text."""
    response, feed = parse(client, "/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == article.title
    assert entry.author == "ريم الحلبي"
    assert "خلفيات" in entry.content[0].value


def test_full_text_has_absolute_links_and_images(client, article):
    """The full text in a feed reader shows the body with links and images that work off-site."""
    _, feed = parse(client, "/feed/")
    [entry] = feed.entries
    html = entry.content[0].value
    assert "بدأت الجولة" in html and "خلفيات" in html
    assert 'href="https://example.org/x"' in html
    assert entry.media_content[0]["url"].startswith("http://testserver/")


def test_summary_only_setting(client, article, settings):
    """With NASHIR_FEED_FULL_TEXT off, feeds carry the summary and no body."""
    settings.NASHIR_FEED_FULL_TEXT = False
    _, feed = parse(client, "/feed/")
    [entry] = feed.entries
    assert "content" not in entry
    assert entry.summary == "ملخص قصير للخبر."
    assert b"\xd8\xae\xd9\x84\xd9\x81\xd9\x8a\xd8\xa7\xd8\xaa" not in client.get("/feed/").content


def test_section_author_and_tag_feeds_carry_only_their_articles(client, home, section, author):
    """Each section, author and tag has its own feed (RSS and Atom) with just its articles."""
    economy = make_section(home, "اقتصاد", "economy")
    other = AuthorFactory(name="سامر", slug="samer")
    mine = make_article(section, "خبر سوريا", authors=[author], tags=["حلب"])
    theirs = make_article(economy, "خبر اقتصاد", authors=[other], tags=["ليرة"])
    cases = {
        "/feed/section/syria/": mine,
        "/feed/section/economy/atom/": theirs,
        "/feed/author/reem/": mine,
        "/feed/author/samer/atom/": theirs,
        "/feed/tag/حلب/": mine,
        "/feed/tag/ليرة/atom/": theirs,
        "/author/reem/feed/": mine,
        "/tag/ليرة/feed/": theirs,
    }
    for url, expected in cases.items():
        _, feed = parse(client, url)
        assert [e.title for e in feed.entries] == [expected.title], url


def test_unknown_feed_is_404(client, db, home):
    """A feed for a section, author or tag that does not exist is «not found», not an empty feed."""
    for url in ("/feed/section/nope/", "/feed/author/nope/", "/feed/tag/nope/"):
        assert client.get(url).status_code == 404


def test_feed_never_carries_author_email(client, article):
    """Feeds name authors but never publish their e-mail address."""
    content = client.get("/feed/").content.decode() + client.get("/feed/atom/").content.decode()
    assert "reem@newsroom.example" not in content
    assert "@newsroom.example" not in content


def test_feed_query_count_does_not_grow_with_items(client, section, author):
    """The feed costs the same number of queries for 3 articles as for 9."""

    def count():
        client.get("/feed/")  # warm renditions and rendered bodies
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/feed/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        make_article(section, authors=[author], tags=["أ"], image=True)
    few = count()
    for _ in range(6):
        make_article(section, authors=[AuthorFactory()], tags=["ب", "ج"], image=True)
    assert count() == few
