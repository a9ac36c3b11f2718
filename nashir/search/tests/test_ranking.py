"""Ranking as a newsroom ranks: where the words are first, then relevance and freshness."""

import pytest

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.search.query import headline_tier, plan, ranked_ids

pytestmark = pytest.mark.django_db


def ranked(query):
    return ranked_ids(ArticlePage.objects.published().order_by(), plan(query))


def body(text):
    return [("paragraph", f"<p>{text}</p>")]


def test_a_headline_match_beats_any_number_of_fresher_body_mentions(section):
    """A two-year-old story headlined with the word comes before five new ones that repeat it."""
    story = make_article(section, "الليشمانيا تنتشر في قرى الريف", hours_ago=24 * 700)
    mentions = [
        make_article(
            section,
            f"تقرير صحي أسبوعي رقم {n}",
            hours_ago=n + 1,
            body=body("الليشمانيا والليشمانيا. عادت الليشمانيا، ومرضى الليشمانيا كثر."),
        )
        for n in range(5)
    ]
    found = ranked("الليشمانيا")
    assert found[0] == story.pk
    assert set(found[1:]) == {m.pk for m in mentions}


def test_words_together_rank_above_the_same_words_scattered(section):
    """Headline phrase, then headline words, then a phrase in the body, then scattered words —
    each older than the next, so freshness alone would give the reverse order."""
    filler = "وقال مسؤولون إن العمل مستمر. " * 3
    headline_phrase = make_article(
        section, "حملة التلقيح في حلب تبدأ غداً", hours_ago=24 * 400, body=body(filler)
    )
    headline_words = make_article(
        section, "حلب تستعد: التلقيح يبدأ ضمن حملة واسعة", hours_ago=24 * 300, body=body(filler)
    )
    phrase_in_body = make_article(
        section,
        "أخبار المحافظة في سطور",
        hours_ago=24 * 200,
        body=body(f"{filler} وتنطلق حملة التلقيح في حلب الأسبوع المقبل. {filler}"),
    )
    scattered = make_article(
        section,
        "أخبار الصحة في سطور",
        hours_ago=24,
        body=body(f"حملة توعية. {filler} وصلت اللقاحات إلى حلب. {filler} مراكز التلقيح مفتوحة."),
    )
    assert ranked("حملة التلقيح حلب") == [
        headline_phrase.pk,
        headline_words.pk,
        phrase_in_body.pk,
        scattered.pk,
    ]


def test_freshness_breaks_ties_within_a_tier(section):
    """Two headlines that match alike: the newer one first (and the older is still listed)."""
    old = make_article(section, "افتتاح معرض الكتاب", hours_ago=24 * 90)
    new = make_article(section, "افتتاح معرض الكتاب", hours_ago=3)
    assert ranked("معرض الكتاب") == [new.pk, old.pk]


@pytest.mark.parametrize(
    ("headline", "query", "tier"),
    [
        ("وزير الخارجية السوري يزور السعودية", "وزير الخارجية السوري السعودية", 5),
        ("وزير الخارجية السعودي يزور سوريا", "وزير الخارجية السوري السعودية", 4),
        ("قصف مدفعي عنيف بغزة", "غزة قصف", 4),  # both there, not in the query's order
        ("تجدد القصف بغزة", "القصف غزة", 5),  # بغزة is indexed as two readings, بغز غز
        ("قصف مدفعي عنيف بغزة", "قصف حلب", 2),
        ("قصف مدفعي عنيف بغزة", "حلب", 1),
        ("قوات سوريا الديمقراطية تنسحب", "قسد", 4),  # through the alias
    ],
)
def test_headline_tiers(headline, query, tier):
    """What the headline holds of the query: together, all, some, none."""
    from nashir.arabic import analysed_text

    assert headline_tier(analysed_text(headline), plan(query).alternatives) == tier
