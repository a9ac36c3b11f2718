"""Publish the labelled set (corpus.py) and score related lists against it."""

from datetime import timedelta

from django.utils import timezone

from nashir.news.models import ArticleByline, ArticlePage
from nashir.news.tests.factories import make_section
from nashir.people.tests.factories import AuthorFactory

from .corpus import DISTRACTORS, STORIES

SECTIONS = {"local": "محليات", "economy": "اقتصاد", "culture": "ثقافة", "sport": "رياضة"}
K = 4


def publish(section, title, body, tags, when, author):
    """Publish as an editor does (revision → publish), dated `when` from the start."""
    article = ArticlePage(
        title=title,
        summary=body.split("،")[0][:290],
        body=[("paragraph", f"<p>{body}</p>")],
        published_at=when,
        live=False,
    )
    article.bylines.add(ArticleByline(author=author))
    article.tags.add(*tags)
    section.add_child(instance=article)
    article.save_revision().publish()
    return article


def build(home):
    """Publish every article in date order; returns ({article pk: story number}, [articles])."""
    sections = {slug: make_section(home, title, slug) for slug, title in SECTIONS.items()}
    author = AuthorFactory()
    start = timezone.now() - timedelta(days=70)
    items = []
    for story, (slug, tags, day, articles) in enumerate(STORIES):
        for n, (title, body) in enumerate(articles):
            items.append((day + n * 0.7, slug, tags, title, body, story))
    for slug, tags, day, title, body in DISTRACTORS:
        items.append((day + 0.3, slug, tags, title, body, None))
    items.sort(key=lambda item: item[0])
    story_of, published = {}, []
    for day, slug, tags, title, body, story in items:
        when = start + timedelta(days=day)
        article = publish(sections[slug], title, body, tags, when, author)
        published.append(article)
        if story is not None:
            story_of[article.pk] = story
    return story_of, published


def precision_at_k(story_of, lists, k=K):
    """Mean share of the first k related articles that belong to the same story."""
    scores = [
        sum(story_of.get(pk) == story for pk in lists[article][:k]) / k
        for article, story in story_of.items()
    ]
    return sum(scores) / len(scores)


def computed_lists(story_of):
    return {
        pk: [a.pk for a in ArticlePage.objects.get(pk=pk).related_articles(limit=K)]
        for pk in story_of
    }


def tag_only_lists(published):
    """The ranking nashir used before: most shared tags, then same section, newest first."""
    tags = {a.pk: {t.name for t in a.tags.all()} for a in published}
    lists = {}
    for article in published:
        candidates = [
            other
            for other in published
            if other.pk != article.pk
            and (tags[article.pk] & tags[other.pk] or other.section_id == article.section_id)
        ]
        candidates.sort(
            key=lambda o: (-len(tags[article.pk] & tags[o.pk]), -o.published_at.timestamp())
        )
        lists[article.pk] = [o.pk for o in candidates]
    return lists
