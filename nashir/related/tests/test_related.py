"""Related lists are computed at publish time, stored, and read by the article page in one query."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article, make_section
from nashir.pagecache.tests.test_pagecache import Reader
from nashir.related import engine
from nashir.related.models import (
    DOCUMENTS,
    ArticleTerm,
    PinnedRelatedArticle,
    RelatedArticle,
    TermFrequency,
)

pytestmark = pytest.mark.django_db


def story(section, title, text, **kwargs):
    return make_article(section, title, body=[("paragraph", f"<p>{text}</p>")], **kwargs)


@pytest.fixture
def water(section):
    """Three articles on Aleppo's water cut, one on something else with the same tag."""
    return {
        "cut": story(
            section,
            "توقف محطة ضخ المياه في حلب",
            "توقفت مضخات محطة المياه التي تغذي أحياء حلب الشرقية.",
            tags=["حلب"],
        ),
        "tankers": story(
            section,
            "صهاريج المياه ترفع أسعارها في حلب",
            "يشتري السكان المياه من الصهاريج منذ توقف المضخات.",
            tags=["حلب"],
        ),
        "other": story(
            section,
            "حملة نظافة في أسواق حلب",
            "متطوعون يجمعون القمامة من الأسواق القديمة.",
            tags=["حلب"],
        ),
    }


def related_titles(article):
    return [a.title for a in ArticlePage.objects.get(pk=article.pk).related_articles()]


def test_publishing_stores_a_list_led_by_the_same_story(water):
    """An article about the water cut lists the other water-cut article before same-tag news."""
    assert related_titles(water["cut"])[0] == water["tankers"].title
    assert related_titles(water["tankers"])[0] == water["cut"].title
    assert RelatedArticle.objects.filter(article=water["cut"]).count() == 2


def test_a_new_article_enters_the_lists_of_older_related_ones(section, water):
    """Publishing a follow-up puts it in the lists of the earlier articles of the story."""
    follow_up = story(
        section,
        "عودة ضخ المياه إلى أحياء حلب",
        "عادت المياه إلى أحياء حلب الشرقية بعد إصلاح مضخات المحطة.",
        tags=["حلب"],
    )
    for earlier in (water["cut"], water["tankers"]):
        titles = related_titles(earlier)
        assert titles.index(follow_up.title) < titles.index(water["other"].title)


def test_the_cached_page_of_an_older_article_is_purged_when_its_list_changes(section, water):
    """A reader of the cached older article sees the new related article at once."""
    reader = Reader()
    url = water["cut"].url
    reader.get(url)
    assert reader.get(url)["headers"]["X-Page-Cache"] == "hit"
    story(section, "إصلاح مضخات المياه في حلب", "فرق الصيانة تصلح مضخات محطة المياه في حلب.")
    fresh = reader.get(url)
    assert fresh["headers"].get("X-Page-Cache") != "hit"
    assert "إصلاح مضخات المياه في حلب" in fresh["body"]


def test_pinned_articles_come_first_in_the_editors_order(home, section, water):
    """Editors pin articles by hand; they lead the list even when the text says otherwise."""
    economy = make_section(home, "اقتصاد", "economy")
    far = story(economy, "أسعار الذهب في الأسواق", "ارتفع سعر غرام الذهب.")
    article = water["cut"]
    article.pinned_related.add(PinnedRelatedArticle(related=far, sort_order=0))
    article.pinned_related.add(PinnedRelatedArticle(related=water["other"], sort_order=1))
    article.save_revision().publish()
    titles = related_titles(article)
    assert titles[:3] == [far.title, water["other"].title, water["tankers"].title]


def test_unpublished_articles_leave_the_lists(water):
    """An unpublished article disappears from the related lists and its rows are gone."""
    water["tankers"].unpublish()
    assert water["tankers"].title not in related_titles(water["cut"])
    assert not RelatedArticle.objects.filter(related=water["tankers"], pinned=False).exists()
    assert not ArticleTerm.objects.filter(article=water["tankers"]).exists()


def test_a_pin_to_an_unpublished_article_is_hidden_until_it_returns(section, water):
    """A pinned article that is unpublished is not shown, and comes back when republished."""
    article = water["cut"]
    article.pinned_related.add(PinnedRelatedArticle(related=water["other"]))
    article.save_revision().publish()
    water["other"].unpublish()
    assert water["other"].title not in related_titles(article)
    water["other"].save_revision().publish()
    assert related_titles(article)[0] == water["other"].title


def test_private_articles_are_not_shown(water):
    """An article behind a password is never offered as related reading."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=water["tankers"], restriction_type="password", password="x"
    )
    assert water["tankers"].title not in related_titles(water["cut"])


def test_term_statistics_follow_publish_edit_and_unpublish(section):
    """Rare words weigh more: counts of articles per term stay right through edits."""

    def df(term):
        return TermFrequency.objects.filter(term=term).values_list("df", flat=True).first()

    a = story(section, "الزلزال في اللاذقية", "زلزال قوي.")
    story(section, "زلزال جديد", "هزة ارتدادية.")
    assert df(DOCUMENTS) == 2 and df("زلزال") == 2 and df("لاذق") == 1
    a.title = "الحرائق في اللاذقية"
    a.body = [("paragraph", "<p>حرائق الغابات.</p>")]
    a.save_revision().publish()
    assert df(DOCUMENTS) == 2 and df("زلزال") == 1
    a.unpublish()
    assert df(DOCUMENTS) == 1 and df("لاذق") == 0
    ArticlePage.objects.get(title="زلزال جديد").delete()
    assert df(DOCUMENTS) == 0 and df("زلزال") == 0


def test_the_page_reads_the_list_in_one_query(section, water):
    """Reading the list is one query joining the stored rows, whatever its length."""
    article = ArticlePage.objects.get(pk=water["cut"].pk)
    with CaptureQueriesContext(connection) as ctx:
        article.related_articles()
    related_sql = [q["sql"] for q in ctx.captured_queries if "related_relatedarticle" in q["sql"]]
    assert len(related_sql) == 1
    assert related_sql[0].count('JOIN "related_relatedarticle"') == 1


def test_computing_a_list_costs_the_same_number_of_queries_as_the_archive_grows(section):
    """The work at publish time is bounded: more articles in the archive, no more queries."""
    for i in range(6):
        story(section, f"محطة المياه رقم {i}", "توقف ضخ المياه في حلب.", tags=["حلب"])
    subject = engine.subject_of(ArticlePage.objects.get(title="محطة المياه رقم 0"), [])
    subject.vector = list(
        ArticleTerm.objects.filter(article_id=subject.pk).values_list("term", "weight")
    )

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            engine.rank(subject)
        return len(ctx.captured_queries)

    small = cost()
    for i in range(12):
        story(section, f"مضخات المياه رقم {i}", "إصلاح مضخات محطة المياه في حلب.", tags=["حلب"])
    assert cost() == small


def test_lists_are_computed_at_publish_without_the_worker(section):
    """With the production queue and no worker running, the lists are already there: the
    publishing pipeline computes them in the publish itself."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        first = story(section, "افتتاح جسر الرستن", "افتتح جسر الرستن بعد ترميمه.")
        second = story(section, "حركة السير على جسر الرستن", "ازدحام على الجسر بعد افتتاحه.")
        assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    assert related_titles(second) == [first.title]
    assert related_titles(first) == [second.title]


def test_compute_related_rebuilds_every_list(section, water):
    """`manage.py compute_related --all` gives an existing site its lists (e.g. after an import)."""
    RelatedArticle.objects.all().delete()
    ArticleTerm.objects.all().delete()
    TermFrequency.objects.all().delete()
    call_command("compute_related", all=True, verbosity=0)
    assert related_titles(water["cut"])[0] == water["tankers"].title
    assert TermFrequency.objects.get(term=DOCUMENTS).df == 3


def test_compute_related_needs_ids_or_all():
    """The command refuses to guess what to rebuild."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("compute_related")


def test_a_refresh_names_the_article_whose_shown_list_changed(section, water):
    """The recomputed article is among those whose pages the publish pipeline purges."""
    assert water["cut"].pk in engine.refresh(water["cut"].pk).visible
