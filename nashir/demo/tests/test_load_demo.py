from io import StringIO

import pytest
from django.core.management import call_command

from nashir.demo import content
from nashir.news.models import ArticlePage, SectionPage
from nashir.people.models import Author

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "articles": sorted(ArticlePage.objects.values_list("slug", "live", "latest_revision_id")),
        "sections": sorted(SectionPage.objects.values_list("slug", flat=True)),
        "authors": sorted(Author.objects.values_list("slug", flat=True)),
    }


def test_demo_newsroom_is_complete_and_loading_it_twice_changes_nothing(client, monkeypatch):
    """The demo gives a full newsroom; running the command again adds or changes nothing.

    It renders nothing ahead (the first `make run` loads it before the server starts, for
    readers who are not there yet) and still gives every article its related list, computed
    once at the end."""
    from nashir.pagecache import prerender
    from nashir.related.models import RelatedArticle

    rendered = []
    monkeypatch.setattr(prerender, "render", lambda urls: rendered.append(urls) or {})
    call_command("load_demo", stdout=StringIO())
    assert rendered == []
    related = set(RelatedArticle.objects.values_list("article_id", flat=True))
    assert related == set(ArticlePage.objects.live().values_list("pk", flat=True))
    first = snapshot()
    # The articles and the live coverage page (an article too: nashir/demo/live.py).
    assert len(first["articles"]) == len(content.ARTICLES) + 1 > 30
    assert len(first["sections"]) >= 4
    assert Author.objects.filter(is_desk=False).count() >= 5
    assert Author.objects.filter(is_desk=True, name="فريق التحرير").exists()
    assert all(live for _, live, _ in first["articles"])

    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first


def test_demo_articles_have_images_tags_and_working_read_also_links(client):
    """Every demo article has a picture, tags and a read-also link to another live article."""
    call_command("load_demo", stdout=StringIO())
    for article in ArticlePage.objects.all():
        assert article.featured_image_id, article.slug
        assert article.tags.exists(), article.slug
        targets = [b.value for b in article.body if b.block_type == "read_also"]
        assert targets and all(t.live and t.pk != article.pk for t in targets), article.slug
    sample = ArticlePage.objects.order_by("pk").first()
    html = client.get(sample.url).content.decode()
    assert "اقرأ أيضاً:" in html


def test_demo_dates_are_spread_in_the_past():
    """Demo articles are dated hours to weeks ago, so the home page looks like a live newsroom."""
    from django.utils import timezone

    call_command("load_demo", stdout=StringIO())
    dates = list(ArticlePage.objects.values_list("published_at", flat=True))
    assert all(d < timezone.now() for d in dates)
    assert len(set(dates)) == len(dates)
