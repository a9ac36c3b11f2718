"""The index follows the newsroom: publish, edit, unpublish, delete — no rebuild needed."""

import pytest
from django.core.management import call_command
from wagtail.search.models import IndexEntry

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.search.query import plan, ranked_ids

pytestmark = pytest.mark.django_db


def found(query):
    return ranked_ids(ArticlePage.objects.published().order_by(), plan(query))


def test_publish_makes_an_article_findable(section):
    """A draft is not found; once published it is, under any spelling."""
    draft = make_article(section, "افتتاح جسر الأمويين", live=False)
    assert found("جسر") == []
    draft.get_latest_revision().publish()
    assert found("جسر") == [draft.pk]
    assert found("بالجسر الاموي") == [draft.pk]


def test_edit_replaces_old_words_with_new(section):
    """After an edit is published the new words find it and the old ones no longer do."""
    article = make_article(section, "افتتاح جسر الأمويين")
    article.title = "افتتاح نفق الأمويين"
    article.save_revision().publish()
    assert found("نفق") == [article.pk]
    assert found("جسر") == []


def test_unpublished_draft_edit_is_not_searchable(section):
    """Words only in an unpublished draft revision are not found; the live text still is."""
    article = make_article(section, "افتتاح جسر الأمويين")
    article.title = "افتتاح نفق الأمويين"
    article.save_revision()
    assert found("جسر") == [article.pk]
    assert found("نفق") == []


def test_unpublish_and_delete_hide_the_article(section):
    """Unpublishing takes it out of results at once; deleting removes its index entry."""
    article = make_article(section, "افتتاح جسر الأمويين")
    article.unpublish()
    assert found("جسر") == []
    pk = article.pk
    ArticlePage.objects.get(pk=pk).delete()
    assert not IndexEntry.objects.filter(object_id=str(pk)).exists()


def test_tags_and_authors_are_searchable(section):
    """A reader can find an article by its tag or by the name of its author."""
    from nashir.people.tests.factories import AuthorFactory

    author = AuthorFactory(name="لينا الأحمد", slug="lina")
    article = make_article(section, "خبر عادي", tags=["الطاقة الشمسية"], authors=[author])
    assert found("شمسية") == [article.pk]
    assert found("لينا") == [article.pk]


def test_update_index_rebuilds(section):
    """`manage.py update_index` rebuilds an emptied index so articles are found again."""
    article = make_article(section, "افتتاح جسر الأمويين")
    IndexEntry.objects.all().delete()
    assert found("جسر") == []
    call_command("update_index", verbosity=0)
    assert found("جسر") == [article.pk]


def test_an_index_built_by_an_older_analysis_is_reported(section):
    """After an upgrade that changes the analysis, migrate's checks say to run update_index."""
    from nashir.search.checks import search_index_follows_the_analysis

    article = make_article(section, "مسؤول يزور المدينة")
    assert search_index_follows_the_analysis(databases=["default"]) == []
    assert search_index_follows_the_analysis(databases=None) == []  # plain `check`: no database
    headline = "title_text" if hasattr(IndexEntry, "title_text") else "title"
    entry = IndexEntry.objects.filter(object_id=str(article.pk))
    entry.update(**{headline: "مسوول يزور مدين"})  # what the analysis of nashir 1 wrote
    warnings = search_index_follows_the_analysis(databases=["default"])
    assert [w.id for w in warnings] == ["nashir.search.W001"]
    assert "update_index" in warnings[0].hint
    call_command("update_index", verbosity=0)
    assert search_index_follows_the_analysis(databases=["default"]) == []


def test_editors_still_find_pages_by_headline_in_the_admin(section, client):
    """The admin's page search (Wagtail's, as editors type) reads the raw headline, untouched."""
    from django.contrib.auth import get_user_model

    article = make_article(section, "افتتاح جسر الأمويين")
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(editor)
    response = client.get("/admin/pages/search/", {"q": "الأموي"})
    assert response.status_code == 200
    assert f"/admin/pages/{article.pk}/edit/" in response.content.decode()
