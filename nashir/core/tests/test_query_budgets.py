"""Every public page costs a fixed number of SQL queries, however big the newsroom grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nashir.news.tests.factories import make_article, make_section
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db

# The most queries each page type may cost once warm (renditions made, site known).
BUDGETS = {"home": 8, "section": 5, "tag": 5, "author": 5, "article": 8, "feed": 6}


def cost(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def urls(article):
    return {
        "home": "/",
        "section": "/syria/",
        "tag": "/tag/المياه/",
        "author": "/author/lina/",
        "article": article.url,
        "feed": "/feed/",
    }


def grow(home, section, author, times):
    """Add articles, tags, authors, sections and comments: the page costs must not move."""
    from nashir.discussion.models import Comment

    extra = AuthorFactory()
    for i in range(times):
        other = make_section(home, f"قسم {i}", f"extra-{i}")
        for _ in range(3):
            article = make_article(
                section,
                authors=[author, extra],
                tags=["المياه", f"وسم {i}", f"وسم آخر {i}"],
                image=True,
            )
            Comment.objects.create(
                article=article, name="قارئ", email="r@example.org", body="تعليق", status="approved"
            )
        make_article(other, authors=[author], tags=["المياه"], image=True)


def test_page_costs_do_not_grow_with_the_newsroom(client, home, section, settings):
    """Home, section, tag, author, article and feed: same queries with 2 or 20 articles."""
    settings.NASHIR_PAGE_CACHE = False  # measure rendering, not filling the page cache
    settings.NASHIR_FRAGMENT_CACHE = False  # nor reusing an article's rendered parts
    author = AuthorFactory(slug="lina", name="لينا صباغ")
    article = make_article(section, authors=[author], tags=["المياه"], image=True)
    make_article(section, authors=[author], tags=["المياه"], image=True)
    small = {page: cost(client, url) for page, url in urls(article).items()}

    grow(home, section, author, times=4)
    big = {page: cost(client, url) for page, url in urls(article).items()}

    assert big == small
    for page, queries in big.items():
        assert queries <= BUDGETS[page], (page, queries)


def test_an_article_with_its_parts_kept_costs_one_query(client, home, section, settings):
    """A page-cache miss on a known article: read its kept parts; the page its address leads
    to is held by the process until the next purge, after which finding it is one more."""
    from nashir.pagecache import stamps

    settings.NASHIR_PAGE_CACHE = False
    author = AuthorFactory(slug="lina", name="لينا صباغ")
    article = make_article(section, authors=[author], tags=["المياه"], image=True)
    grow(home, section, author, times=2)
    assert cost(client, article.url) == 1
    stamps.new_generation()  # a purge anywhere
    with CaptureQueriesContext(connection) as ctx:
        client.get(article.url)
    assert len(ctx.captured_queries) == 2
