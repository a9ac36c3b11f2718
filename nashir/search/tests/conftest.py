import pytest
from django.db import transaction

from nashir.news.models import ArticlePage, HomePage
from nashir.news.tests.factories import make_article, make_section
from nashir.people.tests.factories import AuthorFactory
from nashir.search.models import AliasGroup

from .corpus import ALIAS_GROUPS, ARTICLES, SECTIONS


class Newsroom:
    """The quality corpus as published articles, looked up by slug."""

    def __init__(self):
        home = HomePage.objects.get()
        self.sections = {slug: make_section(home, title, slug) for slug, title in SECTIONS.items()}
        self.reporter = AuthorFactory(name="ريم حداد", slug="reem")
        self.editor = AuthorFactory(name="سامر خليل", slug="samer")
        for name, terms in ALIAS_GROUPS:
            AliasGroup.objects.create(name=name, terms=terms)
        self.articles = {}
        for n, (slug, section, title, summary, body) in enumerate(ARTICLES):
            article = make_article(
                self.sections[section],
                title,
                summary=summary,
                body=[("paragraph", f"<p>{body}</p>")],
                authors=[self.reporter if n % 2 else self.editor],
                hours_ago=24 * n,
            )
            ArticlePage.objects.filter(pk=article.pk).update(slug=slug)
            article.slug = slug
            self.articles[slug] = article
        self.slug_of = {a.pk: slug for slug, a in self.articles.items()}
        self.articles_by_title = {a.title: a for a in self.articles.values()}


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """Built once per test module and rolled back after it: publishing 34 articles is slow."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Newsroom()
        transaction.set_rollback(True)
