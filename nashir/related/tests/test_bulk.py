"""The bulk rebuild (compute_related --all) stores exactly the lists the per-article engine does."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from nashir.news.models import ArticlePage, ArticleTag
from nashir.news.tests.factories import make_section
from nashir.related import bulk, engine
from nashir.related.management.commands.compute_related import article_lists
from nashir.related.models import PinnedRelatedArticle, RelatedArticle
from nashir.wordpress.bulk import TreePositions, count_children, create_pages, new_page

pytestmark = pytest.mark.django_db

# Words of three stories and of the everyday news around them: each article mixes one
# story's words with common ones, so texts overlap in many ways and many weights tie.
STORIES = [
    "المياه محطة الضخ المضخات الصهاريج الشبكة حلب الأحياء الصيانة",
    "الخبز الأفران الطحين المازوت الطوابير الربطة دمشق الأسعار الدعم",
    "الامتحانات الطلاب المدارس الشهادة النتائج الأسئلة الوزارة التصحيح المراقبة",
    "المباراة الفريق الملعب الهدف الدوري المدرب الجمهور البطولة اللاعبين",
]
COMMON = "قال اليوم المدينة السكان المسؤولين الحكومة الأسبوع الماضي العمل القرار الأخبار"

ARTICLES = 170


def _text(rng, words):
    return " ".join(rng.choice(words) for _ in range(rng.randint(4, 18)))


@pytest.fixture
def newsroom(home, monkeypatch):
    """170 articles in three sections: shared tags, tied dates, drafts, unpublished and pins."""
    rng = random.Random(22)
    sections = [make_section(home, f"قسم {i}", f"section-{i}") for i in range(3)]
    tags = [Tag.objects.create(name=f"وسم {i}", slug=f"tag-{i}") for i in range(10)]
    common = COMMON.split()
    start = timezone.now().replace(microsecond=0) - timedelta(days=60)
    # Made as the WordPress import makes them (nashir.wordpress.bulk): add_child() per article
    # would take most of the test's time.
    positions, articles, added = TreePositions(), [], dict.fromkeys(sections, 0)
    for n in range(ARTICLES):
        story = STORIES[rng.randrange(len(STORIES))].split()
        section = rng.choice(sections)
        added[section] += 1
        articles.append(
            new_page(
                ArticlePage,
                section,
                positions,
                slug=f"a-{n}",
                title=_text(rng, story),
                locale_id=section.locale_id,
                summary=_text(rng, story + common),
                body=[("paragraph", f"<p>{_text(rng, story + common)}</p>")],
                section_id=section.pk,
                # Drafts: they carry tags (the newest tag rows) but never enter a list.
                live=n % 17 != 5,
                # Dates from a few days only, so sections' newest and scores tie.
                published_at=start + timedelta(days=rng.randrange(12), hours=rng.choice([0, 6])),
            )
        )
    create_pages(ArticlePage, articles)
    count_children(added)
    ArticlePage.objects.filter(pk=articles[7].pk).update(published_at=None)  # undated
    ArticleTag.objects.bulk_create(
        ArticleTag(tag=tag, content_object_id=article.pk)
        for article in articles
        for tag in rng.sample(tags, rng.choice([0, 1, 2, 2, 3, 4]))
    )
    bulk.rebuild_terms(list(ArticlePage.objects.live().values_list("pk", flat=True)))
    # Unpublished after indexing: their postings and tag rows stay, as between rebuilds.
    Page.objects.filter(pk__in=[a.pk for a in articles[100:106]]).update(live=False)
    pins = [
        (articles[0], [articles[3], articles[0], articles[3], articles[101]]),
        (articles[1], [articles[2]]),
        (articles[50], [articles[49], articles[48]]),
    ]
    for article, pinned in pins:
        for i, other in enumerate(pinned):
            PinnedRelatedArticle.objects.create(article=article, related=other, sort_order=i)
    # The undated article's recency is measured from "now": the same now for both.
    frozen = timezone.now()
    monkeypatch.setattr(engine.timezone, "now", lambda: frozen)
    return articles


def stored():
    return sorted(
        RelatedArticle.objects.values_list("article_id", "related_id", "score", "rank", "pinned")
    )


@pytest.mark.parametrize(
    "limits",
    [
        {},
        {"POSTINGS_PER_TERM": 9, "TEXT_POOL": 6, "TAG_POOL": 4, "SECTION_POOL": 5, "MAX_TAGS": 2},
    ],
    ids=["the engine's limits", "tight limits"],
)
def test_the_bulk_rebuild_stores_the_lists_the_engine_stores(newsroom, monkeypatch, limits):
    """Every list (pins, order, ties, scores to the last bit) is the per-article engine's."""
    for name, value in limits.items():
        monkeypatch.setattr(engine, name, value)
    live = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    for pk in live:
        article_lists(pk)
    expected = stored()
    # Stale rows a rebuild must replace, on a live article and (kept, as the engine keeps
    # them) on an unpublished one.
    RelatedArticle.objects.filter(article_id=live[10]).delete()
    RelatedArticle.objects.create(article_id=live[11], related_id=live[12], score=9, rank=0)
    RelatedArticle.objects.filter(article_id=live[13]).update(score=0.5)

    assert bulk.rebuild_lists(batch=37) == len(live) > 4 * 37
    assert stored() == expected

    lists = {}
    for article_id, related_id, pinned in RelatedArticle.objects.values_list(
        "article_id", "related_id", "pinned"
    ):  # in reading order (the model's ordering)
        lists.setdefault(article_id, []).append((related_id, pinned))
    assert len(lists) > 0.9 * len(live)
    assert lists[newsroom[0].pk][:2] == [(newsroom[3].pk, True), (newsroom[101].pk, True)]
    assert not any(related_id == newsroom[0].pk for related_id, _ in lists[newsroom[0].pk])
    unpublished = {a.pk for a in newsroom[100:106]} | {a.pk for a in newsroom if not a.live}
    assert not any(
        related in unpublished
        for entries in lists.values()
        for related, pinned in entries
        if not pinned
    )


def test_the_limits_are_reached_in_the_generated_set(newsroom):
    """The set is big enough for every cut to choose: more candidates than each pool takes."""
    per_tag = ArticleTag.objects.values("tag_id").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_tag) > engine.TAG_POOL
    per_section = {}
    for section_id in ArticlePage.objects.live().values_list("section_id", flat=True):
        per_section[section_id] = per_section.get(section_id, 0) + 1
    assert min(per_section.values()) > engine.SECTION_POOL
    archive = bulk.Archive().read()
    assert max(len(ids) for ids, _ in archive.postings.values()) == engine.POSTINGS_PER_TERM


def test_the_rebuild_reads_a_few_whole_tables_whatever_the_archive(newsroom):
    """Queries: the whole-table reads, then a delete and an insert per written batch."""
    with CaptureQueriesContext(connection) as queries:
        total = bulk.rebuild_lists(batch=100)
    batches = -(-total // 100)
    assert len(queries) <= 6 + 4 * batches


def test_terms_rebuilt_in_many_small_steps_are_those_of_one_step(newsroom):
    """rebuild_terms writes a batch at a time: the result is the one-batch result, and the
    rows of an article unpublished since the last rebuild are gone."""
    from nashir.related.models import ArticleTerm, IndexedArticle, TermFrequency

    def snapshot():
        return (
            sorted(IndexedArticle.objects.values_list("article_id", "term_counts")),
            sorted(ArticleTerm.objects.values_list("article_id", "term", "weight")),
            sorted(TermFrequency.objects.values_list("term", "df")),
        )

    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    gone = ids[5]
    assert ArticleTerm.objects.filter(article_id=gone).exists()
    Page.objects.filter(pk=gone).update(live=False)
    assert bulk.rebuild_terms(ids, batch=37) == len(ids) - 1 > 3 * 37
    in_steps = snapshot()
    assert gone not in {pk for pk, _ in in_steps[0]} | {pk for pk, _, _ in in_steps[1]}
    for model in (IndexedArticle, ArticleTerm, TermFrequency):
        model.objects.all().delete()
    bulk.rebuild_terms([pk for pk in ids if pk != gone], batch=10_000)
    assert snapshot() == in_steps
