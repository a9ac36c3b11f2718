"""A withdrawn story leaves every page, block, feed and API body that showed it: unpublished,
deleted or put behind a password, its headline is gone from the ticker, «الأكثر قراءة»,
«اقرأ أيضاً» links and related lists, whichever kept page showed them."""

import pytest
from wagtail.models import PageViewRestriction

from nashir.news.tests.factories import make_article, make_section
from nashir.newsroom.readcounts import flush_read_counts, record_read
from nashir.pagecache.tests.test_pagecache import Reader

pytestmark = pytest.mark.django_db

HEADLINE = "تسريب وثيقة داخلية عن صفقة القمح"


@pytest.fixture
def story(home, section):
    """A story read often, linked with «اقرأ أيضاً» from another, and pages that show it."""
    economy = make_section(home, "اقتصاد", "economy")
    story = make_article(section, HEADLINE, tags=["القمح"])
    linking = make_article(
        economy,
        "أسعار الخبز في الأسواق",
        tags=["القمح"],
        body=[("paragraph", "<p>نص الخبر.</p>"), ("read_also", story)],
    )
    for _ in range(5):
        record_read(story.pk)
    flush_read_counts()
    return {"story": story, "linking": linking, "economy": economy}


def pages_showing(story):
    return ["/", "/economy/", story["linking"].url, "/tag/القمح/"]


def cached_everywhere(reader, urls):
    for url in urls:
        reader.get(url)
        assert reader.get(url)["headers"].get("X-Page-Cache") == "hit", url


def test_the_story_is_shown_before_it_is_withdrawn(story):
    """The pages do show it: in the ticker, the most read block and the «اقرأ أيضاً» link."""
    page = Reader().get(story["linking"].url)["body"]
    assert page.count(HEADLINE) >= 3  # ticker, most read, read-also (and the related list)


@pytest.mark.parametrize("withdraw", ["unpublish", "delete", "password"])
def test_a_withdrawn_story_leaves_every_kept_page(story, withdraw):
    """After the withdrawal no reader gets its headline from any kept page."""
    reader = Reader()
    cached_everywhere(reader, pages_showing(story))
    article = story["story"]
    if withdraw == "unpublish":
        article.unpublish()
    elif withdraw == "delete":
        article.delete()
    else:
        PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    for url in pages_showing(story):
        page = reader.get(url)
        assert HEADLINE not in page["body"], (withdraw, url)


@pytest.mark.parametrize("withdraw", ["unpublish", "password"])
def test_feeds_and_the_api_stop_linking_it(client, story, withdraw):
    """The linking article's full text in feeds and the API loses the «اقرأ أيضاً» link."""
    linking = story["linking"]
    feed = client.get("/feed/").content.decode()
    assert HEADLINE in feed
    api = client.get(f"/api/v2/articles/{linking.pk}/?fields=body_html").json()["body_html"]
    assert HEADLINE in api
    if withdraw == "unpublish":
        story["story"].unpublish()
    else:
        PageViewRestriction.objects.create(
            page=story["story"], restriction_type="password", password="x"
        )
    assert HEADLINE not in client.get("/feed/").content.decode()
    api = client.get(f"/api/v2/articles/{linking.pk}/?fields=body_html").json()["body_html"]
    assert HEADLINE not in api
